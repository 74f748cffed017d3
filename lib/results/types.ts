// The JSON results every run writes (docs/results.md). The stable core is the spec's; fields
// marked "extension" are this project's additions beside it (allowed by the spec, documented in
// docs/results.md). Counts are exact here: disclosure control applies only to what leaves the team.

/** A proportion: the rate is n/N, computed by the consumer. */
export interface Proportion {
  n: number;
  N: number;
}

/** `role/care_setting`, e.g. `physician/primary_care`. */
export type CategoryKey = string;
export type RoleKey = 'physician' | 'registered_nurse' | 'np_pa' | 'other' | 'unknown';

export interface Distribution {
  mean: number;
  median: number;
  p90: number;
}

export interface MessageCounts {
  patient_side: number;
  clinician_side: number;
  by_category: Record<CategoryKey, number>;
}

export interface LoadTotals {
  rows_read: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  /** extension (study): quarantined message rows by reason, summed over the loads' records. */
  quarantined_by_reason?: Record<string, number>;
}

export interface LakeTotals {
  messages: number;
  /** extension: how many loads the lake holds. */
  loads?: number;
  /** extension: "sha256:<hex>" of the loads (ids and counts) and the message count: equal on the same data. */
  fingerprint?: string;
}

export interface StudyYear {
  year: number;
  messages: MessageCounts;
  active_patients: number;
  active_clinicians: { total: number; by_category: Record<CategoryKey, number> };
  per_patient: Distribution;
  per_clinician: Record<CategoryKey, Distribution>;
  /** extension: the response figures of the patient messages sent in this year (within the range). */
  response: YearResponse;
  /** extension: the threads started in this year (within the range). */
  threads: StudyThreads;
}

export interface RoleTimeOfDay {
  hours: number[]; // 24 counts, local hour 0..23
  working: Proportion;
  evening: Proportion;
  night: Proportion;
  weekend: Proportion;
}

/**
 * The shares "of all patient messages" (metrics.md): N = answered + unanswered, pending in neither. A
 * department cannot look better by leaving messages unanswered.
 */
export interface OfAllShares {
  /** answered / (answered + unanswered). */
  reply_rate: Proportion;
  /** Replied within 1 day, of answered + unanswered. */
  within_1d_of_all: Proportion;
  /** Replied within 3 days, of answered + unanswered. */
  within_3d_of_all: Proportion;
}

export interface StudyResponse extends OfAllShares {
  within_1d: Proportion;
  within_3d: Proportion;
  unanswered: number;
  pending: number;
  median_hours: number | null;
  p90_hours: number | null;
  by_category: Record<CategoryKey, { within_1d: Proportion; within_3d: Proportion }>;
  /** extension: answered patient messages by delay bucket, for the reply-time chart. */
  delay_histogram?: DelayBucket[];
  /** extension: the same headline counted in business hours, when settings.business_hours.study is on. */
  business_hours?: BusinessHoursResponse;
}

export interface DelayBucket {
  /** Human label, e.g. "1-4 h". */
  label: string;
  /** Lower bound in hours (inclusive) and upper bound (exclusive; null = open). */
  from_hours: number;
  to_hours: number | null;
  count: number;
}

export interface BusinessHoursResponse {
  /** Of answered patient messages (N = answered), as the calendar within_1d. */
  within_1d: Proportion;
  within_3d: Proportion;
  /** The same counts of all patient messages (N = answered + unanswered), as the calendar within_1d_of_all. */
  within_1d_of_all: Proportion;
  within_3d_of_all: Proportion;
  median_hours: number | null;
}

/** extension: one year's response figures in study.json (years[].response). */
export interface YearResponse extends OfAllShares {
  within_1d: Proportion;
  within_3d: Proportion;
  unanswered: number;
  pending: number;
  median_hours: number | null;
  p90_hours: number | null;
  /** The business-hours variant, when settings.business_hours.study is on. */
  business_hours?: BusinessHoursResponse;
}

export type RoundsKey = '1' | '2' | '3' | '4' | '5+';

