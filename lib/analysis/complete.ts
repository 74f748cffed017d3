// "A complete month" (docs/metrics.md): a month's figures are final once the data cut-off is at least
// reply.follow_up_hours (72 h, the unanswered threshold) after the month's last local instant. By then
// every patient message of the month is answered or unanswered, none pending. Before that it is
// preliminary (and a month whose end is after the cut-off has not even finished in the data).
import type { Settings } from '../settings/index.ts';
import { HOUR_MS } from '../queries/index.ts';
import { isMonth, localMonth, monthIndex, monthStartUtc } from '../period/index.ts';
import { AnalysisError } from './errors.ts';

export interface MonthCompleteness {
  /** True while the cut-off is before complete_at. */
  preliminary: boolean;
  /** The first instant after the month (local midnight starting the next month), ISO UTC. */
  month_end: string;
  /** The earliest cut-off at which the month is complete: its last instant (1 ms before month_end) + follow-up. */
  complete_at: string;
}

/**
 * The first instant whose local month is after `month` in `timezone`: a search between 18 h either side of
 * the next month's midnight read as UTC (no zone's offset is larger), so it needs no table of offsets and
 * lands right on a clock change at midnight too.
 */
export function monthEndInstant(month: string, timezone: string): number {
  const next = monthIndex(month) + 1;
  const wall = monthStartUtc(next);
  let lo = wall - 18 * HOUR_MS; // still in the month
  let hi = wall + 18 * HOUR_MS; // already after it
  const after = (ms: number) => monthIndex(localMonth(new Date(ms).toISOString(), timezone)) >= next;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (after(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function monthCompleteness(month: string, cutoffIso: string, settings: Settings): MonthCompleteness {
  const end = monthEndInstant(month, settings.timezone);
  const completeAt = Math.ceil(end - 1 + settings.reply.follow_up_hours * HOUR_MS);
  return {
    preliminary: Date.parse(cutoffIso) < completeAt,
    month_end: new Date(end).toISOString(),
    complete_at: new Date(completeAt).toISOString(),
  };
}

/**
 * Why a preliminary month is refused, for `monthly` and `send` (and any scheduled run): the cut-off, when
 * the month will be complete, and what to do instead.
 */
export function preliminaryMessage(month: string, cutoffIso: string, c: MonthCompleteness, followUpHours: number): string {
  const state =
    Date.parse(cutoffIso) < Date.parse(c.month_end)
      ? `${month} has not finished in the data: the data cut-off is ${cutoffIso}, before the month ends (${c.month_end})`
      : `${month} is not complete yet: the data cut-off is ${cutoffIso}, less than ${followUpHours} h after the month's end ` +
        `(${c.month_end}), so some of its patient messages are still pending`;
  return (
    `${state}. It will be complete once the data reaches ${c.complete_at}. ` +
    `Load newer data, or pass --preliminary to report it marked "Preliminary".`
  );
}

/**
 * Refuses (AnalysisError, a user error) a month that is not complete at the cut-off unless
 * `allowPreliminary`. A malformed month or one after the cut-off's month is left to runMonthly, which
 * explains those.
 */
export function assertCompleteMonth(month: string, cutoffIso: string, settings: Settings, allowPreliminary: boolean): void {
  if (allowPreliminary || !isMonth(month)) return;
  if (monthIndex(month) > monthIndex(localMonth(cutoffIso, settings.timezone))) return;
  const c = monthCompleteness(month, cutoffIso, settings);
  if (c.preliminary) throw new AnalysisError(preliminaryMessage(month, cutoffIso, c, settings.reply.follow_up_hours));
}
