// Pieces every report model shares: the settings a result was computed with, the footer notes, the
// per-clinician table, the scan for suppressed cells.
import { countCell, disclosureNotes, hoursOfWindow, numberCell, smallText, type DisclosedSection, type DisclosurePolicy } from '../disclosure/index.ts';
import type { WindowName } from '../charts/index.ts';
import { resolveSettings, type Settings } from '../settings/index.ts';
import { categoryLabel, sortCategories } from './labels.ts';
import type { DisclosureSummary, DisplayCell, TableModel } from './model-types.ts';

/**
 * The settings the figures were computed with (the result's own, which define windows and reply hours),
 * keeping the caller's disclosure threshold and report settings (they govern what this run shows).
 */
export function effectiveSettings(resultSettings: Record<string, unknown> | undefined, settings: Settings): Settings {
  try {
    const fromResult = resolveSettings(resultSettings ?? {});
    return { ...fromResult, disclosure: settings.disclosure, reports: settings.reports, smtp: settings.smtp };
  } catch {
    return settings;
  }
}

export function settingsNotes(s: Settings): string[] {
  const w = s.windows;
  const notes = [
    `Replied within 1 day: a clinician reply within ${s.reply.within_short_hours} hours of the patient message; within 3 days: within ${s.reply.within_long_hours} hours. Each patient message is paired with the first clinician message after it in the same thread.`,
    `Unanswered: no reply after ${s.reply.follow_up_hours} hours of follow-up; pending: no reply yet and less than ${s.reply.follow_up_hours} hours had passed at the data cut-off. Neither counts in n/N.`,
    `Times are local (${s.timezone}): working ${w.working.start}-${w.working.end}, evening ${w.evening.start}-${w.evening.end}, night ${w.night.start}-${w.night.end}; the weekend is Saturday and Sunday.`,
    `A round is one back-and-forth: a turn by each side.`,
    `Counts from 1 to ${s.disclosure.max_small_count} are shown as ${smallText({ maxSmallCount: s.disclosure.max_small_count })}.`,
  ];
  return notes;
}

/** Walks a model and reports whether any cell in it is suppressed. */
export function anySuppressed(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(anySuppressed);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o['suppressed'] === true && typeof o['text'] === 'string') return true;
    for (const [k, v] of Object.entries(o)) if (k !== 'spec' && anySuppressed(v)) return true;
  }
  return false;
}

export function disclosureSummary(policy: DisclosurePolicy, model: unknown): DisclosureSummary {
  return { maxSmallCount: policy.maxSmallCount, smallText: smallText(policy), anySuppressed: anySuppressed(model), notes: disclosureNotes(policy) };
}

/** Messages, active clinicians and messages per clinician by category; optionally the organisation's per clinician. */
export function perClinicianTable(id: string, caption: string, s: DisclosedSection, policy: DisclosurePolicy, organisation: DisclosedSection | null): TableModel {
  const cats = sortCategories([...Object.keys(s.byCategory), ...Object.keys(s.cliniciansByCategory)]);
  const columns: TableModel['columns'] = [
    { key: 'messages', label: 'Messages sent', align: 'right' },
    { key: 'clinicians', label: 'Active clinicians', align: 'right' },
    { key: 'per_clinician', label: 'Messages per clinician', align: 'right' },
  ];
  if (organisation) columns.push({ key: 'organisation_per_clinician', label: 'Organisation, per clinician', align: 'right' });
  const zero = countCell(0, policy);
  const rows: TableModel['rows'] = cats.map((k) => {
    const cells: DisplayCell[] = [s.byCategory[k] ?? zero, s.cliniciansByCategory[k] ?? zero, s.perClinician[k] ?? numberCell(null, 'messages', [])];
    if (organisation) cells.push(organisation.perClinician[k] ?? numberCell(null, 'messages', []));
    return { key: k, header: categoryLabel(k), cells, isTotal: false };
  });
  const perAll = (x: DisclosedSection) => numberCell(x.sent.value !== null && x.clinicians.value ? x.sent.value / x.clinicians.value : null, 'messages', [x.sent, x.clinicians]);
  const total: DisplayCell[] = [s.sent, s.clinicians, perAll(s)];
  if (organisation) total.push(perAll(organisation));
  rows.push({ key: 'all', header: 'All clinicians', cells: total, isTotal: true });
  return {
    id,
    caption,
    rowHeaderLabel: 'Clinician category',
    columns,
    rows,
    notes: ['Category: the clinician\u2019s role and the care setting of their home department. Messages per clinician: messages sent divided by the clinicians who sent at least one.'],
  };
}

/** The window (working / evening / night) each local hour falls in, from the settings. */
export function windowOfHour(s: Settings): Array<WindowName | null> {
  const out: Array<WindowName | null> = Array.from({ length: 24 }, () => null);
  for (const w of ['working', 'evening', 'night'] as const) for (const h of hoursOfWindow(s.windows[w]) ?? []) out[h] = w;
  return out;
}
