// "What changed": one plain sentence at the top of each email naming the largest change on last month that
// is beyond chance (the largest |z| of the two-count and two-proportion tests), and what carried it, e.g.
// "Patient messages rose by 39 (56%) on November 2017, most of it in Cardiology (+25)." Nothing when nothing
// changed beyond chance. Read from disclosed cells only.
import type { DisclosedSection } from '../disclosure/index.ts';
import { formatInt, formatOneDecimal } from '../disclosure/index.ts';
import { twoCounts, twoProportion } from '../stats/index.ts';
import type { CountCell, RateCell } from './model-types.ts';

const MINUS = '\u2212';
const shown = (c: CountCell): number | null => (c.suppressed ? null : c.value);

interface Candidate {
  z: number;
  sentence: string;
}

/** Parts of a change (by category, by department): the largest part moving the same way, if any. */
function carrier(parts: Record<string, number> | undefined, diff: number, label: (k: string) => string): string {
  if (!parts) return '';
  const same = Object.entries(parts)
    .filter(([, d]) => Math.sign(d) === Math.sign(diff) && d !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const top = same[0];
  if (!top) return '';
  const signed = `${top[1] > 0 ? '+' : MINUS}${formatInt(Math.abs(top[1]))}`;
  return Math.abs(top[1]) * 2 >= Math.abs(diff)
    ? `, most of it in ${label(top[0])} (${signed})`
    : `, the largest part in ${label(top[0])} (${signed})`;
}

function partDiffs(now: Record<string, CountCell>, before: Record<string, CountCell>): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(now), ...Object.keys(before)])) {
    const a = now[k] ? shown(now[k]!) : 0;
    const b = before[k] ? shown(before[k]!) : 0;
    if (a === null || b === null) return undefined; // a hidden part: no breakdown at all
    out[k] = a - b;
  }
  return out;
}

export interface WhatChangedInput {
  current: DisclosedSection;
  previous: DisclosedSection | null;
  previousLabel: string;
  /** Parts of the patient-message volume (the organisation: by department), now and last month. */
  receivedParts?: { now: Record<string, CountCell>; before: Record<string, CountCell> };
  partLabel: (key: string) => string;
  categoryLabel: (key: string) => string;
  /** False for a preliminary month: its volumes may be partial, so only shares are compared. */
  compareVolumes: boolean;
}

export function whatChanged(input: WhatChangedInput): string | null {
  const { current: c, previous: p, previousLabel: on } = input;
  if (!p) return null;
  const cands: Candidate[] = [];
  const count = (name: string, a: CountCell, b: CountCell, parts?: Record<string, number>, label?: (k: string) => string): void => {
    const x = shown(a);
    const y = shown(b);
    if (x === null || y === null || x === y) return;
    const t = twoCounts(x, y);
    if (!t.significant) return;
    const diff = x - y;
    const pct = y ? ` (${formatOneDecimal(Math.abs((100 * diff) / y))}%)` : '';
    cands.push({
      z: t.z,
      sentence:
        `${name} ${diff > 0 ? 'rose' : 'fell'} by ${formatInt(Math.abs(diff))}${pct} on ` +
        `${on}${parts && label ? carrier(parts, diff, label) : ''}.`,
    });
  };
  const rate = (name: string, a: RateCell | null | undefined, b: RateCell | null | undefined): void => {
    if (
      !a ||
      !b ||
      a.rate === null ||
      b.rate === null ||
      a.n.value === null ||
      a.N.value === null ||
      b.n.value === null ||
      b.N.value === null
    )
      return;
    const t = twoProportion(a.n.value, a.N.value, b.n.value, b.N.value);
    if (!t.significant) return;
    cands.push({ z: t.z, sentence: `${name} ${a.rate! > b.rate! ? 'rose' : 'fell'} from ${b.percent} in ${on} to ${a.percent}.` });
  };
  const rp = input.receivedParts ? partDiffs(input.receivedParts.now, input.receivedParts.before) : undefined;
  if (input.compareVolumes) {
    count('Patient messages', c.received, p.received, rp, input.partLabel);
    count('Clinician messages', c.sent, p.sent, partDiffs(c.byCategory, p.byCategory), input.categoryLabel);
  }
  rate('Replies within 1 business day (of all patient messages)', c.businessHours?.within1dOfAll, p.businessHours?.within1dOfAll);
  rate('Replies within 1 day (of all patient messages)', c.within1dOfAll, p.within1dOfAll);
  rate('The reply rate', c.replyRate, p.replyRate);
  rate('The evening share of clinician messages', c.evening, p.evening);
  rate('The night share of clinician messages', c.night, p.night);
  rate('The weekend share of clinician messages', c.weekend, p.weekend);
  const top = cands.sort((a, b) => Math.abs(b.z) - Math.abs(a.z))[0];
  return top ? top.sentence : null;
}
