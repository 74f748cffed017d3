// Draws a ChartSpec (spec.ts) as a standalone SVG string: a white background, the title and its note
// wrapped to the measured width, a linear y axis with gridlines and nice ticks (scale.ts), an ordinal x axis
// (months or hours as points, categories as bands), lines with point shapes, bars, value labels and a
// bottom legend. Every text is placed from its measured width (text-width.ts) so that nothing leaves the
// viewBox; the figure grows taller only when a long title would leave the plot too little room. The output
// is deterministic: coordinates are rounded to 2 decimals, and text is escaped without numeric references
// (render.ts gives an SVG with one the full fonts).
import { CHART_FONT } from './font-files.ts';
import { type GlyphTextOpts, glyphTextPath } from './glyph-paths.ts';
import { formatTicks, niceDomain, ticks } from './scale.ts';
import type { ChartSpec, LegendEntry, PointShape } from './spec.ts';
import { textWidth, truncateText, wrapText } from './text-width.ts';

const PAD = 8;
const TITLE = { size: 14, line: 17, color: '#111111' };
const SUBTITLE = { size: 11, line: 14, color: '#444444' };
/** Between the title block and the plot. */
const TITLE_OFFSET = 10;
const AXIS = { label: 11, title: 12, tick: 5, labelPad: 2, titlePad: 5, color: '#222222', line: '#888888', grid: '#e6e6e6' };
const LEGEND = { size: 11, row: 19, offset: 14, symbol: 22, swatch: 10, gap: 6, columnPad: 20, color: '#222222' };
/** The longest x label drawn (longer ones end in an ellipsis; the alt text has them whole). */
const X_LABEL_LIMIT = 200;
/** A plot never shorter than this: a long title makes the figure taller instead. */
const MIN_PLOT_HEIGHT = 80;
/** Vega-Lite's defaults: bars fill 90% of their band, with half a gap at each end. */
const BAND_INNER = 0.1;
const BAND_OUTER = 0.05;
const RING = { size: 420, width: 2.5, color: '#a4262c' };

/** A 1 px line's position on a pixel's middle, so it is drawn sharp (at 1x and 2x) rather than smeared over two. */
const crisp = (v: number): number => Math.round(v - 0.5) + 0.5;

/** A number in SVG: at most 2 decimals, no "-0". */
function n(v: number): string {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? '0' : String(r);
}

