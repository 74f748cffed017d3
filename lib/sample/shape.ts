// The knobs that shape the sample on the study's published figures (lib/report/reference-figures.ts; docs/metrics.md).
// Values were tuned by generating samples and measuring them with the metrics.md definitions; the test in
// test/sample/shape.test.ts measures them again and fails if a change moves a figure out of its tolerance.

export const ROLES = ['physician', 'registered_nurse', 'np_pa', 'other'] as const;
export type Role = (typeof ROLES)[number];
export const SETTINGS = ['primary_care', 'specialty'] as const;
export type CareSetting = (typeof SETTINGS)[number];

/** Thread volume grows by this factor a year (2017 is ~2.7x 2010), smoothly within the year. */
export const YEAR_GROWTH = 1.15;
/** Seasonality by month (Jan..Dec): quieter summers and holidays. */
export const MONTH_WEIGHT = [1.05, 1.0, 1.05, 1.0, 1.0, 0.95, 0.9, 0.95, 1.0, 1.05, 0.97, 0.85];
/** New threads by local day of week (Sun..Sat): weekends lighter. */
export const DOW_WEIGHT = [0.4, 1.15, 1.1, 1.05, 1.05, 0.95, 0.45];

/** Share of threads in primary-care departments (the rest are specialty). */
export const PRIMARY_CARE_SHARE = 0.46;

/**
 * Which role writes a clinician message, by the thread department's care setting, in the first and last study
 * year (linear in between). The shifts make physician/primary_care, registered_nurse/specialty and
 * physician/specialty carry most of the growth.
 */
export const ROLE_WEIGHT: Record<CareSetting, { first: number[]; last: number[] }> = {
  primary_care: { first: [0.46, 0.24, 0.2, 0.1], last: [0.55, 0.19, 0.19, 0.07] },
  specialty: { first: [0.44, 0.3, 0.08, 0.18], last: [0.41, 0.38, 0.07, 0.14] },
};

/**
 * Share of the roster in each role, by care setting (fractions of the whole roster). np_pa in primary care is
 * small against its volume, so it carries the heaviest per-clinician load, then physician / primary care.
 */
export const ROSTER_SHARE: Record<CareSetting, number[]> = {
  primary_care: [0.12, 0.1, 0.035, 0.06],
  specialty: [0.24, 0.22, 0.05, 0.17],
};

/** Share of clinician messages written by ids missing from the roster (locums, float pool). */
export const UNKNOWN_CLINICIAN_SHARE = 0.012;
/** A clinician turn is written by the thread's primary clinician this often, else by another one. */
export const PRIMARY_CLINICIAN_SHARE = 0.7;
/** A clinician is picked from the thread's own department this often (when it has one of that role). */
export const OWN_DEPARTMENT_SHARE = 0.85;

/** Local-hour weights (0..23) of clinician messages by role: physicians 7% 17:00-19:00, np_pa 5.4%. */
export const CLINICIAN_HOURS: Record<Role | 'unknown', number[]> = {
  physician: [0.1, 0.05, 0.03, 0.03, 0.05, 0.3, 1.5, 5, 9, 9.5, 9.5, 8.5, 7, 8.5, 9, 8.5, 7.5, 4.4, 2.5, 1.6, 1.5, 1.3, 0.8, 0.3],
  np_pa: [0.05, 0.03, 0.02, 0.02, 0.03, 0.2, 1.2, 5.5, 9.5, 10, 10, 9, 7.5, 9, 9.5, 9, 7.5, 3.2, 1.75, 1.2, 1.0, 0.8, 0.5, 0.2],
  registered_nurse: [0.1, 0.05, 0.05, 0.05, 0.05, 0.2, 1.0, 6, 10, 10, 10, 9, 8, 9.5, 10, 9.5, 8, 2.5, 1.0, 0.6, 0.5, 0.4, 0.3, 0.2],
  other: [0.02, 0.02, 0.02, 0.02, 0.02, 0.1, 0.6, 6, 10, 10, 10, 9, 8, 10, 10, 9.5, 8, 1.5, 0.6, 0.3, 0.2, 0.1, 0.05, 0.02],
  unknown: [0.1, 0.05, 0.05, 0.05, 0.05, 0.2, 1.0, 6, 10, 10, 10, 9, 8, 9.5, 10, 9.5, 8, 2.5, 1.0, 0.6, 0.5, 0.4, 0.3, 0.2],
};

/** Local-hour weights of patient-side messages: all day, with a morning and an evening peak. */
export const PATIENT_HOURS = [0.6, 0.3, 0.2, 0.15, 0.2, 0.5, 1.5, 3.5, 6, 7, 7, 6.5, 6.5, 6.5, 6.5, 6, 5.5, 5, 5, 5.5, 6, 5, 3.5, 1.8];

/** Rounds of a thread (1..8): 95% at most 4. */
export const ROUNDS_WEIGHT = [0.4, 0.31, 0.155, 0.085, 0.028, 0.013, 0.006, 0.003];

/** Threads started by a clinician (results, outreach), on weekdays / weekends. */
export const CLINICIAN_START = { weekday: 0.16, weekend: 0.04 };

/** Messages in one patient turn: bursts of several before a reply. */
export const PATIENT_TURN_SIZE = [0.8, 0.14, 0.045, 0.01, 0.005];
/** Messages in one clinician turn (e.g. a nurse triages, then the physician answers). */
export const CLINICIAN_TURN_SIZE = [0.75, 0.2, 0.05];

/**
 * Days from a patient message to the clinician reply (0 = same day if any working time is left that day,
 * else the next). Tuned so ~72% of answered patient messages are replied within 24 h and ~91% within 72 h.
 */
export const REPLY_DAYS = [0.825, 0.05, 0.04, 0.02, 0.018, 0.014, 0.01, 0.008, 0.005, 0.004, 0.003, 0.002, 0.002, 0.001, 0.001];
/** A reply that lands on a weekend stays there this often; otherwise it waits for Monday. */
export const CLINICIAN_WEEKEND_STAY = 0.5;
/** Days from a clinician message to the patient's next message in the thread. */
export const PATIENT_REPLY_DAYS = [0.4, 0.25, 0.12, 0.07, 0.04, 0.03, 0.02, 0.02, 0.01, 0.01, 0.01, 0.01, 0.005, 0.005];
export const PATIENT_WEEKEND_STAY = 0.6;
/** A patient returns to an old thread weeks or months later (threads that span months and years). */
export const LONG_GAP = { chance: 0.006, minDays: 20, maxDays: 240 };

/** Sender of a patient-side message: patients with a proxy (1 in 10) have it write half their messages. */
export const PROXY = { patientEvery: 10, share: 0.5 };
/** System messages: an automatic acknowledgement after a thread's first patient message, reminders. */
export const SYSTEM = { ackChance: 0.07, reminderChance: 0.1, namedSenderShare: 0.5 };

/** Timestamp spellings: with Z, with an offset, wall clock. Sub-second precision on some messages. */
export const SPELLING = { z: 0.6, offset: 0.2, plusZeroOfOffset: 0.05, millisecondsShare: 0.2 };
/** Valid rows whose sender_type is written in another case, and CSV rows with every field quoted. */
export const ENUM_CASE_SHARE = 0.004;
export const QUOTED_ROW_SHARE = 0.003;
