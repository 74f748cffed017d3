// Disclosure of a study result for one audience (metrics.md, "Disclosure control"): every count the study
// page can print, named once, with the additive groups a reader could use to work a hidden one out.
//   organisation (the hosted page): only counts of distinct patients from 1 to 10 are hidden;
//   public (`study --release`): every count from 1 to 10 is hidden, with complementary suppression over
//   every group below (years add up to the range, categories to roles, hours to windows, parts to totals).
// The display cells come from here; lib/report only arranges them. This is the study's part of what the
// registry of measures by audience will hold: its ids and groups are written to move there as they are.
import type { CountCell, NumberCell, RateCell } from '../report/model-types.ts';
import type { Proportion, RoleKey, StudyResult, StudyThreads } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { countCell, missingCount, numberCell, rateCell } from './cells.ts';
import { planSuppression, type AdditiveGroup, type SuppressionPlan } from './plan.ts';
import { policyFromSettings, type DisclosurePolicy } from './policy.ts';
import { hoursOfWindow } from './windows.ts';

export type StudyAudience = 'organisation' | 'public';

/** A scope of the response and thread figures: the whole range, or one year. */
export type StudyScope = 'all' | number;

/** The response figures of one scope, as study.json holds them (by year: the contract's `years[].response`). */
export interface ScopeResponse {
  within_1d: Proportion;
  within_3d: Proportion;
  unanswered: number;
  pending: number;
  median_hours: number | null;
  p90_hours: number | null;
  reply_rate?: Proportion;
  within_1d_of_all?: Proportion;
  within_3d_of_all?: Proportion;
}

export const ROUND_KEYS = ['1', '2', '3', '4', '5+'] as const;
export const WINDOW_KEYS = ['working', 'evening', 'night', 'weekend'] as const;
export type WindowKey = (typeof WINDOW_KEYS)[number];

/** The measure ids, built in one place so the plan and the tables cannot disagree on a name. */
export const M = {
  patient: (y: number | 'range') => `y${y}:patient`,
  clinician: (y: number | 'range') => `y${y}:clinician`,
  category: (y: number, k: string) => `y${y}:cat:${k}`,
  activePatients: (y: number) => `y${y}:patients`,
  activeClinicians: (y: number) => `y${y}:clin`,
  activeByCategory: (y: number, k: string) => `y${y}:clin:${k}`,
  resp: (s: StudyScope, f: 'answered' | 'w1' | 'w3' | 'unanswered' | 'pending' | 'followed') => `resp:${s}:${f}`,
  replyCategory: (k: string, f: 'answered' | 'w1' | 'w3') => `rc:${k}:${f}`,
  delay: (i: number) => `delay:${i}`,
  business: (f: 'answered' | 'w1' | 'w3') => `bh:${f}`,
  threads: (s: StudyScope, f: 'N' | 'le4' | `r${(typeof ROUND_KEYS)[number]}` | 'patient:N' | 'patient:n' | 'clinician:N' | 'clinician:n') => `th:${s}:${f}`,
  tod: (by: 'role' | 'cat', k: string, f: 'N' | WindowKey | `h${number}`) => `tod:${by}:${k}:${f}`,
  load: (f: 'read' | 'accepted' | 'duplicates' | 'quarantined') => `load:${f}`,
  reason: (r: string) => `load:reason:${r}`,
} as const;

/** The by-year response figures, where the result carries them. */
export function yearResponse(study: StudyResult, year: number): ScopeResponse | undefined {
  return (study.years.find((y) => y.year === year) as { response?: ScopeResponse } | undefined)?.response;
}

/** The by-year thread figures, where the result carries them. */
export function yearThreads(study: StudyResult, year: number): StudyThreads | undefined {
  return (study.years.find((y) => y.year === year) as { threads?: StudyThreads } | undefined)?.threads;
}

/** Time of day by clinician category (role/care_setting), where the result carries it. */
export function timeOfDayByCategory(study: StudyResult): Record<string, StudyResult['time_of_day']['by_role'][RoleKey]> {
  return ((study.time_of_day as { by_category?: Record<string, StudyResult['time_of_day']['by_role'][RoleKey]> }).by_category ?? {}) as Record<
    string,
    StudyResult['time_of_day']['by_role'][RoleKey]
  >;
}

