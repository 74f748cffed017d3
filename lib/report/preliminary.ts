// A preliminary month (metrics.md, "A complete month"): every output says so, with the cut-off, where a
// reader sees it first: the subject line, the first line of an email, the page header.
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { dateTimeLabel } from './labels.ts';

export function isPreliminary(monthly: MonthlyResult): boolean {
  return monthly.preliminary === true;
}

/** Whether the data stop before the month's last instant: its volumes are then partial. */
export function partialVolumes(monthly: MonthlyResult, settings: Settings): boolean {
  if (!isPreliminary(monthly) || !monthly.complete_at) return false;
  return Date.parse(monthly.data_cutoff) < Date.parse(monthly.complete_at) - settings.reply.follow_up_hours * 3_600_000;
}

/**
 * "Preliminary: data up to 7 January 2018, 09:00 (America/Chicago), before the month ends, ..." or null for a
 * complete month. A month cut before its end has partial volumes: they are not set beside whole months.
 */
export function preliminaryLine(monthly: MonthlyResult, settings: Settings): string | null {
  if (!isPreliminary(monthly)) return null;
  const cutoff = dateTimeLabel(monthly.data_cutoff, monthly.timezone);
  const complete = monthly.complete_at
    ? ` The month is complete with data up to ${dateTimeLabel(monthly.complete_at, monthly.timezone)}.`
    : '';
  const why = partialVolumes(monthly, settings)
    ? 'before the month ends, so its messages are not all in and replies are still to come; volumes are not compared with other months.'
    : `less than ${settings.reply.follow_up_hours} hours after the month\u2019s end, so some replies are still to come and these figures ` +
      `will change.`;
  return `Preliminary: data up to ${cutoff}, ${why}${complete}`;
}

/** The subject, stamped "Preliminary (data up to ...)" first for a preliminary month. */
export function subjectLine(subject: string, monthly: MonthlyResult): string {
  return isPreliminary(monthly) ? `Preliminary (data up to ${dateTimeLabel(monthly.data_cutoff, monthly.timezone)}): ${subject}` : subject;
}
