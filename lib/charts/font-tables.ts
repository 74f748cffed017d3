// The bundled DejaVu Sans files as the chart code reads them: each file once per thread, its table directory,
// units per em, advance widths (hmtx) and the BMP character map (cmap). text-width.ts measures with these and
// glyph-paths.ts draws with them, so a width measured and a glyph placed come from the same numbers.
import { readFileSync } from 'node:fs';
import { chartFontFiles } from './font-files.ts';

export interface ChartFont {
  font: Buffer;
  /** Whether the font has the table `tag`. */
  has: (tag: string) => boolean;
  /** The offset of table `tag` in `font` (an error when it has none). */
  at: (tag: string) => number;
  unitsPerEm: number;
  /** BMP code point -> glyph id (0: the font has none). */
  glyphOf: Uint16Array;
  /** Advance width of glyph `g` in font units. */
  advanceOf: (g: number) => number;
}

const loaded: Array<ChartFont | undefined> = [];

/** The regular or bold chart font, read and indexed on first use in this thread. */
export function chartFont(bold: boolean): ChartFont {
  const i = bold ? 1 : 0;
  let f = loaded[i];
  if (!f) {
    f = readChartFont(readFileSync(chartFontFiles()[i]!));
    loaded[i] = f;
  }
  return f;
}

function readChartFont(font: Buffer): ChartFont {
  const tables = new Map<string, number>();
  for (let i = 0; i < font.readUInt16BE(4); i++)
    tables.set(font.toString('latin1', 12 + 16 * i, 16 + 16 * i), font.readUInt32BE(20 + 16 * i));
  const at = (tag: string): number => {
    const o = tables.get(tag);
    if (o === undefined) throw new Error(`chart font without ${tag}`);
    return o;
  };
  const longMetrics = font.readUInt16BE(at('hhea') + 34);
  const hmtx = at('hmtx');
  return {
    font,
    has: (tag) => tables.has(tag),
    at,
    unitsPerEm: font.readUInt16BE(at('head') + 18),
    glyphOf: readCmap(font, at('cmap')),
    advanceOf: (g) => font.readUInt16BE(hmtx + 4 * Math.min(g, longMetrics - 1)),
  };
}

/** The Windows BMP subtable (platform 3, encoding 1, format 4): segments of code points to glyph ids. */
function readCmap(font: Buffer, cmap: number): Uint16Array {
  const glyphOf = new Uint16Array(0x10000);
  let sub = -1;
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const rec = cmap + 4 + 8 * i;
    if (font.readUInt16BE(rec) === 3 && font.readUInt16BE(rec + 2) === 1) sub = cmap + font.readUInt32BE(rec + 4);
  }
  if (sub < 0 || font.readUInt16BE(sub) !== 4) throw new Error('chart font without a format 4 cmap');
  const segs = font.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segs + 2;
  const deltas = starts + 2 * segs;
  const offsets = deltas + 2 * segs;
  for (let s = 0; s < segs; s++) {
    const end = font.readUInt16BE(ends + 2 * s);
    const start = font.readUInt16BE(starts + 2 * s);
    const delta = font.readUInt16BE(deltas + 2 * s);
    const rangeOffset = font.readUInt16BE(offsets + 2 * s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let g: number;
      if (rangeOffset === 0) g = (c + delta) & 0xffff;
      else {
        g = font.readUInt16BE(offsets + 2 * s + rangeOffset + 2 * (c - start));
        if (g !== 0) g = (g + delta) & 0xffff;
      }
      glyphOf[c] = g;
    }
  }
  return glyphOf;
}
