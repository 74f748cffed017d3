// Turning query rows into the pieces of the results (lib/results/types.ts).
import type { BusinessHoursResponse, DelayBucket, Distribution, MessageCounts, Proportion, RoundsKey } from '../results/types.ts';
import {
  type CliniciansColumns,
  type ConversationColumns,
  DELAY_BUCKETS,
  type DelayColumn,
  type PatientsColumns,
  type TimeOfDayColumns,
  type TypedRow,
  type VolumeColumns,
} from '../queries/index.ts';
import { round6 } from './rows.ts';

type ConversationRow = TypedRow<ConversationColumns>;

export const p = (n: number, N: number): Proportion => ({ n, N });

/** Volume rows (side, category, n) of one period and department. */
export function messageCounts(rows: TypedRow<VolumeColumns>[] = []): MessageCounts {
  const out: MessageCounts = { patient_side: 0, clinician_side: 0, by_category: {} };
  for (const r of rows) {
    const n = r.num('n');
    if (r.str('side') === 'patient') out.patient_side += n;
    else {
      out.clinician_side += n;
      const c = r.str('category');
      if (c !== null) out.by_category[c] = (out.by_category[c] ?? 0) + n;
    }
  }
  out.by_category = sortKeys(out.by_category);
  return out;
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

export function distribution(r: TypedRow<PatientsColumns> | TypedRow<CliniciansColumns> | undefined): Distribution {
  // No active sender: every statistic of an empty set is reported as 0 alongside active = 0.
  if (!r) return { mean: 0, median: 0, p90: 0 };
  return { mean: round6(r.numOrNull('mean')) ?? 0, median: round6(r.numOrNull('median')) ?? 0, p90: round6(r.numOrNull('p90')) ?? 0 };
}

/** Clinician rows of one period and department: the distinct total and each category. */
export function activeClinicians(rows: TypedRow<CliniciansColumns>[] = []): { total: number; by_category: Record<string, number> } {
  const out = { total: 0, by_category: {} as Record<string, number> };
  for (const r of rows) {
    const c = r.str('category');
    if (c === null) out.total = r.num('active');
    else out.by_category[c] = r.num('active');
  }
  out.by_category = sortKeys(out.by_category);
  return out;
}

/** Time-of-day rows (hour, n, working, evening, night, weekend) summed. */
export function timeOfDay(rows: TypedRow<TimeOfDayColumns>[] = []) {
  const hours = new Array<number>(24).fill(0);
  let N = 0,
    working = 0,
    evening = 0,
    night = 0,
    weekend = 0;
  for (const r of rows) {
    const h = r.num('hour');
    const n = r.num('n');
    hours[h] = (hours[h] ?? 0) + n;
    N += n;
    working += r.num('working');
    evening += r.num('evening');
    night += r.num('night');
    weekend += r.num('weekend');
  }
  return { hours, working: p(working, N), evening: p(evening, N), night: p(night, N), weekend: p(weekend, N) };
}

/**
 * The response row of one period and department (the one whose reply_category is NULL). The shares "of
 * all" (metrics.md) count in N the answered and the unanswered patient messages; pending ones are in
 * neither N, as their outcome is not known yet.
 */
export function responseHeadline(r: ConversationRow | undefined) {
  const answered = r?.num('answered') ?? 0;
  const unanswered = r?.num('unanswered') ?? 0;
  const all = answered + unanswered;
  const short = r?.num('within_1d') ?? 0;
  const long = r?.num('within_3d') ?? 0;
  return {
    within_1d: p(short, answered),
    within_3d: p(long, answered),
    unanswered,
    pending: r?.num('pending') ?? 0,
    reply_rate: p(answered, all),
    within_1d_of_all: p(short, all),
    within_3d_of_all: p(long, all),
    median_hours: r ? round6(r.numOrNull('median_hours')) : null,
    p90_hours: r ? round6(r.numOrNull('p90_hours')) : null,
  };
}

export function businessHours(r: ConversationRow | undefined): BusinessHoursResponse {
  const answered = r?.num('answered') ?? 0;
  const all = answered + (r?.num('unanswered') ?? 0);
  const short = r?.num('b_within_1d') ?? 0;
  const long = r?.num('b_within_3d') ?? 0;
  return {
    within_1d: p(short, answered),
    within_3d: p(long, answered),
    within_1d_of_all: p(short, all),
    within_3d_of_all: p(long, all),
    median_hours: r ? round6(r.numOrNull('b_median_hours')) : null,
  };
}

export function delayHistogram(r: ConversationRow | undefined): DelayBucket[] {
  return DELAY_BUCKETS.map((b, i) => ({ ...b, count: r?.num(`h${i}` as DelayColumn) ?? 0 }));
}

/** Thread rows (one per starter) of one period and department. */
export function threads(rows: ConversationRow[] = []) {
  const rounds: Record<RoundsKey, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5+': 0 };
  const starter = { patient: p(0, 0), clinician: p(0, 0) };
  let total = 0,
    le = 0;
  for (const r of rows) {
    const t = r.num('threads');
    const l = r.num('le4_rounds');
    total += t;
    le += l;
    rounds['1'] += r.num('r1');
    rounds['2'] += r.num('r2');
    rounds['3'] += r.num('r3');
    rounds['4'] += r.num('r4');
    rounds['5+'] += r.num('r5plus');
    const s = r.str('starter') === 'clinician' ? starter.clinician : starter.patient;
    s.n += l;
    s.N += t;
  }
  return {
    le4_rounds: p(le, total),
    rounds,
    by_starter: { patient: { le4_rounds: starter.patient }, clinician: { le4_rounds: starter.clinician } },
  };
}
