// The plain description of a chart the builders fill (trend.ts, hours.ts, bars.ts) and svg-writer.ts draws:
// only what our charts use (lines with points on ordinal months or hours, plain or stacked bars, value
// labels, a bottom legend). Plain data (no functions), so a model that holds one stays serialisable.
import type { SHAPES } from './palette.ts';

export type PointShape = (typeof SHAPES)[number];

/** How the y axis writes its tick values: '40%', '1,234', '350k'. */
export type NumberFormat = 'percent' | 'integer' | 'si';

/** One line of a line chart: one value per x category, null where nothing is drawn (the line breaks). */
export interface LineSeries {
  name: string;
  color: string;
  /** Stroke dash pattern; [1, 0] is solid. */
  dash: readonly number[];
  shape: PointShape;
  values: Array<number | null>;
}

/** One bar (or one segment of a stacked bar) from y0 up to y1 in the slot of x category `x`. */
export interface BarMark {
  x: number;
  y0: number;
  y1: number;
  color: string;
}

/**
 * Text at a value: the number above a bar (`vertical` false: centred, just above `y`) or a hidden value's
 * text in its empty slot (`vertical` true: reading upwards from `y`).
 */
export interface ValueLabel {
  x: number;
  y: number;
  text: string;
  vertical: boolean;
}

export interface LegendEntry {
  label: string;
  color: string;
  /** 'line': a stroke in the series' dash with its point shape; 'square': a bar's swatch. */
  symbol: 'line' | 'square';
  dash?: readonly number[];
  shape?: PointShape;
}

export interface ChartSpec {
  /** 'line': x categories are points (half a step in from each end); 'bar': they are bands. */
  kind: 'line' | 'bar';
  /** The whole figure in CSS pixels (title, axes and legend included). */
  width: number;
  height: number;
  /** Wrapped to the chart's width when drawn. */
  title: string;
  /** The note under the title (what is not drawn and why), wrapped too; null for none. */
  subtitle: string | null;
  x: {
    title: string | null;
    /** The label of each category, in drawing order. */
    labels: string[];
    /** Degrees: 0 (horizontal), or negative (reading upwards, ending at the tick). */
    labelAngle: number;
  };
  y: {
    title: string;
    format: NumberFormat;
    /** A fixed domain (rates: [0, 1]); else from 0 to the largest value, rounded up to a tick step. */
    domain: [number, number] | null;
  };
  series: LineSeries[];
  lineWidth: number;
  /** Point marks' area in square pixels (as Vega's `size`). */
  pointSize: number;
  /** Rings around points (unusual months): x category and value. */
  rings: Array<{ x: number; y: number }>;
  bars: BarMark[];
  labels: ValueLabel[];
  legend: { entries: LegendEntry[]; columns: number | null };
}
