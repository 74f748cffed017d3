// Renders chart specs in Node: SVG for pages (svg-writer.ts: our own writer for the few chart forms we draw)
// and PNG for email (resvg). resvg silently drops every glyph when it finds no font, and a Lambda or a fresh
// container has none, so the PNG path loads the bundled DejaVu Sans files explicitly with system fonts off:
// the same pixels everywhere. A chart whose text is all Latin is rasterised from an SVG with its text drawn as
// glyph outlines (glyph-paths.ts) and no font at all: the same pixels, without resvg's font reads.
import { type RenderedImage, renderAsync, Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { CHART_FONT, chartFontFiles } from './font-files.ts';
import { glyphPathsDraw } from './glyph-paths.ts';
import { leanCovers, leanFontFile } from './lean-font.ts';
import { encodeOpaquePng } from './png-encode.ts';
import type { ChartSpec } from './spec.ts';
import { writeSvg } from './svg-writer.ts';

export type { ChartSpec } from './spec.ts';
export { CHART_FONT, chartFontFiles } from './font-files.ts';

/**
 * The font files to rasterise `svg` with: the lean copies (lean-font.ts: the same pixels, far cheaper for
 * resvg to read) when every character of the SVG is one they draw, else the full files. A numeric
 * character reference could name any character, so an SVG with one takes the full files.
 */
function fontFilesFor(svg: string | undefined): string[] {
  const full = chartFontFiles();
  if (svg === undefined || svg.includes('&#') || !leanCovers(svg)) return full;
  const lean = full.map(leanFontFile);
  return lean.every((f) => f !== null) ? (lean as string[]) : full;
}

/** The chart as a standalone SVG string (text as <text>, font DejaVu Sans); synchronous, no I/O after the first call. */
export function renderSvg(spec: ChartSpec): string {
  return writeSvg(spec);
}

export interface PngOptions {
  /** Pixel density: 2 (default) gives a crisp image on high-density screens at the spec's CSS size. */
  scale?: number;
  /** Background colour; default white (email clients in dark mode would otherwise show black text on black). */
  background?: string;
}

/**
 * Renders a spec to PNG with the bundled font loaded explicitly (system fonts off): rasterised off the main
 * thread (resvg's thread pool), written by png-encode.ts (cheaper than resvg's own encoder, same pixels).
 */
export async function renderPng(spec: ChartSpec, opts: PngOptions = {}): Promise<Buffer> {
  const paths = pngSvg(spec);
  if (paths !== null) return pngOf(await renderAsync(paths, noFontOptions(opts)));
  const svg = renderSvg(spec);
  return pngOf(await renderAsync(svg, resvgOptions(opts, svg)));
}

/**
 * The chart's SVG for rasterising, its text drawn as glyph outlines (glyph-paths.ts: resvg then loads no
 * font, a third of the CPU a chart took), or null when some text is outside the lean font's Latin ranges:
 * other scripts need resvg's shaping (joining forms, marks), so such a chart keeps <text> and the fonts (as
 * does one with a soft hyphen or a bidirectional control: glyphPathsDraw).
 */
export function pngSvg(spec: ChartSpec): string | null {
  const svg = renderSvg(spec);
  if (!leanCovers(svg) || !glyphPathsDraw(svg)) return null;
  return writeSvg(spec, { textAsPaths: true });
}

/** The options for an SVG without <text>: no font files at all (resvg would read them for nothing). */
export function noFontOptions(opts: PngOptions = {}): ResvgRenderOptions {
  return { ...resvgOptions(opts), font: { loadSystemFonts: false, fontFiles: [] } };
}

/** Rasterises an SVG string with the bundled font (exported for tests and for callers that already hold SVG). */
export function svgToPng(svg: string, opts: PngOptions = {}): Buffer {
  return pngOf(new Resvg(svg, resvgOptions(opts, svg)).render());
}

/** An image with transparent pixels (a transparent background) keeps resvg's encoder, which un-premultiplies. */
function pngOf(img: RenderedImage): Buffer {
  return encodeOpaquePng({ width: img.width, height: img.height, pixels: img.pixels }) ?? img.asPng();
}

/**
 * The resvg options a chart is rasterised with; without `svg`, the full font files (exported for tests that
 * compare against resvg's own encoder and fonts).
 */
export function resvgOptions(opts: PngOptions = {}, svg?: string): ResvgRenderOptions {
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: fontFilesFor(svg),
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
      serifFamily: CHART_FONT,
      monospaceFamily: CHART_FONT,
    },
    fitTo: { mode: 'zoom', value: opts.scale ?? 2 },
    background: opts.background ?? '#ffffff',
    logLevel: 'off',
  };
}
