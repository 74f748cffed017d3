// The registry of a monthly section (organisation or department) and of a trend point: every count a
// monthly report can show, and every figure built from them. Adding a figure: one entry in FIGURES (and one
// in MONTHLY_MEASURES if it shows a count not listed yet).
import type { CountCell, NumberCell, RateCell } from './cell-types.ts';
import type { MonthlySection, TrendPoint } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import type { Measure, SectionCells } from './registry.ts';
import { memberId } from './registry.ts';
import { hoursOfWindow } from './windows.ts';

const same = (total: string) => (): Array<{ total: string; as: string }> => [{ total, as: 'same' }];
const outcome = (total: string) => (): Array<{ total: string; as: string }> => [{ total, as: 'outcome' }];

const hourParts = (key: string, settings: Settings): Array<{ total: string; as: string }> => {
  const h = Number(key);
  const out = [{ total: 'sent', as: 'hour' }];
  // A window's count is the sum of its hour bars: hiding one bar must not leave it derivable from the window.
  for (const w of ['evening', 'night'] as const) if (hoursOfWindow(settings.windows[w])?.includes(h)) out.push({ total: w, as: 'hour' });
  return out;
};

/**
 * Every count of a monthly section. `additive`: departments add up to the organisation (each message has one
 * department); active patients and clinicians do not (one person can be active in several departments).
 * `shared`: shown in the organisation page's department table.
 */
export const MONTHLY_MEASURES: readonly Measure<MonthlySection>[] = [
  { kind: 'count', id: 'received', counts: 'messages', additive: true, shared: true, read: (s) => s.messages.patient_side },
  { kind: 'count', id: 'sent', counts: 'messages', additive: true, shared: true, read: (s) => s.messages.clinician_side },
  { kind: 'count', id: 'patients', counts: 'patients', additive: false, read: (s) => s.active_patients },
  { kind: 'count', id: 'clin', counts: 'clinicians', additive: false, read: (s) => s.active_clinicians.total },
  {
    kind: 'family',
    id: 'cat',
    counts: 'messages',
    additive: true,
    read: (s) => s.messages.by_category,
    partOf: () => [{ total: 'sent', as: 'category' }],
  },
  {
    kind: 'family',
    id: 'clin',
    counts: 'clinicians',
    additive: false,
    read: (s) => s.active_clinicians.by_category,
    partOf: () => [{ total: 'clin', as: 'category' }],
  },
  // Every patient message is answered, unanswered or pending; answered + unanswered is the follow-up complete.
  {
    kind: 'count',
    id: 'complete',
    counts: 'messages',
    additive: true,
    shared: true,
    read: (s) => s.response.reply_rate.N,
    partOf: outcome('received'),
  },
  {
    kind: 'count',
    id: 'answered',
    counts: 'messages',
    additive: true,
    shared: true,
    read: (s) => s.response.within_1d.N,
    partOf: outcome('complete'),
  },
  {
    kind: 'count',
    id: 'unanswered',
    counts: 'messages',
    additive: true,
    shared: true,
    read: (s) => s.response.unanswered,
    partOf: outcome('complete'),
  },
  {
    kind: 'count',
    id: 'pending',
    counts: 'messages',
    additive: true,
    shared: true,
    read: (s) => s.response.pending,
    partOf: outcome('received'),
  },
  {
    kind: 'count',
    id: 'answered3',
    counts: 'messages',
    additive: true,
    shared: true,
    read: (s) => s.response.within_3d.N,
    partOf: same('answered'),
  },
  { kind: 'count', id: 'w1', counts: 'messages', additive: true, shared: true, read: (s) => s.response.within_1d.n },
  { kind: 'count', id: 'w3', counts: 'messages', additive: true, shared: true, read: (s) => s.response.within_3d.n },
  {
    kind: 'count',
    id: 'bh_answered',
    counts: 'messages',
    additive: true,
    shared: true,
    read: (s) => s.response.business_hours?.within_1d.N,
    partOf: same('answered'),
  },
  {
    kind: 'count',
    id: 'bh_answered3',
    counts: 'messages',
    additive: true,
    read: (s) => s.response.business_hours?.within_3d.N,
    partOf: same('answered'),
  },
  { kind: 'count', id: 'bh_w1', counts: 'messages', additive: true, shared: true, read: (s) => s.response.business_hours?.within_1d.n },
  { kind: 'count', id: 'bh_w3', counts: 'messages', additive: true, read: (s) => s.response.business_hours?.within_3d.n },
  {
    kind: 'count',
    id: 'sentN',
    counts: 'messages',
    additive: true,
    shared: true,
    read: (s) => s.after_hours.evening.N,
    partOf: same('sent'),
  },
  { kind: 'count', id: 'evening', counts: 'messages', additive: true, shared: true, read: (s) => s.after_hours.evening.n },
  { kind: 'count', id: 'night', counts: 'messages', additive: true, read: (s) => s.after_hours.night.n },
  { kind: 'count', id: 'weekend', counts: 'messages', additive: true, read: (s) => s.after_hours.weekend.n },
  {
    kind: 'family',
    id: 'hour',
    counts: 'messages',
    additive: true,
    read: (s) => (s.clinician_hours?.length === 24 ? Object.fromEntries(s.clinician_hours.map((c, h) => [String(h), c])) : undefined),
    partOf: hourParts,
  },
  { kind: 'count', id: 'threads', counts: 'threads', additive: true, shared: true, read: (s) => s.threads.le4_rounds.N },
  { kind: 'count', id: 'le4', counts: 'threads', additive: true, shared: true, read: (s) => s.threads.le4_rounds.n },
];

