// What every chart builder shares: what it returns, the "not drawn" note for suppressed values, month and
// list wording.
import { EMAIL_WIDTH } from './palette.ts';
import type { ChartSpec } from './spec.ts';

/** What a chart builder returns: the spec, alt text that states the numbers, and the note on hidden values. */
export interface ChartBuild {
  spec: ChartSpec;
  alt: string;
  /** Set when some values are not drawn (suppressed); also printed as the chart's subtitle. */
  note: string | null;
  width: number;
  height: number;
}

/** A disclosed value as charts receive it: the number when shown, else null and the text shown instead. */
export interface ChartValue {
  value: number | null;
  text: string;
  suppressed: boolean;
}

/** "Jul 2016" from "2016-07". */
export function shortMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][mo - 1]} ${y}`;
}

/** "a, b and c". */
export function listing(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The subtitle of a chart with hidden values, e.g. "Hours not shown for privacy (...) are not drawn." */
export function notDrawn(what: string, hiddenCount: number, maxSmallCount = 10): string | null {
  return hiddenCount === 0
    ? null
    : `${what} not shown for privacy (a count from 1 to ${maxSmallCount}, or one it would reveal) are not drawn.`;
}

/** Options every builder takes. */
export interface ChartOptions {
  title?: string;
  /** settings.disclosure.max_small_count, for the "not drawn" note. */
  maxSmallCount?: number;
  height?: number;
}

/** A chart of `kind` with nothing drawn yet: 560 px wide (the email column), `height` the whole figure's. */
export function baseSpec(kind: ChartSpec['kind'], title: string, note: string | null, height: number): ChartSpec {
  return {
    kind,
    width: EMAIL_WIDTH,
    height,
    title,
    subtitle: note,
    x: { title: null, labels: [], labelAngle: 0 },
    y: { title: '', format: 'integer', domain: null },
    series: [],
    lineWidth: 2,
    pointSize: 50,
    rings: [],
    bars: [],
    labels: [],
    legend: { entries: [], columns: null },
  };
}
