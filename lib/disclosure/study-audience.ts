// The study page's view of the registry (study-measures.ts) for one audience (metrics.md, "Disclosure
// control"): every count the page prints is a registry measure, planned with the groups it adds up to, and
// read back here as display cells by the page's names (M). lib/report only arranges them.
import type { CountCell, NumberCell, RateCell } from './cell-types.ts';
import type { Proportion, RoleKey, StudyResult, StudyThreads } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { planSuppression } from './plan.ts';
import { policyFor, type DisclosurePolicy } from './policy.ts';
import { collect, memberId, SectionCells } from './registry.ts';
import { STUDY_MEASURES, yearKey } from './study-measures.ts';

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

/**
 * The study page's names for the registry's ids (study-measures.ts), so the tables read one vocabulary:
 * `M.resp(2016, 'w1')` is the year's count replied within 1 day, `M.resp('all', 'w1')` the range's.
 */
export const M = {
  patient: (y: number | 'range') => (y === 'range' ? 'range:patient' : memberId('y.patient', y)),
  clinician: (y: number | 'range') => (y === 'range' ? 'range:clinician' : memberId('y.clinician', y)),
  category: (y: number, k: string) => memberId('y.cat', yearKey(y, k)),
  activePatients: (y: number) => memberId('y.patients', y),
  activeClinicians: (y: number) => memberId('y.clin', y),
  activeByCategory: (y: number, k: string) => memberId('y.clincat', yearKey(y, k)),
  resp: (s: StudyScope, f: 'answered' | 'w1' | 'w3' | 'unanswered' | 'pending' | 'followed') => {
    const k = f === 'answered' ? 'N' : f === 'followed' ? 'complete' : f;
    return s === 'all' ? `resp:${k}` : memberId(`yr.${k}`, s);
  },
  replyCategory: (k: string, f: 'answered' | 'w1' | 'w3') => memberId(`rc.${f === 'answered' ? 'N' : f}`, k),
  delay: (i: number) => memberId('delay', i),
  business: (f: 'answered' | 'w1' | 'w3') => `bh:${f === 'answered' ? 'N' : f}`,
  threads: (
    s: StudyScope,
    f: 'N' | 'le4' | `r${(typeof ROUND_KEYS)[number]}` | 'patient:N' | 'patient:n' | 'clinician:N' | 'clinician:n',
  ) => {
    if (f.startsWith('r')) return s === 'all' ? memberId('th.round', f.slice(1)) : memberId('yt.round', yearKey(s, f.slice(1)));
    const k = f.replace('patient:', 'p.').replace('clinician:', 'c.');
    return s === 'all' ? `th:${k.replace('.', ':')}` : memberId(`yt.${k}`, s);
  },
  tod: (by: 'role' | 'cat', k: string, f: 'N' | WindowKey | `h${number}`) => {
    if (by === 'role' && k === 'all') return `tod:all:${f}`;
    const fam = by === 'role' ? 'tod' : 'todc';
    return f.startsWith('h') && f !== 'N' ? memberId(`${fam}.hour`, `${k}@${f.slice(1)}`) : memberId(`${fam}.${f}`, k);
  },
  load: (f: 'read' | 'accepted' | 'duplicates' | 'quarantined') => `load:${f}`,
  reason: (r: string) => memberId('load.reason', r),
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
  return ((study.time_of_day as { by_category?: Record<string, StudyResult['time_of_day']['by_role'][RoleKey]> }).by_category ??
    {}) as Record<string, StudyResult['time_of_day']['by_role'][RoleKey]>;
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

/**
 * The study's cells for `audience` under its rule (settings.disclosure.audiences): `organisation` hides
 * counts of distinct patients from 1 to 10, `public` every count from 1 to 10, each with complementary
 * suppression over the registry's groups.
 */
export function discloseStudyFor(study: StudyResult, settings: Settings, audience: StudyAudience): DisclosedStudyCells {
  const policy = policyFor(settings, audience);
  const collected = collect(STUDY_MEASURES, study, settings);
  const values = new Map([...collected.cells].map(([id, x]) => [id, x.value] as [string, number]));
  const kinds = new Map([...collected.cells].map(([id, x]) => [id, x.counts] as const));
  const plan = planSuppression({ values, kinds, groups: collected.groups, policy });
  const cells = new SectionCells(collected, plan, policy);
  return {
    audience,
    policy,
    has: (id) => cells.has(id),
    count: (id) => cells.count(id),
    rate: (n, N) => cells.rate(n, N),
    number: (value, unit, restsOn) => cells.number(value, unit, restsOn),
    anyHidden: plan.size > 0,
  };
}
