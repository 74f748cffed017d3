// Bar charts of a distribution: reply delays by bucket, threads by rounds, and the stacked yearly volume
// by clinician category. Hidden values are not drawn; their slot carries the hidden text instead.
import type { CountCell } from '../disclosure/cell-types.ts';
import { baseSpec, notDrawn, type ChartBuild, type ChartOptions } from './common.ts';
import { PALETTE } from './palette.ts';
import type { ChartSpec } from './spec.ts';

type Count = Pick<CountCell, 'value' | 'text' | 'suppressed'>;

export interface Bar {
  label: string;
  count: Count;
}

function barsSpec(title: string, note: string | null, height: number, bars: Bar[], xTitle: string, yTitle: string): ChartSpec {
  const spec = baseSpec('bar', title, note, height);
  spec.x = { title: xTitle, labels: bars.map((b) => b.label), labelAngle: bars.length > 6 ? -30 : 0 };
  spec.y = { title: yTitle, format: 'integer', domain: null };
  for (const [i, b] of bars.entries()) {
    if (b.count.value !== null) spec.bars.push({ x: i, y0: 0, y1: b.count.value, color: PALETTE[0] });
    // The value above each bar (or, for a hidden one, its hidden text at the baseline): readable without colour.
    spec.labels.push({ x: i, y: b.count.value ?? 0, text: b.count.text, vertical: false });
  }
  return spec;
}

function build(kind: string, title: string, bars: Bar[], xTitle: string, yTitle: string, what: string, opts: ChartOptions): ChartBuild {
  const height = opts.height ?? 280;
  const hidden = bars.filter((b) => b.count.suppressed).length;
  const note = notDrawn(what, hidden, opts.maxSmallCount);
  const alt = `${kind}: ${title}. ${bars.map((b) => `${b.label}: ${b.count.text}`).join('; ')}.${note ? ` ${note}` : ''}`;
  return { spec: barsSpec(title, note, height, bars, xTitle, yTitle), alt, note, width: 560, height };
}

/** Answered patient messages by reply delay bucket ("under 1 h", "1-4 h", ...). */
export function delayHistogramChart(buckets: Bar[], opts: ChartOptions = {}): ChartBuild {
  return build('Bar chart', opts.title ?? 'Time to reply to patient messages', buckets, 'Time to reply', 'Messages', 'Buckets', opts);
}

/** Threads by number of back-and-forth rounds: 1, 2, 3, 4, 5+. */
export function roundsChart(rounds: Bar[], opts: ChartOptions = {}): ChartBuild {
  return build('Bar chart', opts.title ?? 'Threads by number of back-and-forth rounds', rounds, 'Rounds', 'Threads', 'Bars', opts);
}

export interface YearVolume {
  year: number;
  /** Clinician messages by category label, in legend order. */
  byCategory: Array<{ label: string; count: Count }>;
  /** Patient messages received that year. */
  patientSide: Count;
}

/** Clinician messages per year stacked by category (hidden categories leave a gap the note explains). */
export function yearlyVolumeChart(years: YearVolume[], opts: ChartOptions = {}): ChartBuild {
  const title = opts.title ?? 'Clinician messages per year by category';
  const height = opts.height ?? 400;
  const labels = years[0]?.byCategory.map((c) => c.label) ?? [];
  for (const y of years) for (const c of y.byCategory) if (!labels.includes(c.label)) labels.push(c.label);
  const drawnCells = years.map((y) => y.byCategory.filter((c) => c.count.value !== null && c.count.value > 0));
  // The legend lists only categories drawn somewhere; the alt text and the table carry the rest.
  const drawn = labels.filter((l) => drawnCells.some((cells) => cells.some((c) => c.label === l)));
  const hidden = years.reduce((a, y) => a + y.byCategory.filter((c) => c.count.suppressed).length, 0);
  const note = notDrawn('Categories', hidden, opts.maxSmallCount);
  const colour = (label: string): string => PALETTE[drawn.indexOf(label) % PALETTE.length]!;
  const spec = baseSpec('bar', title, note, height);
  spec.x = { title: null, labels: years.map((y) => String(y.year)), labelAngle: 0 };
  spec.y = { title: 'Clinician messages', format: 'si', domain: null };
  // Stacked in legend order (first category at the bottom), so the two read the same way.
  for (const [i, cells] of drawnCells.entries()) {
    let base = 0;
    for (const c of [...cells].sort((a, b) => drawn.indexOf(a.label) - drawn.indexOf(b.label))) {
      spec.bars.push({ x: i, y0: base, y1: base + c.count.value!, color: colour(c.label) });
      base += c.count.value!;
    }
  }
  spec.legend = { entries: drawn.map((l) => ({ label: l, color: colour(l), symbol: 'square' })), columns: 2 };
  const alt =
    `Stacked bar chart: ${title}. ` +
    years
      .map((y) => `${y.year}: ${y.byCategory.map((c) => `${c.label} ${c.count.text}`).join(', ')}; patient messages ${y.patientSide.text}`)
      .join('. ') +
    `.${note ? ` ${note}` : ''}`;
  return { spec, alt, note, width: 560, height };
}