/** Answered + unanswered: the N of the reply rate and of the shares "of all patient messages". */
export function followedUp(r: ScopeResponse): number {
  return r.reply_rate?.N ?? r.within_1d.N + r.unanswered;
}

export interface DisclosedStudyCells {
  audience: StudyAudience;
  /** The threshold: counts from 1 to maxSmallCount are small (which counts depends on the audience). */
  policy: DisclosurePolicy;
  /** Whether the result holds this measure. */
  has(id: string): boolean;
  /** The disclosed count; "n/a" when the result does not hold it. */
  count(id: string): CountCell;
  /** `x% (n/N)` of two measures, hidden when either is. */
  rate(n: string, N: string): RateCell;
  /** A statistic resting on counts (a median delay, a mean per clinician): hidden when one of them is. */
  number(value: number | null | undefined, unit: NumberCell['unit'], restsOn: string[]): NumberCell;
  /** Whether any cell of the plan is hidden. */
  anyHidden: boolean;
}

interface Registry {
  values: Map<string, number>;
  groups: AdditiveGroup[];
  /** Counts of distinct patients: hidden when small in every audience outside the team. */
  patients: Set<string>;
}

function register(study: StudyResult, settings: Settings): Registry {
  const values = new Map<string, number>();
  const groups: AdditiveGroup[] = [];
  const patients = new Set<string>();
  const set = (id: string, v: number | undefined): void => void (v !== undefined && values.set(id, v));
  const sum = (total: string, parts: string[]): void => void groups.push({ total, parts });

  // Volumes and senders by year; the range's totals (not printed, but anyone can add up the years).
  const years = study.years.map((y) => y.year);
  for (const y of study.years) {
    set(M.patient(y.year), y.messages.patient_side);
    set(M.clinician(y.year), y.messages.clinician_side);
    for (const [k, c] of Object.entries(y.messages.by_category)) set(M.category(y.year, k), c);
    sum(M.clinician(y.year), Object.keys(y.messages.by_category).map((k) => M.category(y.year, k)));
    set(M.activePatients(y.year), y.active_patients);
    patients.add(M.activePatients(y.year));
    set(M.activeClinicians(y.year), y.active_clinicians.total);
    for (const [k, c] of Object.entries(y.active_clinicians.by_category)) set(M.activeByCategory(y.year, k), c);
    sum(M.activeClinicians(y.year), Object.keys(y.active_clinicians.by_category).map((k) => M.activeByCategory(y.year, k)));
  }
  set(M.patient('range'), study.years.reduce((a, y) => a + y.messages.patient_side, 0));
  set(M.clinician('range'), study.years.reduce((a, y) => a + y.messages.clinician_side, 0));
  sum(M.patient('range'), years.map((y) => M.patient(y)));
  sum(M.clinician('range'), years.map((y) => M.clinician(y)));
  // Each category's messages over the range add up from the years too.
  const allCats = [...new Set(study.years.flatMap((y) => Object.keys(y.messages.by_category)))];
  for (const k of allCats) {
    set(`range:cat:${k}`, study.years.reduce((a, y) => a + (y.messages.by_category[k] ?? 0), 0));
    sum(`range:cat:${k}`, years.map((y) => M.category(y, k)));
  }

  // Response: the range, and each year (answered + unanswered + pending = the scope's patient messages).
  const response = (s: StudyScope, r: ScopeResponse | undefined): void => {
    if (!r) return;
    set(M.resp(s, 'answered'), r.within_1d.N);
    set(M.resp(s, 'w1'), r.within_1d.n);
    set(M.resp(s, 'w3'), r.within_3d.n);
    set(M.resp(s, 'unanswered'), r.unanswered);
    set(M.resp(s, 'pending'), r.pending);
    set(M.resp(s, 'followed'), followedUp(r));
    sum(s === 'all' ? M.patient('range') : M.patient(s), [M.resp(s, 'answered'), M.resp(s, 'unanswered'), M.resp(s, 'pending')]);
    sum(M.resp(s, 'followed'), [M.resp(s, 'answered'), M.resp(s, 'unanswered')]);
  };
  response('all', study.response);
  const byYear = years.map((y) => yearResponse(study, y));
  byYear.forEach((r, i) => response(years[i]!, r));
  if (byYear.every(Boolean) && years.length) {
    for (const f of ['answered', 'w1', 'w3', 'unanswered', 'pending', 'followed'] as const) sum(M.resp('all', f), years.map((y) => M.resp(y, f)));
  }
  const rc = Object.keys(study.response.by_category);
  for (const k of rc) {
    const c = study.response.by_category[k]!;
    set(M.replyCategory(k, 'answered'), c.within_1d.N);
    set(M.replyCategory(k, 'w1'), c.within_1d.n);
    set(M.replyCategory(k, 'w3'), c.within_3d.n);
  }
  if (rc.length) for (const f of ['answered', 'w1', 'w3'] as const) sum(M.resp('all', f), rc.map((k) => M.replyCategory(k, f)));
  const hist = study.response.delay_histogram;
  if (hist) {
    hist.forEach((b, i) => set(M.delay(i), b.count));
    sum(M.resp('all', 'answered'), hist.map((_, i) => M.delay(i)));
  }
  const bh = study.response.business_hours;
  if (bh) {
    set(M.business('answered'), bh.within_1d.N);
    set(M.business('w1'), bh.within_1d.n);
    set(M.business('w3'), bh.within_3d.n);
    sum(M.resp('all', 'answered'), [M.business('answered')]);
  }

  // Threads: the range and each year; rounds add up to threads, starters too.
  const threads = (s: StudyScope, t: StudyThreads | undefined): void => {
    if (!t) return;
    set(M.threads(s, 'N'), t.le4_rounds.N);
    set(M.threads(s, 'le4'), t.le4_rounds.n);
    for (const k of ROUND_KEYS) set(M.threads(s, `r${k}`), t.rounds[k] ?? 0);
    set(M.threads(s, 'patient:N'), t.by_starter.patient.le4_rounds.N);
    set(M.threads(s, 'patient:n'), t.by_starter.patient.le4_rounds.n);
    set(M.threads(s, 'clinician:N'), t.by_starter.clinician.le4_rounds.N);
    set(M.threads(s, 'clinician:n'), t.by_starter.clinician.le4_rounds.n);
    sum(M.threads(s, 'N'), ROUND_KEYS.map((k) => M.threads(s, `r${k}`)));
    sum(M.threads(s, 'le4'), ['1', '2', '3', '4'].map((k) => M.threads(s, `r${k}` as `r${(typeof ROUND_KEYS)[number]}`)));
    sum(M.threads(s, 'N'), [M.threads(s, 'le4'), M.threads(s, 'r5+')]);
    sum(M.threads(s, 'N'), [M.threads(s, 'patient:N'), M.threads(s, 'clinician:N')]);
    sum(M.threads(s, 'le4'), [M.threads(s, 'patient:n'), M.threads(s, 'clinician:n')]);
  };
  threads('all', study.threads);
  const threadYears = years.map((y) => yearThreads(study, y));
  threadYears.forEach((t, i) => threads(years[i]!, t));
  if (threadYears.every(Boolean) && years.length) {
    const fields = ['N', 'le4', ...ROUND_KEYS.map((k) => `r${k}` as const), 'patient:N', 'patient:n', 'clinician:N', 'clinician:n'] as const;
    for (const f of fields) sum(M.threads('all', f), years.map((y) => M.threads(y, f)));
  }

  // Time of day, by role and by category: hours add up to messages, windows to their hours; a role's
  // hours add up from its categories', and every role's messages to the range's clinician messages.
  const tod = (by: 'role' | 'cat', k: string, d: StudyResult['time_of_day']['by_role'][RoleKey]): void => {
    if (!d) return;
    set(M.tod(by, k, 'N'), d.working.N);
    d.hours.forEach((c, h) => set(M.tod(by, k, `h${h}`), c));
    for (const w of WINDOW_KEYS) set(M.tod(by, k, w), d[w].n);
    sum(M.tod(by, k, 'N'), d.hours.map((_, h) => M.tod(by, k, `h${h}`)));
    sum(M.tod(by, k, 'N'), [M.tod(by, k, 'working'), M.tod(by, k, 'evening'), M.tod(by, k, 'night')]);
    for (const w of ['working', 'evening', 'night'] as const) {
      const hs = hoursOfWindow(settings.windows[w]);
      if (hs) sum(M.tod(by, k, w), hs.map((h) => M.tod(by, k, `h${h}`)));
    }
  };
  const roles = Object.keys(study.time_of_day.by_role) as RoleKey[];
  for (const r of roles) tod('role', r, study.time_of_day.by_role[r]);
  if (roles.length) {
    sum(M.clinician('range'), roles.map((r) => M.tod('role', r, 'N')));
    // Every role together (the headline "most clinician messages are sent in the working window").
    set(M.tod('role', 'all', 'N'), roles.reduce((a, r) => a + study.time_of_day.by_role[r]!.working.N, 0));
    sum(M.tod('role', 'all', 'N'), roles.map((r) => M.tod('role', r, 'N')));
    for (const w of WINDOW_KEYS) {
      set(M.tod('role', 'all', w), roles.reduce((a, r) => a + study.time_of_day.by_role[r]![w].n, 0));
      sum(M.tod('role', 'all', w), roles.map((r) => M.tod('role', r, w)));
    }
  }
  const cats = timeOfDayByCategory(study);
  for (const [k, d] of Object.entries(cats)) tod('cat', k, d);
  for (const r of roles) {
    const mine = Object.keys(cats).filter((k) => k.split('/')[0] === r);
    if (!mine.length) continue;
    for (const f of ['N', 'working', 'evening', 'night', 'weekend', ...Array.from({ length: 24 }, (_, h) => `h${h}` as const)] as const) {
      sum(M.tod('role', r, f), mine.map((k) => M.tod('cat', k, f)));
    }
  }
  for (const k of Object.keys(cats)) if (values.has(`range:cat:${k}`)) sum(`range:cat:${k}`, [M.tod('cat', k, 'N')]);

  // Data quality: rows read = accepted + duplicates + quarantined; quarantined = its reasons.
  const l = study.load;
  set(M.load('read'), l.rows_read);
  set(M.load('accepted'), l.accepted);
  set(M.load('duplicates'), l.duplicates);
  set(M.load('quarantined'), l.quarantined);
  sum(M.load('read'), [M.load('accepted'), M.load('duplicates'), M.load('quarantined')]);
  const reasons = Object.keys(l.quarantined_by_reason ?? {});
  for (const r of reasons) set(M.reason(r), l.quarantined_by_reason![r]);
  if (reasons.length) sum(M.load('quarantined'), reasons.map(M.reason));

  return { values, groups, patients };
}

