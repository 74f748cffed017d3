// Text widths as resvg will draw them: the advance widths of the bundled DejaVu Sans (regular and bold),
// read once per thread from the TTFs' cmap and hmtx tables (font-tables.ts). Used to wrap titles and to place axes and the
// legend so that nothing overflows the chart (kerning is left out: a few tenths of a pixel a word).
import { chartFont } from './font-tables.ts';

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
    const { glyphOf, advanceOf, unitsPerEm } = chartFont(bold);
    const advance = new Uint16Array(0x10000);
    for (let c = 0; c < advance.length; c++) advance[c] = advanceOf(glyphOf[c]!);
    m = { advance, unitsPerEm };
    loaded[i] = m;
  }
  return m;
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
