// Values bound to the queries' named parameters, computed from a run's period, cut-off and settings.
import type { Settings, TimeWindow } from '../settings/index.ts';
import { minutesOfDay } from '../settings/index.ts';
import type { Values } from './render.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2017-06" → 2017*12 + 5, the month index the queries use (month_idx = year*12 + month - 1). */
export function monthIndex(ym: string): number {
  const m = MONTH.exec(ym);
  if (!m) throw new Error(`'${ym}' is not a month YYYY-MM`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** A "YYYY-MM" month (01-12): the one month pattern every command, handler and query uses. */
export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

export function monthOfIndex(idx: number): string {
  const y = Math.floor(idx / 12);
  return `${String(y).padStart(4, '0')}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

export const HOUR_MS = 3_600_000;

/** The cut-off as the queries take it: timestamp text (UTC) for sent_at and epoch milliseconds. */
export function cutoffValues(cutoffIso: string): { cutoff: string; cutoff_ms: number } {
  const ms = Date.parse(cutoffIso);
  if (Number.isNaN(ms)) throw new Error(`cut-off '${cutoffIso}' is not an ISO 8601 timestamp`);
  const iso = new Date(ms).toISOString(); // 2017-06-30T12:00:00.000Z
  return { cutoff: `${iso.slice(0, 10)} ${iso.slice(11, 23)}`, cutoff_ms: ms };
}

/** Month index of the latest month that can hold a message up to the cut-off, in any time zone. */
export function cutoffMonthIndex(cutoffIso: string): number {
  // Zones ahead of UTC can already be in the next local month: one month of margin (sent_at filters exactly).
  return monthIndex(new Date(Date.parse(cutoffIso)).toISOString().slice(0, 7)) + 1;
}

/** Values of base.ts's scan window plus the cut-off. */
export function scanValues(fromIdx: number, toIdx: number, cutoffIso: string): Values {
  return {
    cutoff: cutoffValues(cutoffIso).cutoff,
    scan_from_year: Math.floor(fromIdx / 12),
    scan_from_month: (fromIdx % 12) + 1,
    scan_to_year: Math.floor(toIdx / 12),
    scan_to_month: (toIdx % 12) + 1,
    scan_from_idx: fromIdx,
    scan_to_idx: toIdx,
  };
}

/**
 * Values of a shape with picks (shape.ts): :pick_<n> (month index) for the period filter and
 * :pick_<n>_year, :pick_<n>_month for the scan (base.ts reads only the picked months' partitions).
 */
export function pickValues(months: number[]): Values {
  const v: Values = {};
  months.forEach((idx, i) => {
    v[`pick_${i + 1}`] = idx;
    v[`pick_${i + 1}_year`] = Math.floor(idx / 12);
    v[`pick_${i + 1}_month`] = (idx % 12) + 1;
  });
  return v;
}

/** A half-open window of local time as minute-of-day bounds (end <= start wraps past midnight). */
export function windowValues(prefix: string, w: TimeWindow): Values {
  return { [`${prefix}_start`]: minutesOfDay(w.start), [`${prefix}_end`]: minutesOfDay(w.end) };
}

const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a local date "YYYY-MM-DD", as response.ts's dayNumber of local_ms. */
export function localDayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/**
 * The holidays the business clock skips, as :holiday_1 .. :holiday_k (day numbers, ascending): only those
 * on a weekday (a weekend day is no working day anyway), each once, and only those from the day before the
 * scan's first month (`fromIdx`) to two days after the cut-off. Only holidays between a patient message and
 * its reply change its delay, and every message of the query lies in that span, so leaving the others out
 * changes no delay and keeps the query short.
 */
export function holidayValues(holidays: readonly string[], fromIdx: number, cutoffIso: string): Values {
  const first = Date.UTC(Math.floor(fromIdx / 12), fromIdx % 12, 1) / DAY_MS - 1;
  const last = Math.floor(Date.parse(cutoffIso) / DAY_MS) + 2;
  const days = [...new Set(holidays.map(localDayNumber))]
    .filter((d) => d >= first && d <= last && (d + 3) % 7 < 5) // (d + 3) % 7: 0 = Monday .. 6 = Sunday
    .sort((a, b) => a - b);
  return Object.fromEntries(days.map((d, i) => [`holiday_${i + 1}`, d]));
}

/** Reply thresholds in milliseconds, from the settings. */
export function replyValues(s: Settings): Values {
  return {
    short_ms: s.reply.within_short_hours * HOUR_MS,
    long_ms: s.reply.within_long_hours * HOUR_MS,
    follow_ms: s.reply.follow_up_hours * HOUR_MS,
  };
}
