// Renders Vega-Lite specs in Node: SVG for pages (vega's headless 'none' renderer, no canvas needed) and
// PNG for email (resvg). resvg silently drops every glyph when it finds no font, and a Lambda or a fresh
// container has none, so the PNG path loads the bundled DejaVu Sans files explicitly with system fonts off:
// the same pixels everywhere.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type RenderedImage, renderAsync, Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { parseChart } from './compile-cache.ts';
import { leanCovers, leanFontFile } from './lean-font.ts';
import { encodeOpaquePng } from './png-encode.ts';

export type ChartSpec = TopLevelSpec;

/** The font family every chart spec names; the PNG renderer maps it (and sans-serif) to the bundled files. */
export const CHART_FONT = 'DejaVu Sans';

const require = createRequire(import.meta.url);

/** Absolute paths of the bundled DejaVu Sans regular and bold TTFs (package `dejavu-fonts-ttf`). */
export function chartFontFiles(): string[] {
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')];
}

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

/** Compiles a Vega-Lite spec and renders it to a standalone SVG string (text as <text>, font DejaVu Sans). */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new vega.View(parseChart(spec), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
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
  const svg = await renderSvg(spec);
  return pngOf(await renderAsync(svg, resvgOptions(opts, svg)));
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
