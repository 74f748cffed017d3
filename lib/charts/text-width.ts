// Text widths as resvg will draw them: the advance widths of the bundled DejaVu Sans (regular and bold),
// read once per thread from the TTFs' cmap and hmtx tables. Used to wrap titles and to place axes and the
// legend so that nothing overflows the chart (kerning is left out: a few tenths of a pixel a word).
import { readFileSync } from 'node:fs';
import { chartFontFiles } from './font-files.ts';

interface Metrics {
  /** Advance width in font units of each BMP character (the missing glyph's where the font has none). */
  advance: Uint16Array;
  unitsPerEm: number;
}

const loaded: Array<Metrics | undefined> = [];

function metricsOf(bold: boolean): Metrics {
  const i = bold ? 1 : 0;
  let m = loaded[i];
  if (!m) {
    m = readMetrics(readFileSync(chartFontFiles()[i]!));
    loaded[i] = m;
  }
  return m;
}

function readMetrics(font: Buffer): Metrics {
  const tables = new Map<string, number>();
  for (let i = 0; i < font.readUInt16BE(4); i++)
    tables.set(font.toString('latin1', 12 + 16 * i, 16 + 16 * i), font.readUInt32BE(20 + 16 * i));
  const at = (tag: string): number => {
    const o = tables.get(tag);
    if (o === undefined) throw new Error(`chart font without ${tag}`);
    return o;
  };
  const unitsPerEm = font.readUInt16BE(at('head') + 18);
  const longMetrics = font.readUInt16BE(at('hhea') + 34);
  const hmtx = at('hmtx');
  const widthOfGlyph = (g: number): number => font.readUInt16BE(hmtx + 4 * Math.min(g, longMetrics - 1));
  const advance = new Uint16Array(0x10000).fill(widthOfGlyph(0));
  // The Windows BMP subtable (platform 3, encoding 1, format 4): segments of code points to glyph ids.
  const cmap = at('cmap');
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
      if (g !== 0) advance[c] = widthOfGlyph(g);
    }
  }
  return { advance, unitsPerEm };
}

/** The width in pixels of `text` at `size` px, regular or bold. */
export function textWidth(text: string, size: number, bold = false): number {
  const { advance, unitsPerEm } = metricsOf(bold);
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is one character outside the BMP: DejaVu has few; the missing glyph's width.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
    units += advance[c >= 0xd800 && c <= 0xdfff ? 0 : c]!;
  }
  return (units * size) / unitsPerEm;
}

/**
 * Breaks `text` into lines no wider than `max` px at `size`, between words; a word wider than a line on its
 * own is broken between characters.
 */
export function wrapText(text: string, max: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (textWidth(joined, size, bold) <= max) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (textWidth(line, size, bold) > max && line.length > 1) {
      let n = line.length - 1;
      while (n > 1 && textWidth(line.slice(0, n), size, bold) > max) n--;
      lines.push(line.slice(0, n));
      line = line.slice(n);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** `text`, or as much of it as fits in `max` px followed by an ellipsis. */
export function truncateText(text: string, max: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  let n = text.length;
  while (n > 0 && textWidth(`${text.slice(0, n)}…`, size, bold) > max) n--;
  return n > 0 ? `${text.slice(0, n).trimEnd()}…` : '';
}