/** Never small: for counts an audience sees exactly. */
const EXACT: DisclosurePolicy = { maxSmallCount: 0 };

export function discloseStudyFor(study: StudyResult, settings: Settings, audience: StudyAudience): DisclosedStudyCells {
  const policy = policyFromSettings(settings);
  const reg = register(study, settings);
  let plan: SuppressionPlan;
  if (audience === 'public') {
    plan = planSuppression({ values: reg.values, groups: reg.groups, policy });
  } else {
    // Organisation: only distinct patients are protected; no patient count adds up with a shown one.
    const onlyPatients = new Map([...reg.values].filter(([id]) => reg.patients.has(id)));
    plan = planSuppression({ values: onlyPatients, groups: [], policy });
  }
  const count = (id: string): CountCell => {
    const v = reg.values.get(id);
    if (v === undefined) return missingCount();
    const applies = audience === 'public' || reg.patients.has(id);
    return countCell(v, applies ? policy : EXACT, plan.get(id) ?? null);
  };
  return {
    audience,
    policy,
    has: (id) => reg.values.has(id),
    count,
    rate: (n, N) => rateCell(count(n), count(N)),
    number: (value, unit, restsOn) => numberCell(value ?? null, unit, restsOn.map(count)),
    anyHidden: plan.size > 0,
  };
}