/** Characters XML 1.0 does not allow (controls, lone surrogates, U+FFFE/F). */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(s: string): string {
  return s
    .replace(NOT_XML, '')
    .replace(/[\t\n\r]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** How a text is drawn: the same options whether it is a <text> or glyph paths (glyph-paths.ts). */
type TextOpts = GlyphTextOpts;

/** A text whose alphabetic baseline is at (x, y). */
function textElement(x: number, y: number, s: string, o: TextOpts): string {
  const at = o.angle ? ` transform="translate(${n(x)},${n(y)}) rotate(${n(o.angle)})"` : ` x="${n(x)}" y="${n(y)}"`;
  const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
  const weight = o.bold ? ' font-weight="bold"' : '';
  const cls = o.cls ? ` class="${o.cls}"` : '';
  return `<text${cls}${at} font-size="${o.size}"${weight}${anchor} fill="${o.color}">${escapeXml(s)}</text>`;
}

/** Baseline offsets of DejaVu Sans: from a line's top to its baseline, and from its middle. */
const TOP_TO_BASELINE = 0.8;
const MIDDLE_TO_BASELINE = 0.35;

/** A point mark's outline of `size` square pixels at (x, y), as an SVG element. */
function symbol(shape: PointShape, x: number, y: number, size: number, fill: string, cls: string): string {
  const c = `class="${cls}" fill="${fill}"`;
  if (shape === 'circle') return `<circle ${c} cx="${n(x)}" cy="${n(y)}" r="${n(Math.sqrt(size / Math.PI))}"/>`;
  if (shape === 'square') {
    const s = Math.sqrt(size);
    return `<rect ${c} x="${n(x - s / 2)}" y="${n(y - s / 2)}" width="${n(s)}" height="${n(s)}"/>`;
  }
  let d: string;
  if (shape === 'triangle-up') {
    // Equilateral, of the same area, its centroid on the point.
    const a = Math.sqrt((4 * size) / Math.sqrt(3));
    const h = (a * Math.sqrt(3)) / 2;
    d = `M${n(x)},${n(y - (2 * h) / 3)}L${n(x + a / 2)},${n(y + h / 3)}L${n(x - a / 2)},${n(y + h / 3)}Z`;
  } else if (shape === 'diamond') {
    const r = Math.sqrt(size / 2);
    d = `M${n(x)},${n(y - r)}L${n(x + r)},${n(y)}L${n(x)},${n(y + r)}L${n(x - r)},${n(y)}Z`;
  } else {
    // A plus sign, as Vega's 'cross'.
    const r = Math.sqrt(size) / 2;
    const s = r / 2.5;
    d =
      `M${n(x - r)},${n(y - s)}H${n(x - s)}V${n(y - r)}H${n(x + s)}V${n(y - s)}H${n(x + r)}V${n(y + s)}` +
      `H${n(x + s)}V${n(y + r)}H${n(x - s)}V${n(y + s)}H${n(x - r)}Z`;
  }
  return `<path ${c} d="${d}"/>`;
}

const dashAttr = (dash: readonly number[] | undefined): string =>
  dash && !(dash.length === 2 && dash[1] === 0) ? ` stroke-dasharray="${dash.join(',')}"` : '';

interface LegendLayout {
  columns: number;
  columnWidth: number;
  rows: number;
  labels: string[];
  width: number;
  height: number;
}

function legendLayout(entries: LegendEntry[], columns: number | null, available: number): LegendLayout | null {
  if (entries.length === 0) return null;
  const symbolW = (e: LegendEntry) => (e.symbol === 'line' ? LEGEND.symbol : LEGEND.swatch) + LEGEND.gap;
  const widest = Math.max(...entries.map((e) => symbolW(e) + textWidth(e.label, LEGEND.size)));
  let cols = columns ?? Math.floor((available + LEGEND.columnPad) / (widest + LEGEND.columnPad));
  cols = Math.max(1, Math.min(entries.length, cols));
  const columnWidth = Math.min(widest + LEGEND.columnPad, (available + LEGEND.columnPad) / cols);
  const labels = entries.map((e) => truncateText(e.label, columnWidth - LEGEND.columnPad - symbolW(e), LEGEND.size));
  const rows = Math.ceil(entries.length / cols);
  const width = Math.min(available, cols * columnWidth - LEGEND.columnPad);
  return { columns: cols, columnWidth, rows, labels, width, height: rows * LEGEND.row };
}

/** How far x labels at `angle` reach below the axis line and to the left and right of their tick. */
function labelExtent(width: number, angle: number): { down: number; left: number; right: number } {
  const half = AXIS.label / 2;
  if (angle === 0) return { down: AXIS.label, left: width / 2, right: width / 2 };
  const a = (Math.abs(angle) * Math.PI) / 180;
  return { down: width * Math.sin(a) + half * Math.cos(a), left: width * Math.cos(a) + half * Math.sin(a), right: half * Math.sin(a) };
}

export interface WriteOptions {
  /**
   * Every text as a <path> of its glyph outlines (glyph-paths.ts) instead of <text>: for the PNG path, so
   * that resvg draws it with no font to load. Pages keep <text> (readable, selectable, accessible).
   */
  textAsPaths?: boolean;
}

/** The chart as a standalone SVG document. */
export function writeSvg(spec: ChartSpec, opts: WriteOptions = {}): string {
  const text = opts.textAsPaths
    ? (x: number, y: number, s: string, o: TextOpts) => glyphTextPath(x, y, s.replace(NOT_XML, ''), o, n)
    : textElement;
  const width = spec.width;
  const contentW = width - 2 * PAD;

  // Top: title lines, note lines, then the plot.
  const titleLines = spec.title ? wrapText(spec.title, contentW, TITLE.size, true) : [];
  const subLines = spec.subtitle ? wrapText(spec.subtitle, contentW, SUBTITLE.size) : [];
  const titleH = titleLines.length * TITLE.line + (subLines.length ? 2 + subLines.length * SUBTITLE.line : 0);
  const plotTop = PAD + (titleH ? titleH + TITLE_OFFSET : AXIS.label / 2);

  // Bottom: legend, x title, x labels.
  const xLabels = spec.x.labels.map((l) => truncateText(l, X_LABEL_LIMIT, AXIS.label));
  const extents = xLabels.map((l) => labelExtent(textWidth(l, AXIS.label), spec.x.labelAngle));
  const labelsDown = Math.max(0, ...extents.map((e) => e.down));
  const xTitleH = spec.x.title ? AXIS.titlePad + AXIS.title : 0;
  const legend = legendLayout(spec.legend.entries, spec.legend.columns, contentW);
  const below = AXIS.tick + AXIS.labelPad + labelsDown + xTitleH + (legend ? LEGEND.offset + legend.height : 0);
  const height = Math.max(spec.height, Math.ceil(plotTop + MIN_PLOT_HEIGHT + below + PAD));
  const plotBottom = height - PAD - below;
  const plotH = plotBottom - plotTop;

  // The y scale: zero up to the largest value drawn (or the fixed domain), widened to nice steps.
  const values = [
    ...spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null)),
    ...spec.bars.map((b) => b.y1),
    ...spec.labels.map((l) => l.y),
  ];
  const top = Math.max(0, ...values);
  const [d0, d1] = spec.y.domain ?? niceDomain(0, top > 0 ? top : 1);
  const tick = ticks(d0, d1, Math.ceil(plotH / 40), spec.y.format === 'percent' ? 0 : 1);
  const yLabels = formatTicks(tick.values, tick.step, spec.y.format);
  const y = (v: number): number => plotBottom - ((v - d0) / (d1 - d0)) * plotH;

  // Left: y title, tick labels, ticks; then the x positions, moved in where an end label would stick out.
  const yTitleW = spec.y.title ? AXIS.title + AXIS.titlePad : 0;
  const yLabelW = Math.max(0, ...yLabels.map((l) => textWidth(l, AXIS.label)));
  let plotLeft = PAD + yTitleW + yLabelW + AXIS.labelPad + AXIS.tick;
  let plotRight = width - PAD;
  const count = xLabels.length;
  const bandStep = (): number => (plotRight - plotLeft) / (spec.kind === 'bar' ? count - BAND_INNER + 2 * BAND_OUTER : count);
  const xAt = (i: number): number =>
    spec.kind === 'bar'
      ? plotLeft + bandStep() * (BAND_OUTER + i) + (bandStep() * (1 - BAND_INNER)) / 2
      : plotLeft + bandStep() * (i + 0.5);
  for (let pass = 0; pass < 3 && count > 0; pass++) {
    const leftmost = Math.min(...extents.map((e, i) => xAt(i) - e.left));
    const rightmost = Math.max(...extents.map((e, i) => xAt(i) + e.right));
    if (leftmost < PAD) plotLeft += PAD - leftmost;
    if (rightmost > width - PAD) plotRight -= rightmost - (width - PAD);
  }
  const bandW = bandStep() * (1 - BAND_INNER);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
      ` font-family="${CHART_FONT}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );

  // Gridlines, then bars, then the axes over them.
  out.push(`<g class="grid" stroke="${AXIS.grid}" stroke-width="1">`);
  for (const v of tick.values) out.push(`<line x1="${n(plotLeft)}" x2="${n(plotRight)}" y1="${n(crisp(y(v)))}" y2="${n(crisp(y(v)))}"/>`);
  out.push('</g>');
  // Segments of a stacked bar are told apart by a thin white edge.
  const stacked = new Set(spec.bars.filter((b, i) => spec.bars.findIndex((o) => o.x === b.x) !== i).map((b) => b.x));
  for (const b of spec.bars) {
    const top = y(b.y1);
    const h = y(b.y0) - top;
    const left = xAt(b.x) - bandW / 2;
    const stroke = stacked.has(b.x) ? ' stroke="#ffffff" stroke-width="0.5"' : '';
    out.push(`<rect class="bar" x="${n(left)}" y="${n(top)}" width="${n(bandW)}" height="${n(h)}" fill="${b.color}"${stroke}/>`);
  }

  const axis = `stroke="${AXIS.line}" stroke-width="1"`;
  out.push(`<path class="axis" ${axis} fill="none" d="M${n(crisp(plotLeft))},${n(plotTop)}V${n(crisp(plotBottom))}H${n(plotRight)}"/>`);
  const tickPath = [
    ...tick.values.map((v) => `M${n(crisp(plotLeft) - AXIS.tick)},${n(crisp(y(v)))}h${AXIS.tick}`),
    ...xLabels.map((_, i) => `M${n(crisp(xAt(i)))},${n(crisp(plotBottom))}v${AXIS.tick}`),
  ];
  out.push(`<path class="ticks" ${axis} d="${tickPath.join('')}"/>`);
  const yLabelX = plotLeft - AXIS.tick - AXIS.labelPad;
  for (const [i, v] of tick.values.entries()) {
    out.push(
      text(yLabelX, y(v) + AXIS.label * MIDDLE_TO_BASELINE, yLabels[i]!, {
        size: AXIS.label,
        color: AXIS.color,
        anchor: 'end',
        cls: 'y-label',
      }),
    );
  }
  const xLabelTop = plotBottom + AXIS.tick + AXIS.labelPad;
  for (const [i, l] of xLabels.entries()) {
    const o = { size: AXIS.label, color: AXIS.color, cls: 'x-label' } as const;
    if (spec.x.labelAngle === 0) out.push(text(xAt(i), xLabelTop + AXIS.label * TOP_TO_BASELINE, l, { ...o, anchor: 'middle' }));
    else {
      // Rotated about its end, which sits under the tick; the baseline is shifted so the text's middle is there.
      const a = (spec.x.labelAngle * Math.PI) / 180;
      const dx = -Math.sin(a) * AXIS.label * MIDDLE_TO_BASELINE;
      const dy = Math.cos(a) * AXIS.label * MIDDLE_TO_BASELINE;
      out.push(text(xAt(i) + dx, xLabelTop + dy, l, { ...o, anchor: 'end', angle: spec.x.labelAngle }));
    }
  }
  if (spec.y.title) {
    const t = truncateText(spec.y.title, plotH, AXIS.title, true);
    out.push(
      text(PAD + AXIS.title * TOP_TO_BASELINE, (plotTop + plotBottom) / 2, t, {
        size: AXIS.title,
        color: AXIS.color,
        bold: true,
        anchor: 'middle',
        angle: -90,
        cls: 'axis-title',
      }),
    );
  }
  if (spec.x.title) {
    const t = truncateText(spec.x.title, contentW, AXIS.title, true);
    const cx = Math.min(
      Math.max((plotLeft + plotRight) / 2, PAD + textWidth(t, AXIS.title, true) / 2),
      width - PAD - textWidth(t, AXIS.title, true) / 2,
    );
    const ty = xLabelTop + labelsDown + AXIS.titlePad + AXIS.title * TOP_TO_BASELINE;
    out.push(text(cx, ty, t, { size: AXIS.title, color: AXIS.color, bold: true, anchor: 'middle', cls: 'axis-title' }));
  }

  // Lines (a null value breaks the path), their points, rings.
  for (const s of spec.series) {
    // Runs of consecutive values; a run of one is its point alone.
    const runs: string[][] = [[]];
    for (const [i, v] of s.values.entries()) {
      if (v === null) runs.push([]);
      else runs[runs.length - 1]!.push(`${n(xAt(i))},${n(y(v))}`);
    }
    const d = runs
      .filter((r) => r.length > 1)
      .map((r) => `M${r.join('L')}`)
      .join('');
    if (d) {
      const attrs = `fill="none" stroke="${s.color}" stroke-width="${spec.lineWidth}" stroke-linejoin="round"${dashAttr(s.dash)}`;
      out.push(`<path class="line" ${attrs} d="${d}"/>`);
    }
  }
  for (const s of spec.series)
    for (const [i, v] of s.values.entries()) if (v !== null) out.push(symbol(s.shape, xAt(i), y(v), spec.pointSize, s.color, 'point'));
  for (const r of spec.rings) {
    const radius = Math.sqrt(RING.size / Math.PI);
    out.push(
      `<circle class="ring" cx="${n(xAt(r.x))}" cy="${n(y(r.y))}" r="${n(radius)}"` +
        ` fill="none" stroke="${RING.color}" stroke-width="${RING.width}"/>`,
    );
  }

  // Value labels: above a bar, or a hidden value's text reading upwards from the baseline of its slot.
  for (const l of spec.labels) {
    if (l.vertical) {
      const label = truncateText(l.text, plotH - 4, 9);
      out.push(text(xAt(l.x) + 9 * MIDDLE_TO_BASELINE, y(l.y) - 2, label, { size: 9, color: '#444444', angle: -90, cls: 'value-label' }));
    } else {
      const label = truncateText(l.text, bandStep(), 10);
      out.push(text(xAt(l.x), y(l.y) - 3, label, { size: 10, color: '#222222', anchor: 'middle', cls: 'value-label' }));
    }
  }

  // Title and note.
  let ty = PAD;
  for (const line of titleLines) {
    out.push(text(PAD, ty + TITLE.size * TOP_TO_BASELINE, line, { size: TITLE.size, color: TITLE.color, bold: true, cls: 'title' }));
    ty += TITLE.line;
  }
  if (subLines.length) ty += 2;
  for (const line of subLines) {
    out.push(text(PAD, ty + SUBTITLE.size * TOP_TO_BASELINE, line, { size: SUBTITLE.size, color: SUBTITLE.color, cls: 'subtitle' }));
    ty += SUBTITLE.line;
  }

  // Legend: under the x axis, from the plot's left edge when it fits there.
  if (legend) {
    const lx = Math.max(PAD, Math.min(plotLeft, width - PAD - legend.width));
    const ly = height - PAD - legend.height;
    for (const [i, e] of spec.legend.entries.entries()) {
      const x = lx + (i % legend.columns) * legend.columnWidth;
      const cy = ly + Math.floor(i / legend.columns) * LEGEND.row + LEGEND.row / 2;
      let sw: number;
      if (e.symbol === 'line') {
        sw = LEGEND.symbol;
        out.push(`<path class="legend-line" stroke="${e.color}" stroke-width="2"${dashAttr(e.dash)} d="M${n(x)},${n(cy)}h${sw}"/>`);
        out.push(symbol(e.shape ?? 'circle', x + sw / 2, cy, 40, e.color, 'legend-symbol'));
      } else {
        sw = LEGEND.swatch;
        out.push(`<rect class="legend-symbol" x="${n(x)}" y="${n(cy - sw / 2)}" width="${sw}" height="${sw}" fill="${e.color}"/>`);
      }
      out.push(
        text(x + sw + LEGEND.gap, cy + LEGEND.size * MIDDLE_TO_BASELINE, legend.labels[i]!, {
          size: LEGEND.size,
          color: LEGEND.color,
          cls: 'legend-label',
        }),
      );
    }
  }
  out.push('</svg>');
  return out.join('');
}
