// Pieces of the response-time metric used by conversations.ts: the delay histogram's buckets and the
// business-hours clock (working time of working days, on the wall clock).

/** Delay histogram edges in hours: [0,1), [1,4), ... [168, open). Fixed, so written as literals. */
export const DELAY_BUCKETS: { label: string; from_hours: number; to_hours: number | null }[] = [
  { label: 'under 1 h', from_hours: 0, to_hours: 1 },
  { label: '1-4 h', from_hours: 1, to_hours: 4 },
  { label: '4-8 h', from_hours: 4, to_hours: 8 },
  { label: '8-24 h', from_hours: 8, to_hours: 24 },
  { label: '1-3 days', from_hours: 24, to_hours: 72 },
  { label: '3-7 days', from_hours: 72, to_hours: 168 },
  { label: '7 days or more', from_hours: 168, to_hours: null },
];

const DAY_MS = 86_400_000;

/**
 * Working-time milliseconds from a fixed Monday (1969-12-29) to the local wall-clock instant whose epoch
 * milliseconds are `local` and whose day number is `day`: whole working days times the window's length plus
 * the part of the window already passed that day (nothing on Saturday, Sunday or a holiday). The business
 * delay of a reply is the difference of two such values. Values: :bh_start_ms (window start, ms of the
 * day), :bh_len_ms (window length), and with `holidays` = k > 0 the day numbers :holiday_1 .. :holiday_k of
 * the site's holidays that fall on a weekday (holidayValues): each is a working day less.
 */
export function businessClock(local: string, day: string, holidays = 0): string {
  const n = `(${day} + 3)`; // days since Monday 1969-12-29 (1970-01-01 was a Thursday)
  const weekday = `(${n} % 7)`; // 0 = Monday .. 6 = Sunday
  const weeks = `CAST(floor(CAST(${n} AS double) / 7) AS bigint)`;
  const msOfDay = `(${local} - ${day} * ${DAY_MS})`;
  const ids = Array.from({ length: holidays }, (_, i) => `:holiday_${i + 1}`);
  // Weekday holidays before the day (each removes one working day), and whether the day is one.
  const before = holidays ? ` - (${ids.map((h) => `CASE WHEN ${h} < ${day} THEN 1 ELSE 0 END`).join(' + ')})` : '';
  const working = holidays ? `${weekday} < 5 AND ${day} NOT IN (${ids.join(', ')})` : `${weekday} < 5`;
  return `((${weeks} * 5 + least(${weekday}, 5)${before}) * :bh_len_ms
      + CASE WHEN ${working} THEN least(greatest(${msOfDay} - :bh_start_ms, 0), :bh_len_ms) ELSE 0 END)`;
}

export function dayNumber(localMs: string): string {
  return `CAST(floor(CAST(${localMs} AS double) / ${DAY_MS}) AS bigint)`;
}
