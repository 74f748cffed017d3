// The registry of a study result: every count the study page can show and the totals it adds up to.
// Years add up to the range; categories to clinician messages and clinicians; answered + unanswered to the
// messages whose follow-up is complete, and those + pending to the range's patient messages; categories of
// the replying clinician and delay buckets to answered messages; rounds to threads (rounds 1-4 to the
// at-most-4 count); starters to threads; each role's hours to its messages and its windows; load parts to
// rows read.
import type { RoleKey, RoleTimeOfDay, StudyResult, StudyThreads, YearResponse } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import type { Measure, PartOf } from './registry.ts';
import { memberId } from './registry.ts';
import { hoursOfWindow } from './windows.ts';

export const ROUNDS = ['1', '2', '3', '4', '5+'] as const;
const WINDOWS = ['working', 'evening', 'night', 'weekend'] as const;

/** A year-and-category key ("2016@physician/primary_care"). */
export const yearKey = (year: number, category: string): string => `${year}@${category}`;

const byYear = (st: StudyResult, f: (y: StudyResult['years'][number]) => number): Record<string, number> =>
  Object.fromEntries(st.years.map((y) => [String(y.year), f(y)]));
const byYearCategory = (st: StudyResult, f: (y: StudyResult['years'][number]) => Record<string, number>): Record<string, number> =>
  Object.fromEntries(st.years.flatMap((y) => Object.entries(f(y)).map(([k, v]) => [yearKey(y.year, k), v])));
const ofYear = (key: string): string => key.slice(0, key.indexOf('@'));
const ofCategory = (key: string): string => key.slice(key.indexOf('@') + 1);
const roles = (st: StudyResult): RoleKey[] => Object.keys(st.time_of_day.by_role) as RoleKey[];
const byRole = (st: StudyResult, f: (r: NonNullable<StudyResult['time_of_day']['by_role'][RoleKey]>) => number): Record<string, number> =>
  Object.fromEntries(roles(st).map((r) => [r, f(st.time_of_day.by_role[r]!)]));
const to = (total: string, as: string): PartOf[] => [{ total, as }];
const same = (total: string) => (): PartOf[] => to(total, 'same');

function hourParts(key: string, settings: Settings): PartOf[] {
  const [role = '', h] = key.split('@');
  const out = to(memberId('tod.N', role), 'hour');
  for (const w of ['working', 'evening', 'night'] as const)
    if (hoursOfWindow(settings.windows[w])?.includes(Number(h))) out.push({ total: memberId(`tod.${w}`, role), as: 'hour' });
  return out;
}

// The study page's by-year and by-category figures (years[].response, years[].threads,
// time_of_day.by_category) and the range's totals they add up to, beside the whole-range ones above.
const RESPONSE_COUNTS = {
  N: (r: YearResponse) => r.within_1d.N,
  w1: (r: YearResponse) => r.within_1d.n,
  w3: (r: YearResponse) => r.within_3d.n,
  unanswered: (r: YearResponse) => r.unanswered,
  pending: (r: YearResponse) => r.pending,
  complete: (r: YearResponse) => r.reply_rate?.N ?? r.within_1d.N + r.unanswered,
} as const;
/** The whole range's count each by-year response count adds up to. */
const RANGE_RESPONSE: Record<keyof typeof RESPONSE_COUNTS, string> = {
  N: 'resp:N',
  w1: 'resp:w1',
  w3: 'resp:w3',
  unanswered: 'resp:unanswered',
  pending: 'resp:pending',
  complete: 'resp:complete',
};
const THREAD_COUNTS = {
  N: (t: StudyThreads) => t.le4_rounds.N,
  le4: (t: StudyThreads) => t.le4_rounds.n,
  'p.N': (t: StudyThreads) => t.by_starter.patient.le4_rounds.N,
  'p.n': (t: StudyThreads) => t.by_starter.patient.le4_rounds.n,
  'c.N': (t: StudyThreads) => t.by_starter.clinician.le4_rounds.N,
  'c.n': (t: StudyThreads) => t.by_starter.clinician.le4_rounds.n,
} as const;
const RANGE_THREADS: Record<keyof typeof THREAD_COUNTS, string> = {
  N: 'th:N',
  le4: 'th:le4',
  'p.N': 'th:p:N',
  'p.n': 'th:p:n',
  'c.N': 'th:c:N',
  'c.n': 'th:c:n',
};