/** How a figure is displayed from the registry's counts. */
type Figure =
  | { show: 'count'; of: string }
  | { show: 'rate'; n: string; N: string }
  | { show: 'number'; read: (s: MonthlySection) => number | null | undefined; unit: NumberCell['unit']; restsOn: string[] }
  /** A family of counts, by key. */
  | { show: 'counts'; of: string }
  /** A family over another, key by key (messages per clinician by category). */
  | { show: 'ratios'; n: string; N: string }
  /** The 24 hour bars, or null when the result has none. */
  | { show: 'hours'; of: string };

type Shown<F> = F extends { show: 'count' }
  ? CountCell
  : F extends { show: 'rate' }
    ? RateCell
    : F extends { show: 'number' }
      ? NumberCell
      : F extends { show: 'counts' }
        ? Record<string, CountCell>
        : F extends { show: 'ratios' }
          ? Record<string, NumberCell>
          : CountCell[] | null;

export const FIGURES = {
  received: { show: 'count', of: 'received' },
  sent: { show: 'count', of: 'sent' },
  /** Clinician messages by category (`role/care_setting`). */
  byCategory: { show: 'counts', of: 'cat' },
  activePatients: { show: 'count', of: 'patients' },
  clinicians: { show: 'count', of: 'clin' },
  cliniciansByCategory: { show: 'counts', of: 'clin' },
  /** Messages per active clinician by category (hidden when either count is). */
  perClinician: { show: 'ratios', n: 'cat', N: 'clin' },
  /** Of answered patient messages (the study's reading). */
  within1d: { show: 'rate', n: 'w1', N: 'answered' },
  within3d: { show: 'rate', n: 'w3', N: 'answered3' },
  /** Of all patient messages whose follow-up is complete (answered + unanswered): what a lead reads first. */
  within1dOfAll: { show: 'rate', n: 'w1', N: 'complete' },
  within3dOfAll: { show: 'rate', n: 'w3', N: 'complete' },
  replyRate: { show: 'rate', n: 'answered', N: 'complete' },
  unansweredShare: { show: 'rate', n: 'unanswered', N: 'complete' },
  // A median over a handful of messages describes those few patients: hidden with the count under it.
  medianHours: { show: 'number', read: (s) => s.response.median_hours, unit: 'hours', restsOn: ['answered'] },
  unanswered: { show: 'count', of: 'unanswered' },
  pending: { show: 'count', of: 'pending' },
  complete: { show: 'count', of: 'complete' },
  evening: { show: 'rate', n: 'evening', N: 'sentN' },
  night: { show: 'rate', n: 'night', N: 'sentN' },
  weekend: { show: 'rate', n: 'weekend', N: 'sentN' },
  threadsWithin: { show: 'rate', n: 'le4', N: 'threads' },
  /** Clinician messages by local hour 0..23. */
  hours: { show: 'hours', of: 'hour' },
} as const satisfies Record<string, Figure>;

/** The reply figures counted in business hours (present when the result carries them). */
export const BUSINESS_HOURS_FIGURES = {
  within1d: { show: 'rate', n: 'bh_w1', N: 'bh_answered' },
  within3d: { show: 'rate', n: 'bh_w3', N: 'bh_answered3' },
  within1dOfAll: { show: 'rate', n: 'bh_w1', N: 'complete' },
  within3dOfAll: { show: 'rate', n: 'bh_w3', N: 'complete' },
  medianHours: { show: 'number', read: (s) => s.response.business_hours?.median_hours, unit: 'hours', restsOn: ['bh_answered'] },
} as const satisfies Record<string, Figure>;

