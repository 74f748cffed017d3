// A preliminary month (metrics.md, "A complete month"): every output says so, with the cut-off, where a
// reader sees it first: the subject line, the first line of an email, the page header.
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { dateTimeLabel } from './labels.ts';

export function isPreliminary(monthly: MonthlyResult): boolean {
  return monthly.preliminary === true;
}

/** "Preliminary: data up to 7 January 2018, 09:00 (America/Chicago); ..." or null for a complete month. */
export function preliminaryLine(monthly: MonthlyResult, settings: Settings): string | null {
  if (!isPreliminary(monthly)) return null;
  const complete = monthly.complete_at ? ` The month is complete with data up to ${dateTimeLabel(monthly.complete_at, monthly.timezone)}.` : '';
  return `Preliminary: data up to ${dateTimeLabel(monthly.data_cutoff, monthly.timezone)}, less than ${settings.reply.follow_up_hours} hours after the month\u2019s end, so some replies are still to come and these figures will change.${complete}`;
}

/** The subject, stamped "Preliminary (data up to ...)" first for a preliminary month. */
export function subjectLine(subject: string, monthly: MonthlyResult): string {
  return isPreliminary(monthly) ? `Preliminary (data up to ${dateTimeLabel(monthly.data_cutoff, monthly.timezone)}): ${subject}` : subject;
}