const yearsWith = <T>(
  st: StudyResult,
  pick: (y: StudyResult['years'][number]) => T | undefined,
  f: (x: T) => number,
): Record<string, number> | undefined => {
  const ys = st.years.filter((y) => pick(y) !== undefined);
  return ys.length ? Object.fromEntries(ys.map((y) => [String(y.year), f(pick(y)!)])) : undefined;
};
const categories = (st: StudyResult): Record<string, RoleTimeOfDay> => st.time_of_day.by_category ?? {};
const roleOf = (category: string): string => category.slice(0, category.indexOf('/'));

function STUDY_PAGE_MEASURES(): Array<Measure<StudyResult>> {
  const out: Array<Measure<StudyResult>> = [
    {
      kind: 'count',
      id: 'range:clinician',
      counts: 'messages',
      additive: false,
      read: (st) => st.years.reduce((a, y) => a + y.messages.clinician_side, 0),
    },
    {
      kind: 'family',
      id: 'range.cat',
      counts: 'messages',
      additive: false,
      read: (st) => {
        const out: Record<string, number> = {};
        for (const y of st.years) for (const [k, v] of Object.entries(y.messages.by_category)) out[k] = (out[k] ?? 0) + v;
        return out;
      },
    },
    // Every role together: the working window's share of all clinician messages.
    {
      kind: 'count',
      id: 'tod:all:N',
      counts: 'messages',
      additive: false,
      read: (st) => (roles(st).length ? roles(st).reduce((a, r) => a + st.time_of_day.by_role[r]!.working.N, 0) : undefined),
      partOf: () => to('range:clinician', 'same'),
    },
    ...WINDOWS.map(
      (w): Measure<StudyResult> => ({
        kind: 'count',
        id: `tod:all:${w}`,
        counts: 'messages',
        additive: false,
        read: (st) => (roles(st).length ? roles(st).reduce((a, r) => a + st.time_of_day.by_role[r]![w].n, 0) : undefined),
      }),
    ),
  ];
  // By year: answered + unanswered = complete, complete + pending = the year's patient messages; each
  // year's count adds up with the other years' to the range's.
  for (const [k, f] of Object.entries(RESPONSE_COUNTS) as Array<[keyof typeof RESPONSE_COUNTS, (r: YearResponse) => number]>) {
    const within = (y: string): PartOf[] =>
      k === 'N' || k === 'unanswered'
        ? to(memberId('yr.complete', y), 'outcome')
        : k === 'complete' || k === 'pending'
          ? to(memberId('y.patient', y), 'outcome')
          : [];
    out.push({
      kind: 'family',
      id: `yr.${k}`,
      counts: 'messages',
      additive: false,
      read: (st) => yearsWith(st, (y) => y.response, f),
      partOf: (y) => [...within(y), ...to(RANGE_RESPONSE[k], 'year')],
    });
  }
  // By year, threads: rounds add up to threads (1-4 to the at-most-4 count), starters too.
  for (const [k, f] of Object.entries(THREAD_COUNTS) as Array<[keyof typeof THREAD_COUNTS, (t: StudyThreads) => number]>) {
    const within = (y: string): PartOf[] =>
      k === 'le4'
        ? to(memberId('yt.N', y), 'le4')
        : k === 'p.N' || k === 'c.N'
          ? to(memberId('yt.N', y), 'starter')
          : k === 'p.n' || k === 'c.n'
            ? to(memberId('yt.le4', y), 'starter')
            : [];
    out.push({
      kind: 'family',
      id: `yt.${k}`,
      counts: 'threads',
      additive: false,
      read: (st) => yearsWith(st, (y) => y.threads, f),
      partOf: (y) => [...within(y), ...to(RANGE_THREADS[k], 'year')],
    });
  }
  out.push({
    kind: 'family',
    id: 'yt.round',
    counts: 'threads',
    additive: false,
    read: (st) => {
      const ys = st.years.filter((y) => y.threads);
      return ys.length
        ? Object.fromEntries(ys.flatMap((y) => ROUNDS.map((k) => [yearKey(y.year, k), y.threads!.rounds[k] ?? 0])))
        : undefined;
    },
    partOf: (key) => {
      const y = ofYear(key);
      const k = ofCategory(key);
      return [
        { total: memberId('yt.N', y), as: 'rounds' },
        { total: k === '5+' ? memberId('yt.N', y) : memberId('yt.le4', y), as: k === '5+' ? 'le4' : 'rounds' },
        { total: memberId('th.round', k), as: 'year' },
      ];
    },
  });
  // Time of day by category: hours add up to the category's messages and to its windows; categories add
  // up to their role's hours, windows and messages; a category's messages are its years' messages.
  out.push({
    kind: 'family',
    id: 'todc.N',
    counts: 'messages',
    additive: false,
    read: (st) => Object.fromEntries(Object.entries(categories(st)).map(([k, d]) => [k, d.working.N])),
    partOf: (k) => [...to(memberId('tod.N', roleOf(k)), 'category'), ...to(memberId('range.cat', k), 'same')],
  });
  for (const w of WINDOWS) {
    out.push({
      kind: 'family',
      id: `todc.${w}`,
      counts: 'messages',
      additive: false,
      read: (st) => Object.fromEntries(Object.entries(categories(st)).map(([k, d]) => [k, d[w].n])),
      partOf: (k) => [...(w === 'weekend' ? [] : to(memberId('todc.N', k), 'window')), ...to(memberId(`tod.${w}`, roleOf(k)), 'category')],
    });
  }
  out.push({
    kind: 'family',
    id: 'todc.hour',
    counts: 'messages',
    additive: false,
    read: (st) => Object.fromEntries(Object.entries(categories(st)).flatMap(([k, d]) => d.hours.map((c, h) => [`${k}@${h}`, c]))),
    partOf: (key, settings) => {
      const k = ofYear(key); // "<category>@<hour>": the part before '@'
      const h = Number(ofCategory(key));
      const parts = [...to(memberId('todc.N', k), 'hour'), ...to(memberId('tod.hour', `${roleOf(k)}@${h}`), 'category')];
      for (const w of ['working', 'evening', 'night'] as const)
        if (hoursOfWindow(settings.windows[w])?.includes(h)) parts.push({ total: memberId(`todc.${w}`, k), as: 'hour' });
      return parts;
    },
  });
  return out;
}

