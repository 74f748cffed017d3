// "A complete month" (docs/metrics.md): a month's figures are final once the data cut-off is at least
// reply.follow_up_hours (72 h, the unanswered threshold) after the month's last local instant. By then
// every patient message of the month is answered or unanswered, none pending. Before that it is
// preliminary (and a month whose end is after the cut-off has not even finished in the data).
import type { Settings } from '../settings/index.ts';
import { HOUR_MS, monthIndex } from '../queries/index.ts';
import { localMonth } from './period.ts';

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
  const wall = Date.UTC(Math.floor(next / 12), next % 12, 1);
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
