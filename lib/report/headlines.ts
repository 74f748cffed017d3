// The monthly headline figures (department and organisation), each with its comparisons.
import type { DisclosedSection } from '../disclosure/index.ts';
import type { Settings } from '../settings/index.ts';
import { comparison, type Better } from './change.ts';
import type { ComparisonKind, DepartmentHeadlineKey, DisplayCell, HeadlineFigure } from './model-types.ts';

export interface Reference {
  against: ComparisonKind;
  label: string;
  section: DisclosedSection | null;
}

interface Def {
  key: DepartmentHeadlineKey;
  label: string;
  description: string;
  get: (s: DisclosedSection) => DisplayCell;
  better: Better;
}

function definitions(settings: Settings): Def[] {
  const w = settings.windows;
  const r = settings.reply;
  return [
    { key: 'messages_received', label: 'Patient messages received', description: 'Messages sent by patients and their proxies this month.', get: (s) => s.received, better: 'neutral' },
    { key: 'messages_sent', label: 'Clinician messages sent', description: 'Messages sent by clinicians this month.', get: (s) => s.sent, better: 'neutral' },
    { key: 'replied_within_1d', label: 'Replied within 1 day', description: `Share of answered patient messages whose reply came within ${r.within_short_hours} hours (n/N: answered messages).`, get: (s) => s.within1d, better: 'up' },
    { key: 'replied_within_3d', label: 'Replied within 3 days', description: `Share of answered patient messages whose reply came within ${r.within_long_hours} hours (n/N: answered messages).`, get: (s) => s.within3d, better: 'up' },
    { key: 'median_reply_hours', label: 'Median time to reply', description: 'Half of the answered patient messages were replied to within this time.', get: (s) => s.medianHours, better: 'down' },
    { key: 'unanswered', label: 'Unanswered', description: `Patient messages with no reply after at least ${r.follow_up_hours} hours of follow-up.`, get: (s) => s.unanswered, better: 'down' },
    { key: 'pending', label: 'Pending', description: `Patient messages with no reply yet, less than ${r.follow_up_hours} hours before the data cut-off.`, get: (s) => s.pending, better: 'neutral' },
    { key: 'after_hours_evening', label: `Clinician messages in the evening (${w.evening.start}-${w.evening.end})`, description: 'Share of clinician messages sent in the evening window, local time.', get: (s) => s.evening, better: 'neutral' },
    { key: 'after_hours_night', label: `Clinician messages at night (${w.night.start}-${w.night.end})`, description: 'Share of clinician messages sent in the night window, local time.', get: (s) => s.night, better: 'neutral' },
    { key: 'after_hours_weekend', label: 'Clinician messages at the weekend', description: 'Share of clinician messages sent on a Saturday or Sunday, local time.', get: (s) => s.weekend, better: 'neutral' },
    { key: 'threads_within_rounds', label: `Threads within ${settings.threads.max_rounds} rounds`, description: `Share of conversations started this month that took at most ${settings.threads.max_rounds} back-and-forth rounds.`, get: (s) => s.threadsWithin, better: 'neutral' },
  ];
}

function figure(d: Def, current: DisclosedSection, refs: Reference[]): HeadlineFigure {
  const value = d.get(current);
  const comparisons = refs.filter((r) => r.section !== null).map((r) => comparison(r.against, r.label, value, d.get(r.section!), d.better));
  return { key: d.key, label: d.label, description: d.description, value, comparisons };
}

export function headlineFigures(current: DisclosedSection, refs: Reference[], settings: Settings): HeadlineFigure[] {
  return definitions(settings).map((d) => figure(d, current, refs));
}

/** The reply figures counted in business hours, when the result carries them. */
export function businessHoursFigures(current: DisclosedSection, refs: Reference[], settings: Settings): HeadlineFigure[] | null {
  if (!current.businessHours) return null;
  const bh = (s: DisclosedSection) => s.businessHours;
  const w = settings.windows.working;
  const suffix = ` (business hours: ${w.start}-${w.end}, Monday to Friday)`;
  const defs: Def[] = [
    { key: 'replied_within_1d', label: 'Replied within 1 business day', description: `Delays counted in working hours only${suffix}.`, get: (s) => bh(s)!.within1d, better: 'up' },
    { key: 'replied_within_3d', label: 'Replied within 3 business days', description: `Delays counted in working hours only${suffix}.`, get: (s) => bh(s)!.within3d, better: 'up' },
    { key: 'median_reply_hours', label: 'Median time to reply, business hours', description: `Delays counted in working hours only${suffix}.`, get: (s) => bh(s)!.medianHours, better: 'down' },
  ];
  const withBh = refs.map((r) => ({ ...r, section: r.section?.businessHours ? r.section : null }));
  return defs.map((d) => figure(d, current, withBh));
}