export const STUDY_MEASURES: readonly Measure<StudyResult>[] = [
  {
    kind: 'family',
    id: 'y.patient',
    counts: 'messages',
    additive: false,
    read: (st) => byYear(st, (y) => y.messages.patient_side),
    partOf: () => to('range:patient', 'year'),
  },
  {
    kind: 'family',
    id: 'y.clinician',
    counts: 'messages',
    additive: false,
    read: (st) => byYear(st, (y) => y.messages.clinician_side),
    partOf: () => to('range:clinician', 'year'),
  },
  { kind: 'family', id: 'y.patients', counts: 'patients', additive: false, read: (st) => byYear(st, (y) => y.active_patients) },
  { kind: 'family', id: 'y.clin', counts: 'clinicians', additive: false, read: (st) => byYear(st, (y) => y.active_clinicians.total) },
  {
    kind: 'family',
    id: 'y.cat',
    counts: 'messages',
    additive: false,
    read: (st) => byYearCategory(st, (y) => y.messages.by_category),
    partOf: (k) => [...to(memberId('y.clinician', ofYear(k)), 'category'), ...to(memberId('range.cat', ofCategory(k)), 'year')],
  },
  {
    kind: 'family',
    id: 'y.clincat',
    counts: 'clinicians',
    additive: false,
    read: (st) => byYearCategory(st, (y) => y.active_clinicians.by_category),
    partOf: (k) => to(memberId('y.clin', ofYear(k)), 'category'),
  },
  // Patient messages of the whole range: not printed, but anyone can add up the years.
  {
    kind: 'count',
    id: 'range:patient',
    counts: 'messages',
    additive: false,
    read: (st) => st.years.reduce((a, y) => a + y.messages.patient_side, 0),
  },
  {
    kind: 'count',
    id: 'resp:complete',
    counts: 'messages',
    additive: false,
    read: (st) => st.response.reply_rate.N,
    partOf: () => to('range:patient', 'outcome'),
  },
  {
    kind: 'count',
    id: 'resp:N',
    counts: 'messages',
    additive: false,
    read: (st) => st.response.within_1d.N,
    partOf: () => to('resp:complete', 'outcome'),
  },
  {
    kind: 'count',
    id: 'resp:unanswered',
    counts: 'messages',
    additive: false,
    read: (st) => st.response.unanswered,
    partOf: () => to('resp:complete', 'outcome'),
  },
  {
    kind: 'count',
    id: 'resp:pending',
    counts: 'messages',
    additive: false,
    read: (st) => st.response.pending,
    partOf: () => to('range:patient', 'outcome'),
  },
  { kind: 'count', id: 'resp:N3', counts: 'messages', additive: false, read: (st) => st.response.within_3d.N, partOf: same('resp:N') },
  { kind: 'count', id: 'resp:w1', counts: 'messages', additive: false, read: (st) => st.response.within_1d.n },
  { kind: 'count', id: 'resp:w3', counts: 'messages', additive: false, read: (st) => st.response.within_3d.n },
  {
    kind: 'family',
    id: 'rc.N',
    counts: 'messages',
    additive: false,
    read: (st) => Object.fromEntries(Object.entries(st.response.by_category).map(([k, x]) => [k, x.within_1d.N])),
    partOf: () => to('resp:N', 'category'),
  },
  {
    kind: 'family',
    id: 'rc.N3',
    counts: 'messages',
    additive: false,
    read: (st) => Object.fromEntries(Object.entries(st.response.by_category).map(([k, x]) => [k, x.within_3d.N])),
    partOf: (k) => to(memberId('rc.N', k), 'same'),
  },
  {
    kind: 'family',
    id: 'rc.w1',
    counts: 'messages',
    additive: false,
    read: (st) => Object.fromEntries(Object.entries(st.response.by_category).map(([k, x]) => [k, x.within_1d.n])),
    partOf: () => to('resp:w1', 'category'),
  },
  {
    kind: 'family',
    id: 'rc.w3',
    counts: 'messages',
    additive: false,
    read: (st) => Object.fromEntries(Object.entries(st.response.by_category).map(([k, x]) => [k, x.within_3d.n])),
    partOf: () => to('resp:w3', 'category'),
  },
  {
    kind: 'family',
    id: 'delay',
    counts: 'messages',
    additive: false,
    read: (st) =>
      st.response.delay_histogram ? Object.fromEntries(st.response.delay_histogram.map((b, i) => [String(i), b.count])) : undefined,
    partOf: () => to('resp:N', 'delay'),
  },
  {
    kind: 'count',
    id: 'bh:N',
    counts: 'messages',
    additive: false,
    read: (st) => st.response.business_hours?.within_1d.N,
    partOf: same('resp:N'),
  },
  {
    kind: 'count',
    id: 'bh:N3',
    counts: 'messages',
    additive: false,
    read: (st) => st.response.business_hours?.within_3d.N,
    partOf: same('resp:N'),
  },
  { kind: 'count', id: 'bh:w1', counts: 'messages', additive: false, read: (st) => st.response.business_hours?.within_1d.n },
  { kind: 'count', id: 'bh:w3', counts: 'messages', additive: false, read: (st) => st.response.business_hours?.within_3d.n },
  { kind: 'count', id: 'th:N', counts: 'threads', additive: false, read: (st) => st.threads.le4_rounds.N },
  {
    kind: 'count',
    id: 'th:le4',
    counts: 'threads',
    additive: false,
    read: (st) => st.threads.le4_rounds.n,
    partOf: () => to('th:N', 'le4'),
  },
  {
    kind: 'family',
    id: 'th.round',
    counts: 'threads',
    additive: false,
    read: (st) => Object.fromEntries(ROUNDS.map((k) => [k, st.threads.rounds[k] ?? 0])),
    partOf: (k) =>
      k === '5+'
        ? [
            { total: 'th:N', as: 'rounds' },
            { total: 'th:N', as: 'le4' },
          ]
        : [
            { total: 'th:N', as: 'rounds' },
            { total: 'th:le4', as: 'rounds' },
          ],
  },
  {
    kind: 'count',
    id: 'th:p:N',
    counts: 'threads',
    additive: false,
    read: (st) => st.threads.by_starter.patient.le4_rounds.N,
    partOf: () => to('th:N', 'starter'),
  },
  {
    kind: 'count',
    id: 'th:c:N',
    counts: 'threads',
    additive: false,
    read: (st) => st.threads.by_starter.clinician.le4_rounds.N,
    partOf: () => to('th:N', 'starter'),
  },
  {
    kind: 'count',
    id: 'th:p:n',
    counts: 'threads',
    additive: false,
    read: (st) => st.threads.by_starter.patient.le4_rounds.n,
    partOf: () => to('th:le4', 'starter'),
  },
  {
    kind: 'count',
    id: 'th:c:n',
    counts: 'threads',
    additive: false,
    read: (st) => st.threads.by_starter.clinician.le4_rounds.n,
    partOf: () => to('th:le4', 'starter'),
  },
  {
    kind: 'family',
    id: 'tod.N',
    counts: 'messages',
    additive: false,
    read: (st) => byRole(st, (r) => r.working.N),
    partOf: () => to('tod:all:N', 'role'),
  },
  ...WINDOWS.flatMap(
    (w): Array<Measure<StudyResult>> => [
      {
        kind: 'family',
        id: `tod.${w}`,
        counts: 'messages',
        additive: false,
        read: (st) => byRole(st, (r) => r[w].n),
        partOf: (role) => [...(w === 'weekend' ? [] : to(memberId('tod.N', role), 'window')), ...to(`tod:all:${w}`, 'role')],
      },
      {
        kind: 'family',
        id: `tod.${w}.N`,
        counts: 'messages',
        additive: false,
        read: (st) => byRole(st, (r) => r[w].N),
        partOf: (role) => to(memberId('tod.N', role), 'same'),
      },
    ],
  ),
  {
    kind: 'family',
    id: 'tod.hour',
    counts: 'messages',
    additive: false,
    read: (st) => Object.fromEntries(roles(st).flatMap((r) => st.time_of_day.by_role[r]!.hours.map((c, h) => [`${r}@${h}`, c]))),
    partOf: hourParts,
  },
  { kind: 'count', id: 'load:read', counts: 'rows', additive: false, read: (st) => st.load.rows_read },
  {
    kind: 'family',
    id: 'load.reason',
    counts: 'rows',
    additive: false,
    read: (st) => st.load.quarantined_by_reason,
    partOf: () => to('load:quarantined', 'reason'),
  },
  { kind: 'count', id: 'lake:messages', counts: 'rows', additive: false, read: (st) => st.lake?.messages },
  ...STUDY_PAGE_MEASURES(),
  ...(['accepted', 'duplicates', 'quarantined'] as const).map(
    (k): Measure<StudyResult> => ({
      kind: 'count',
      id: `load:${k}`,
      counts: 'rows',
      additive: false,
      read: (st) => st.load[k],
      partOf: () => to('load:read', 'load'),
    }),
  ),
];