export interface StudyThreads {
  le4_rounds: Proportion;
  rounds: Record<RoundsKey, number>;
  by_starter: { patient: { le4_rounds: Proportion }; clinician: { le4_rounds: Proportion } };
}

/** extension: which categories carried the change in volume between the first and last year. */
export interface Growth {
  from_year: number;
  to_year: number;
  total_change: number;
  by_category: Record<CategoryKey, { from: number; to: number; change: number; share_of_change: Proportion }>;
}

export interface ResultMeta {
  schema_version: 1;
  timezone: string;
  data_cutoff: string;
  settings: Record<string, unknown>;
  /** extension: engine name and whether its percentiles are exact. */
  engine?: { name: string; percentiles: 'exact' | 'approximate' };
  /** extension: when the file was produced. */
  generated_at?: string;
  /** extension: the portal-pulse version that produced the file (package.json). */
  portal_pulse_version?: string;
}

export interface StudyResult extends ResultMeta {
  kind: 'study';
  from: string; // YYYY-MM
  to: string; // YYYY-MM
  years: StudyYear[];
  time_of_day: {
    by_role: Partial<Record<RoleKey, RoleTimeOfDay>>;
    /** extension: the same by clinician category (role/care_setting). */
    by_category: Record<CategoryKey, RoleTimeOfDay>;
  };
  response: StudyResponse;
  threads: StudyThreads;
  load: LoadTotals;
  /** Distinct messages in the lake when the file was made, system messages included, whatever the cut-off. */
  lake: LakeTotals;
  growth?: Growth;
}

export interface MonthlySection {
  messages: MessageCounts;
  active_patients: number;
  active_clinicians: { total: number; by_category: Record<CategoryKey, number> };
  after_hours: { evening: Proportion; night: Proportion; weekend: Proportion };
  response: OfAllShares & {
    within_1d: Proportion;
    within_3d: Proportion;
    unanswered: number;
    pending: number;
    median_hours: number | null;
    /** extension: business-hours variant when settings.business_hours.monthly is on. */
    business_hours?: BusinessHoursResponse;
  };
  threads: { le4_rounds: Proportion };
  /** extension: clinician-side messages by local hour 0..23, for the hour-of-day chart. */
  clinician_hours?: number[];
}

/** extension: a department section also carries its name and care setting, for the email. */
export interface DepartmentSection extends MonthlySection {
  name?: string;
  care_setting?: string;
}

/** extension: one month's headline figures, for trend charts. */
export interface TrendPoint {
  month: string;
  patient_side: number;
  clinician_side: number;
  within_1d: Proportion;
  within_3d: Proportion;
  median_hours: number | null;
  reply_rate: Proportion;
  within_1d_of_all: Proportion;
  within_3d_of_all: Proportion;
  unanswered: number;
  pending: number;
  /** The business-hours variant, when settings.business_hours.monthly is on. */
  business_hours?: BusinessHoursResponse;
}

/** extension: what a month is compared against. */
export interface MonthlyComparison {
  month: string;
  organisation: MonthlySection;
  departments: Record<string, MonthlySection>;
}

export interface MonthlyResult extends ResultMeta {
  kind: 'monthly';
  month: string; // YYYY-MM
  /**
   * True when the data cut-off is less than reply.follow_up_hours (72 h) after the month's last local
   * instant: some of its patient messages may still be answered, so its figures are not final.
   */
  preliminary: boolean;
  /** extension: the earliest cut-off at which the month is complete (its last instant + follow_up_hours). */
  complete_at: string;
  /** Distinct messages in the lake when the file was made, system messages included. */
  lake: LakeTotals;
  organisation: MonthlySection;
  departments: Record<string, DepartmentSection>;
  previous_month?: MonthlyComparison;
  same_month_last_year?: MonthlyComparison;
  /** The trailing 12 months ending with `month`, oldest first. */
  trend?: { organisation: TrendPoint[]; departments: Record<string, TrendPoint[]> };
}
