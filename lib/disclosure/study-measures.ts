// The registry of a study result: every count the study page can show and the totals it adds up to.
// Years add up to the range; categories to clinician messages and clinicians; answered + unanswered to the
// messages whose follow-up is complete, and those + pending to the range's patient messages; categories of
// the replying clinician and delay buckets to answered messages; rounds to threads (rounds 1-4 to the
// at-most-4 count); starters to threads; each role's hours to its messages and its windows; load parts to
// rows read.
import type { RoleKey, StudyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import type { Measure, PartOf } from './registry.ts';
import { memberId } from './registry.ts';
import { hoursOfWindow } from './windows.ts';

export const ROUNDS = ['1', '2', '3', '4', '5+'] as const;
const WINDOWS = ['working', 'evening', 'night', 'weekend'] as const;

/** A year-and-category key ("2016@physician/primary_care"). */
export const yearKey = (year: number, category: string): string => `${year}@${category}`;

const byYear = (st: StudyResult, f: (y: StudyResult['years'][number]) => number): Record<string, number> => Object.fromEntries(st.years.map((y) => [String(y.year), f(y)]));
const byYearCategory = (st: StudyResult, f: (y: StudyResult['years'][number]) => Record<string, number>): Record<string, number> =>
  Object.fromEntries(st.years.flatMap((y) => Object.entries(f(y)).map(([k, v]) => [yearKey(y.year, k), v])));
const ofYear = (key: string): string => key.slice(0, key.indexOf('@'));
const roles = (st: StudyResult): RoleKey[] => Object.keys(st.time_of_day.by_role) as RoleKey[];
const byRole = (st: StudyResult, f: (r: NonNullable<StudyResult['time_of_day']['by_role'][RoleKey]>) => number): Record<string, number> =>
  Object.fromEntries(roles(st).map((r) => [r, f(st.time_of_day.by_role[r]!)]));
const to = (total: string, as: string): PartOf[] => [{ total, as }];
const same = (total: string) => (): PartOf[] => to(total, 'same');

function hourParts(key: string, settings: Settings): PartOf[] {
  const [role = '', h] = key.split('@');
  const out = to(memberId('tod.N', role), 'hour');
  for (const w of ['working', 'evening', 'night'] as const) if (hoursOfWindow(settings.windows[w])?.includes(Number(h))) out.push({ total: memberId(`tod.${w}`, role), as: 'hour' });
  return out;
}

export const STUDY_MEASURES: readonly Measure<StudyResult>[] = [
  { kind: 'family', id: 'y.patient', counts: 'messages', additive: false, read: (st) => byYear(st, (y) => y.messages.patient_side), partOf: () => to('range:patient', 'year') },
  { kind: 'family', id: 'y.clinician', counts: 'messages', additive: false, read: (st) => byYear(st, (y) => y.messages.clinician_side) },
  { kind: 'family', id: 'y.patients', counts: 'patients', additive: false, read: (st) => byYear(st, (y) => y.active_patients) },
  { kind: 'family', id: 'y.clin', counts: 'clinicians', additive: false, read: (st) => byYear(st, (y) => y.active_clinicians.total) },
  { kind: 'family', id: 'y.cat', counts: 'messages', additive: false, read: (st) => byYearCategory(st, (y) => y.messages.by_category), partOf: (k) => to(memberId('y.clinician', ofYear(k)), 'category') },
  { kind: 'family', id: 'y.clincat', counts: 'clinicians', additive: false, read: (st) => byYearCategory(st, (y) => y.active_clinicians.by_category), partOf: (k) => to(memberId('y.clin', ofYear(k)), 'category') },
  // Patient messages of the whole range: not printed, but anyone can add up the years.
  { kind: 'count', id: 'range:patient', counts: 'messages', additive: false, read: (st) => st.years.reduce((a, y) => a + y.messages.patient_side, 0) },
  { kind: 'count', id: 'resp:complete', counts: 'messages', additive: false, read: (st) => st.response.reply_rate.N, partOf: () => to('range:patient', 'outcome') },
  { kind: 'count', id: 'resp:N', counts: 'messages', additive: false, read: (st) => st.response.within_1d.N, partOf: () => to('resp:complete', 'outcome') },
  { kind: 'count', id: 'resp:unanswered', counts: 'messages', additive: false, read: (st) => st.response.unanswered, partOf: () => to('resp:complete', 'outcome') },
  { kind: 'count', id: 'resp:pending', counts: 'messages', additive: false, read: (st) => st.response.pending, partOf: () => to('range:patient', 'outcome') },
  { kind: 'count', id: 'resp:N3', counts: 'messages', additive: false, read: (st) => st.response.within_3d.N, partOf: same('resp:N') },
  { kind: 'count', id: 'resp:w1', counts: 'messages', additive: false, read: (st) => st.response.within_1d.n },
  { kind: 'count', id: 'resp:w3', counts: 'messages', additive: false, read: (st) => st.response.within_3d.n },
  { kind: 'family', id: 'rc.N', counts: 'messages', additive: false, read: (st) => Object.fromEntries(Object.entries(st.response.by_category).map(([k, x]) => [k, x.within_1d.N])), partOf: () => to('resp:N', 'category') },
  { kind: 'family', id: 'rc.N3', counts: 'messages', additive: false, read: (st) => Object.fromEntries(Object.entries(st.response.by_category).map(([k, x]) => [k, x.within_3d.N])), partOf: (k) => to(memberId('rc.N', k), 'same') },
  { kind: 'family', id: 'rc.w1', counts: 'messages', additive: false, read: (st) => Object.fromEntries(Object.entries(st.response.by_category).map(([k, x]) => [k, x.within_1d.n])), partOf: () => to('resp:w1', 'category') },
  { kind: 'family', id: 'rc.w3', counts: 'messages', additive: false, read: (st) => Object.fromEntries(Object.entries(st.response.by_category).map(([k, x]) => [k, x.within_3d.n])), partOf: () => to('resp:w3', 'category') },
  { kind: 'family', id: 'delay', counts: 'messages', additive: false, read: (st) => (st.response.delay_histogram ? Object.fromEntries(st.response.delay_histogram.map((b, i) => [String(i), b.count])) : undefined), partOf: () => to('resp:N', 'delay') },
  { kind: 'count', id: 'bh:N', counts: 'messages', additive: false, read: (st) => st.response.business_hours?.within_1d.N, partOf: same('resp:N') },
  { kind: 'count', id: 'bh:N3', counts: 'messages', additive: false, read: (st) => st.response.business_hours?.within_3d.N, partOf: same('resp:N') },
  { kind: 'count', id: 'bh:w1', counts: 'messages', additive: false, read: (st) => st.response.business_hours?.within_1d.n },
  { kind: 'count', id: 'bh:w3', counts: 'messages', additive: false, read: (st) => st.response.business_hours?.within_3d.n },
  { kind: 'count', id: 'th:N', counts: 'threads', additive: false, read: (st) => st.threads.le4_rounds.N },
  { kind: 'count', id: 'th:le4', counts: 'threads', additive: false, read: (st) => st.threads.le4_rounds.n, partOf: () => to('th:N', 'le4') },
  {
    kind: 'family',
    id: 'th.round',
    counts: 'threads',
    additive: false,
    read: (st) => Object.fromEntries(ROUNDS.map((k) => [k, st.threads.rounds[k] ?? 0])),
    partOf: (k) => (k === '5+' ? [{ total: 'th:N', as: 'rounds' }, { total: 'th:N', as: 'le4' }] : [{ total: 'th:N', as: 'rounds' }, { total: 'th:le4', as: 'rounds' }]),
  },
  { kind: 'count', id: 'th:p:N', counts: 'threads', additive: false, read: (st) => st.threads.by_starter.patient.le4_rounds.N, partOf: () => to('th:N', 'starter') },
  { kind: 'count', id: 'th:c:N', counts: 'threads', additive: false, read: (st) => st.threads.by_starter.clinician.le4_rounds.N, partOf: () => to('th:N', 'starter') },
  { kind: 'count', id: 'th:p:n', counts: 'threads', additive: false, read: (st) => st.threads.by_starter.patient.le4_rounds.n, partOf: () => to('th:le4', 'starter') },
  { kind: 'count', id: 'th:c:n', counts: 'threads', additive: false, read: (st) => st.threads.by_starter.clinician.le4_rounds.n, partOf: () => to('th:le4', 'starter') },
  { kind: 'family', id: 'tod.N', counts: 'messages', additive: false, read: (st) => byRole(st, (r) => r.working.N) },
  ...WINDOWS.flatMap((w): Array<Measure<StudyResult>> => [
    { kind: 'family', id: `tod.${w}`, counts: 'messages', additive: false, read: (st) => byRole(st, (r) => r[w].n), partOf: (role) => (w === 'weekend' ? [] : to(memberId('tod.N', role), 'window')) },
    { kind: 'family', id: `tod.${w}.N`, counts: 'messages', additive: false, read: (st) => byRole(st, (r) => r[w].N), partOf: (role) => to(memberId('tod.N', role), 'same') },
  ]),
  {
    kind: 'family',
    id: 'tod.hour',
    counts: 'messages',
    additive: false,
    read: (st) => Object.fromEntries(roles(st).flatMap((r) => st.time_of_day.by_role[r]!.hours.map((c, h) => [`${r}@${h}`, c]))),
    partOf: hourParts,
  },
  { kind: 'count', id: 'load:read', counts: 'rows', additive: false, read: (st) => st.load.rows_read },
  ...(['accepted', 'duplicates', 'quarantined'] as const).map((k): Measure<StudyResult> => ({ kind: 'count', id: `load:${k}`, counts: 'rows', additive: false, read: (st) => st.load[k], partOf: () => to('load:read', 'load') })),
];
