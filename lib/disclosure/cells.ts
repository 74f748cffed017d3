// Display cells: the only way a number reaches a report. Each constructor takes the exact value and what
// the suppression plan decided, and returns final text; a hidden value never travels further (value null).
import type { CountCell, NumberCell, RateCell, SuppressionReason, TextCell } from './cell-types.ts';
import type { Proportion } from '../results/types.ts';
import { wilson } from '../stats/index.ts';
import {
  formatHours,
  formatInt,
  formatOneDecimal,
  formatPercent,
  HIDDEN_TEXT,
  isSmall,
  NO_DATA_TEXT,
  smallText,
  type CountKind,
  type DisclosurePolicy,
} from './policy.ts';

/**
 * A count. Small (1..max, of a kind the audience hides) → "<11"; hidden by the plan (`reason` given) → "<11"
 * when itself small, else "—"; zero → "0".
 */
export function countCell(
  value: number,
  policy: DisclosurePolicy,
  reason: SuppressionReason | null = null,
  counts: CountKind = 'messages',
): CountCell {
  const small = isSmall(value, policy, counts) || (reason === 'small' && value >= 1 && value <= policy.maxSmallCount);
  const r: SuppressionReason | null = small ? 'small' : reason;
  if (r === null) return { kind: 'count', text: formatInt(value), suppressed: false, reason: null, value };
  return { kind: 'count', text: small ? smallText(policy) : HIDDEN_TEXT, suppressed: true, reason: r, value: null };
}

/** A missing count (no such figure this period): "n/a", not suppressed. */
export function missingCount(): CountCell {
  return { kind: 'count', text: NO_DATA_TEXT, suppressed: false, reason: null, value: null };
}

/**
 * `x% (n/N)` from two disclosed counts: hidden ("—", reason `derived` unless a count is itself small) when
 * either count is hidden; "n/a" when N = 0.
 */
export function rateCell(n: CountCell, N: CountCell): RateCell {
  if (n.suppressed || N.suppressed) {
    const reason: SuppressionReason = n.reason === 'small' || N.reason === 'small' ? 'small' : 'derived';
    return { kind: 'rate', text: HIDDEN_TEXT, percent: HIDDEN_TEXT, interval: null, suppressed: true, reason, rate: null, n, N };
  }
  if (n.value === null || N.value === null || N.value === 0) {
    return { kind: 'rate', text: NO_DATA_TEXT, percent: NO_DATA_TEXT, interval: null, suppressed: false, reason: null, rate: null, n, N };
  }
  const rate = n.value / N.value;
  const percent = formatPercent(rate);
  const w = wilson(n.value, N.value);
  const interval = w ? `${formatOneDecimal(100 * w.low)}\u2013${formatOneDecimal(100 * w.high)}%` : null;
  return {
    kind: 'rate',
    text: `${percent} (${n.text}/${N.text})`,
    percent,
    interval,
    bounds: w,
    suppressed: false,
    reason: null,
    rate,
    n,
    N,
  };
}

/** Convenience: a rate straight from a proportion and the plan's decisions for its two counts. */
export function rateFromProportion(
  p: Proportion,
  policy: DisclosurePolicy,
  nReason: SuppressionReason | null = null,
  NReason: SuppressionReason | null = null,
): RateCell {
  return rateCell(countCell(p.n, policy, nReason), countCell(p.N, policy, NReason));
}

/**
 * A number computed from counts (a median delay, a mean per clinician): hidden ("—", `derived`) when any
 * count it rests on is hidden, because it could reveal it (mean x shown count = hidden count) or describe
 * a handful of patients. Null value → "n/a".
 */
export function numberCell(value: number | null, unit: NumberCell['unit'], restsOn: ReadonlyArray<{ suppressed: boolean }>): NumberCell {
  if (restsOn.some((c) => c.suppressed))
    return { kind: 'number', text: HIDDEN_TEXT, suppressed: true, reason: 'derived', value: null, unit };
  if (value === null || !Number.isFinite(value))
    return { kind: 'number', text: NO_DATA_TEXT, suppressed: false, reason: null, value: null, unit };
  const text = unit === 'hours' ? formatHours(value) : formatOneDecimal(value);
  return { kind: 'number', text, suppressed: false, reason: null, value, unit };
}

/** Fixed text (a label, a quoted published figure). */
export function textCell(text: string): TextCell {
  return { kind: 'text', text, suppressed: false, reason: null };
}
