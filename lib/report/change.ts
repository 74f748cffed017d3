// Changes against a reference (last month, the same month last year, peers), in words as well as numbers
// (metrics.md, "Small numbers are shown honestly"): a change is called higher or lower, better or worse,
// only when a test at 95% says it is larger than chance explains (two proportions for a rate, two counts
// for a volume); otherwise it is "about the same". Nothing is said where there is nothing to compare: a
// side that is not shown (its difference would reveal it) or has no data gives no comparison at all.
import { formatInt, formatOneDecimal } from '../disclosure/index.ts';
import { twoCounts, twoProportion, type Test } from '../stats/index.ts';
import type { ChangeModel, ComparisonKind, ComparisonModel, CountCell, DisplayCell, NumberCell, RateCell } from './model-types.ts';

/** Which way is good news for a figure. */
export type Better = 'up' | 'down' | 'neutral';

const MINUS = '\u2212';
const signed = (x: number, text: string): string => (x > 0 ? `+${text}` : x < 0 ? `${MINUS}${text}` : text);
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function verdict(test: Test, diff: number, better: Better): Pick<ChangeModel, 'direction' | 'word' | 'assessment'> {
  if (!test.significant || diff === 0) return { direction: 'same', word: 'about the same', assessment: 'neutral' };
  const direction = diff > 0 ? 'up' : 'down';
  return {
    direction,
    word: direction === 'up' ? 'higher' : 'lower',
    assessment: better === 'neutral' ? 'neutral' : direction === better ? 'better' : 'worse',
  };
}

const shown = (c: CountCell): number | null => (c.suppressed ? null : c.value);

/** A rate against a reference rate: percentage points, called only when the two-proportion test says so. */
export function compareRates(current: RateCell, reference: RateCell, better: Better, referenceLabel: string): ChangeModel | null {
  const [n1, N1, n2, N2] = [shown(current.n), shown(current.N), shown(reference.n), shown(reference.N)];
  if (current.suppressed || reference.suppressed || n1 === null || N1 === null || n2 === null || N2 === null || N1 === 0 || N2 === 0)
    return null;
  const points = Math.round((n1 / N1 - n2 / N2) * 1000) / 10;
  const v = verdict(twoProportion(n1, N1, n2, N2), points, better);
  const text = points === 0 ? 'no change' : `${signed(points, formatOneDecimal(Math.abs(points)))} pts`;
  const sentence =
    v.direction === 'same'
      ? `About the same as ${referenceLabel} (${reference.percent}).`
      : `${formatOneDecimal(Math.abs(points))} points ${v.word} than ${referenceLabel} (${reference.percent}).`;
  return { text, ...v, sentence };
}

/** A count against a reference count over a period of the same length, called only when the two-count test says so. */
export function compareCounts(current: CountCell, reference: CountCell, better: Better, referenceLabel: string): ChangeModel | null {
  const a = shown(current);
  const b = shown(reference);
  if (a === null || b === null) return null;
  const diff = a - b;
  const v = verdict(twoCounts(a, b), diff, better);
  const pct = b !== 0 ? ` (${signed(diff, `${formatOneDecimal(Math.abs((100 * diff) / b))}%`)})` : '';
  const text = diff === 0 ? 'no change' : `${signed(diff, formatInt(Math.abs(diff)))}${pct}`;
  const sentence =
    v.direction === 'same'
      ? `About the same as ${referenceLabel} (${reference.text}).`
      : `${formatInt(Math.abs(diff))}${pct.replace(/[+\u2212]/, '')} ${v.direction === 'up' ? 'more' : 'fewer'} than ${referenceLabel} ` +
        `(${reference.text}).`;
  return { text, ...v, sentence };
}

/** A measured number (a median delay) with no test behind it: the reference is given, no change is called. */
export function compareNumbers(current: NumberCell, reference: NumberCell, referenceLabel: string): ChangeModel | null {
  if (current.value === null || reference.value === null) return null;
  return {
    text: reference.text,
    direction: null,
    word: 'not tested',
    assessment: null,
    sentence: `${capital(referenceLabel)}: ${reference.text}.`,
  };
}

export function compare(current: DisplayCell, reference: DisplayCell, better: Better, referenceLabel: string): ChangeModel | null {
  if (current.kind === 'rate' && reference.kind === 'rate') return compareRates(current, reference, better, referenceLabel);
  if (current.kind === 'count' && reference.kind === 'count') return compareCounts(current, reference, better, referenceLabel);
  if (current.kind === 'number' && reference.kind === 'number') return compareNumbers(current, reference, referenceLabel);
  return null;
}

export function comparison(
  against: ComparisonKind,
  label: string,
  current: DisplayCell,
  reference: DisplayCell,
  better: Better,
): ComparisonModel | null {
  const change = compare(current, reference, better, label);
  return change ? { against, label, value: reference, change } : null;
}
