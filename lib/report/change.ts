// Changes against a reference (previous month, same month last year, the organisation), in words as well
// as numbers. Computed only when both values are shown: a difference with a hidden value would reveal it.
import { formatInt, formatOneDecimal } from '../disclosure/index.ts';
import type { ChangeModel, ComparisonKind, ComparisonModel, DisplayCell } from './model-types.ts';

/** Which way is good news for a figure. */
export type Better = 'up' | 'down' | 'neutral';

function numeric(c: DisplayCell): number | null {
  if (c.suppressed) return null;
  if (c.kind === 'rate') return c.rate;
  if (c.kind === 'count' || c.kind === 'number') return c.value;
  return null;
}

const MINUS = '\u2212';
const signed = (x: number, text: string): string => (x > 0 ? `+${text}` : x < 0 ? `${MINUS}${text}` : text);

export function change(current: DisplayCell, reference: DisplayCell, better: Better, referenceLabel: string): ChangeModel {
  const a = numeric(current);
  const b = numeric(reference);
  if (a === null || b === null) {
    const why = current.suppressed || reference.suppressed ? 'a figure is not shown' : 'no figure to compare';
    return { text: '—', direction: null, word: 'not comparable', assessment: null, sentence: `Not comparable with ${referenceLabel}: ${why}.` };
  }
  let diff = a - b;
  let text: string;
  let unit: string;
  if (current.kind === 'rate') {
    diff = Math.round(diff * 1000) / 10; // percentage points, one decimal
    text = diff === 0 ? 'no change' : `${signed(diff, formatOneDecimal(Math.abs(diff)))} pts`;
    unit = `${formatOneDecimal(Math.abs(diff))} points`;
  } else if (current.kind === 'number') {
    diff = Math.round(diff * 10) / 10;
    const u = current.unit === 'hours' ? ' h' : '';
    text = diff === 0 ? 'no change' : `${signed(diff, formatOneDecimal(Math.abs(diff)))}${u}`;
    unit = `${formatOneDecimal(Math.abs(diff))}${u}`;
  } else {
    const pct = b !== 0 ? ` (${signed(diff, `${formatOneDecimal(Math.abs((100 * diff) / b))}%`)})` : '';
    text = diff === 0 ? 'no change' : `${signed(diff, formatInt(Math.abs(diff)))}${pct}`;
    unit = formatInt(Math.abs(diff));
  }
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'same';
  const word = direction === 'up' ? 'higher' : direction === 'down' ? 'lower' : 'the same';
  const assessment = better === 'neutral' || direction === 'same' ? 'neutral' : direction === better ? 'better' : 'worse';
  const refText = reference.kind === 'rate' ? reference.percent : reference.text;
  const sentence = direction === 'same' ? `The same as ${referenceLabel} (${refText}).` : `${unit} ${word} than ${referenceLabel} (${refText}).`;
  return { text, direction, word, assessment, sentence: sentence.charAt(0).toUpperCase() + sentence.slice(1) };
}

export function comparison(against: ComparisonKind, label: string, current: DisplayCell, reference: DisplayCell, better: Better): ComparisonModel {
  return { against, label, value: reference, change: change(current, reference, better, against === 'organisation' ? 'the organisation' : label) };
}
