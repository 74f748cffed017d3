// What every chart spec shares: the bundled font, readable sizes at 560 px, a white background, and the
// "not drawn" note for suppressed values.
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './render.ts';
import { EMAIL_WIDTH } from './palette.ts';

/** What a chart builder returns: the spec, alt text that states the numbers, and the note on hidden values. */
export interface ChartBuild {
  spec: TopLevelSpec;
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

export const CONFIG = {
  font: CHART_FONT,
  background: '#ffffff',
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    labelColor: '#222222',
    titleColor: '#222222',
    gridColor: '#e6e6e6',
    domainColor: '#888888',
    tickColor: '#888888',
  },
  legend: {
    labelFontSize: 11,
    titleFontSize: 12,
    orient: 'bottom',
    direction: 'horizontal',
    labelLimit: 400,
    labelColor: '#222222',
    titleColor: '#222222',
    symbolStrokeWidth: 2,
  },
  title: {
    fontSize: 14,
    subtitleFontSize: 11,
    anchor: 'start',
    baseline: 'top',
    frame: 'group',
    color: '#111111',
    subtitleColor: '#444444',
    offset: 8,
  },
} as const;

export interface Frame {
  $schema: string;
  width: number;
  height: number;
  autosize: { type: 'fit'; contains: 'padding' };
  padding: number;
  config: typeof CONFIG;
  title: { text: string | string[]; subtitle?: string[] };
}

/**
 * Breaks text into lines of at most `max` characters. Vega lays text out with an estimate of 0.8 em a
 * character when it has no canvas (Node), so one long title line would claim far more width than it draws
 * and squeeze the plot; short lines keep the estimate inside the 560 px.
 */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The shared top level: `height` is the whole figure's height (title, axes and legend included). */
export function frame(title: string, note: string | null, height: number): Frame {
  const text = wrap(title, 48);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: EMAIL_WIDTH,
    height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 8,
    config: CONFIG,
    title: note ? { text: text.length === 1 ? text[0]! : text, subtitle: wrap(note, 60) } : { text: text.length === 1 ? text[0]! : text },
  };
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