export type DisclosedFigures<T> = { -readonly [K in keyof T]: Shown<T[K]> };

export type DisclosedSection = DisclosedFigures<typeof FIGURES> & {
  businessHours: DisclosedFigures<typeof BUSINESS_HOURS_FIGURES> | null;
};

function show(f: Figure, s: MonthlySection, c: SectionCells): unknown {
  switch (f.show) {
    case 'count':
      return c.count(f.of);
    case 'rate':
      return c.rate(f.n, f.N);
    case 'number':
      return c.number(f.read(s), f.unit, f.restsOn);
    case 'counts':
      return Object.fromEntries(c.keys(f.of).map((k) => [k, c.count(memberId(f.of, k))]));
    case 'ratios':
      return Object.fromEntries(
        c.keys(f.n).map((k) => {
          const n = c.count(memberId(f.n, k));
          const N = c.count(memberId(f.N, k));
          return [k, c.number(n.value !== null && N.value ? n.value / N.value : null, 'messages', [memberId(f.n, k), memberId(f.N, k)])];
        }),
      );
    case 'hours':
      return c.has(memberId(f.of, 0)) ? Array.from({ length: 24 }, (_, h) => c.count(memberId(f.of, h))) : null;
  }
}

function showAll<T extends Record<string, Figure>>(figures: T, s: MonthlySection, c: SectionCells): DisclosedFigures<T> {
  return Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, show(f, s, c)])) as DisclosedFigures<T>;
}

/** A section's display cells, every one from the registry's counts under one plan. */
export function showSection(s: MonthlySection, c: SectionCells): DisclosedSection {
  return { ...showAll(FIGURES, s, c), businessHours: c.has('bh_answered') ? showAll(BUSINESS_HOURS_FIGURES, s, c) : null };
}

/** The counts of one month of the trailing-12-month trend. */
export const TREND_MEASURES: readonly Measure<TrendPoint>[] = [
  { kind: 'count', id: 'received', counts: 'messages', additive: true, read: (p) => p.patient_side },
  { kind: 'count', id: 'sent', counts: 'messages', additive: true, read: (p) => p.clinician_side },
  { kind: 'count', id: 'complete', counts: 'messages', additive: true, read: (p) => p.reply_rate.N, partOf: outcome('received') },
  { kind: 'count', id: 'answered', counts: 'messages', additive: true, read: (p) => p.within_1d.N, partOf: outcome('complete') },
  { kind: 'count', id: 'unanswered', counts: 'messages', additive: true, read: (p) => p.unanswered, partOf: outcome('complete') },
  { kind: 'count', id: 'pending', counts: 'messages', additive: true, read: (p) => p.pending, partOf: outcome('received') },
  { kind: 'count', id: 'bh_w1', counts: 'messages', additive: true, read: (p) => p.business_hours?.within_1d.n },
  { kind: 'count', id: 'answered3', counts: 'messages', additive: true, read: (p) => p.within_3d.N, partOf: same('answered') },
  { kind: 'count', id: 'w1', counts: 'messages', additive: true, read: (p) => p.within_1d.n },
  { kind: 'count', id: 'w3', counts: 'messages', additive: true, read: (p) => p.within_3d.n },
];

export interface DisclosedTrendPoint {
  month: string;
  received: CountCell;
  sent: CountCell;
  within1d: RateCell;
  within3d: RateCell;
  /** Of all patient messages whose follow-up is complete: the lead's reading, charted and p-charted. */
  within1dOfAll: RateCell;
  within3dOfAll: RateCell;
  /** Null when the trend carries no business-hours variant. */
  businessWithin1dOfAll: RateCell | null;
  medianHours: NumberCell;
}

export function showTrendPoint(p: TrendPoint, c: SectionCells): DisclosedTrendPoint {
  return {
    month: p.month,
    received: c.count('received'),
    sent: c.count('sent'),
    within1d: c.rate('w1', 'answered'),
    within3d: c.rate('w3', 'answered3'),
    within1dOfAll: c.rate('w1', 'complete'),
    within3dOfAll: c.rate('w3', 'complete'),
    businessWithin1dOfAll: c.has('bh_w1') ? c.rate('bh_w1', 'complete') : null,
    medianHours: c.number(p.median_hours, 'hours', ['answered']),
  };
}
