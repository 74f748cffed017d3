// Pieces every report model shares: the settings a result was computed with, the footer notes, the
// per-clinician table, the scan for suppressed cells.
import {
  countCell,
  disclosureNotes,
  hoursOfWindow,
  ruleText,
  numberCell,
  smallText,
  type DisclosedSection,
  type DisclosurePolicy,
} from '../disclosure/index.ts';
import type { WindowName } from '../charts/index.ts';
import { resolveSettings, type Settings } from '../settings/index.ts';
import { categoryLabel, sortCategories } from './labels.ts';
import type { DisclosureSummary, DisplayCell, TableModel } from './model-types.ts';
import { PER_CLINICIAN_NOTE, peersPerClinician, type Peers } from './peers.ts';

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
    `Replied within 1 day: a clinician reply within ${s.reply.within_short_hours} hours of the patient message; within 3 days: within ` +
      `${s.reply.within_long_hours} hours. Each patient message is paired with the first clinician message after it in the same thread.`,
    `Of all patient messages: N counts the patient messages whose follow-up is complete, answered or unanswered (no reply after ` +
      `${s.reply.follow_up_hours} hours), so leaving messages unanswered never raises a share. Pending messages (no reply yet, less than ` +
      `${s.reply.follow_up_hours} hours before the data cut-off) count in no N.`,
    `Each share carries its 95% interval (Wilson): the range the share would likely fall in with a different month\u2019s luck. A change ` +
      `is called higher or lower only when a test at 95% says it is larger than chance explains; otherwise it is about the same. Below ` +
      `${s.reports.few_messages} messages a share rests on few messages.`,
    `Peers: the departments of the same care setting, ranked among those with at least ${s.reports.peers_min_answered} answered messages ` +
      `(1st is the best).`,
    `Times are local (${s.timezone}): working ${w.working.start}-${w.working.end}, evening ${w.evening.start}-${w.evening.end}, night ` +
      `${w.night.start}-${w.night.end}; the weekend is Saturday and Sunday.`,
    `A round is one back-and-forth: a turn by each side.`,
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
  // The legend only where something is hidden: a department's own email usually hides nothing.
  const any = anySuppressed(model);
  return {
    maxSmallCount: policy.maxSmallCount,
    smallText: smallText(policy),
    anySuppressed: any,
    notes: any ? disclosureNotes(policy) : [],
    rule: ruleText(policy),
  };
}

/**
 * Messages, active clinicians and messages per clinician by category; for a department, the peers' median
 * per clinician beside it (never the organisation's: a clinician in several departments counts in each).
 */
export function perClinicianTable(
  id: string,
  caption: string,
  s: DisclosedSection,
  policy: DisclosurePolicy,
  peers: Peers | null,
): TableModel {
  const cats = sortCategories([...Object.keys(s.byCategory), ...Object.keys(s.cliniciansByCategory)]);
  const columns: TableModel['columns'] = [
    { key: 'messages', label: 'Messages sent', align: 'right' },
    { key: 'clinicians', label: 'Active clinicians', align: 'right' },
    { key: 'per_clinician', label: 'Per clinician', align: 'right' },
  ];
  if (peers) columns.push({ key: 'peers_per_clinician', label: `${peers.label}, median`, align: 'right' });
  const zero = countCell(0, policy);
  const rows: TableModel['rows'] = cats.map((k) => {
    const cells: DisplayCell[] = [
      s.byCategory[k] ?? zero,
      s.cliniciansByCategory[k] ?? zero,
      s.perClinician[k] ?? numberCell(null, 'messages', []),
    ];
    if (peers) cells.push(peersPerClinician(peers, k));
    return { key: k, header: categoryLabel(k), cells, isTotal: false };
  });
  const perAll = (x: DisclosedSection) =>
    numberCell(x.sent.value !== null && x.clinicians.value ? x.sent.value / x.clinicians.value : null, 'messages', [x.sent, x.clinicians]);
  const total: DisplayCell[] = [s.sent, s.clinicians, perAll(s)];
  if (peers) total.push(numberCell(null, 'messages', []));
  rows.push({ key: 'all', header: 'All clinicians', cells: total, isTotal: true });
  return {
    id,
    caption,
    rowHeaderLabel: 'Clinician category',
    columns,
    rows,
    notes: [
      'Category: the clinician\u2019s role and the care setting of their home department. Per clinician: messages sent divided by the ' +
        'clinicians who sent at least one.',
      PER_CLINICIAN_NOTE,
    ],
  };
}

/** The window (working / evening / night) each local hour falls in, from the settings. */
export function windowOfHour(s: Settings): Array<WindowName | null> {
  const out: Array<WindowName | null> = Array.from({ length: 24 }, () => null);
  for (const w of ['working', 'evening', 'night'] as const) for (const h of hoursOfWindow(s.windows[w]) ?? []) out[h] = w;
  return out;
}
