// Chart text as glyph outlines, for the PNG path only (issue 13). resvg-js 2.6 lays text out through a fontdb
// that takes font files only and re-reads the whole file each time it looks at a face (about 260 reads a
// chart): two thirds of a chart's rasterising CPU. Drawn as <path> elements from DejaVu Sans's own TrueType
// outlines, the same text needs no font at all in resvg. The outlines (glyf: quadratic contours, composite
// glyphs), units per em (head), advance widths (hmtx, as text-width.ts reads them) and pair kerning (GPOS
// 'kern', which resvg's shaper applies) come from the bundled files, read once per thread; each glyph's path
// is built once per thread too. The page SVGs keep <text> (readable, selectable, accessible).
import { type ChartFont, chartFont } from './font-tables.ts';

/** The chart font (font-tables.ts) with what drawing needs besides: ligatures, kerning, outlines. */
interface Font extends ChartFont {
  /** The glyphs with the font's default ligatures made. */
  ligate: (glyphs: number[]) => number[];
  /** Kerning between two glyphs, in font units (0 for most pairs). */
  kern: (left: number, right: number) => number;
  glyf: number;
  loca: number;
  longLoca: boolean;
  /** Path data of each glyph drawn so far, in font units, y up, its origin at 0. */
  paths: Map<number, Outline>;
}

/** A glyph's outline: its first point apart, so a text's path can move the whole glyph by rewriting one M. */
interface Outline {
  x0: number;
  y0: number;
  /** The rest of the path, relative commands only (so it follows wherever the first M puts it). */
  rest: string;
}

const loaded: Array<Font | undefined> = [];

function fontOf(bold: boolean): Font {
  const i = bold ? 1 : 0;
  let f = loaded[i];
  if (!f) {
    f = drawingFont(chartFont(bold));
    loaded[i] = f;
  }
  return f;
}

function drawingFont(base: ChartFont): Font {
  const { font, at, has } = base;
  return {
    ...base,
    ligate: has('GSUB') ? gsubLigatures(font, at('GSUB')) : (g) => g,
    kern: has('GPOS') ? gposKerning(font, at('GPOS')) : () => 0,
    glyf: at('glyf'),
    loca: at('loca'),
    longLoca: font.readInt16BE(at('head') + 50) === 1,
    paths: new Map(),
  };
}

/**
 * Pair kerning from the GPOS lookups of the 'kern' feature (pair adjustment, formats 1 and 2, also behind
 * extension lookups): the x advance adjustment of the first glyph, the only value DejaVu's pairs carry.
 */
function gposKerning(font: Buffer, gpos: number): (left: number, right: number) => number {
  const u16 = (o: number) => font.readUInt16BE(o);
  const i16 = (o: number) => font.readInt16BE(o);
  const features = gpos + u16(gpos + 6);
  const lookupList = gpos + u16(gpos + 8);
  const lookups = new Set<number>();
  for (let i = 0; i < u16(features); i++) {
    const rec = features + 2 + 6 * i;
    if (font.toString('latin1', rec, rec + 4) !== 'kern') continue;
    const feature = features + u16(rec + 4);
    for (let k = 0; k < u16(feature + 2); k++) lookups.add(u16(feature + 4 + 2 * k));
  }
  const coverageIndex = (o: number, g: number): number => coverageIndexOf(font, o, g);
  const classOf = (o: number, g: number): number => {
    if (u16(o) === 1) {
      const first = u16(o + 2);
      return g >= first && g < first + u16(o + 4) ? u16(o + 6 + 2 * (g - first)) : 0;
    }
    for (let i = 0; i < u16(o + 2); i++) {
      const r = o + 4 + 6 * i;
      if (g >= u16(r) && g <= u16(r + 2)) return u16(r + 4);
    }
    return 0;
  };
  /** Bytes of a value record of `format`, and the offset of its x advance within (-1: none). */
  const valueSize = (format: number): number => 2 * popcount(format);
  const xAdvanceAt = (format: number): number => (format & 4 ? 2 * popcount(format & 3) : -1);
  const subtables: number[] = [];
  for (const l of [...lookups].sort((a, b) => a - b)) {
    const lookup = lookupList + u16(lookupList + 2 + 2 * l);
    const type = u16(lookup);
    for (let k = 0; k < u16(lookup + 4); k++) {
      let st = lookup + u16(lookup + 6 + 2 * k);
      if (type === 9) {
        if (u16(st + 2) !== 2) continue;
        st += font.readUInt32BE(st + 4);
      } else if (type !== 2) continue;
      subtables.push(st);
    }
  }
  const pair = (st: number, left: number, right: number): number | null => {
    const ci = coverageIndex(st + u16(st + 2), left);
    if (ci < 0) return null;
    const f1 = u16(st + 4);
    const f2 = u16(st + 6);
    const x = xAdvanceAt(f1);
    if (u16(st) === 1) {
      const set = st + u16(st + 10 + 2 * ci);
      const rec = 2 + valueSize(f1) + valueSize(f2);
      for (let i = 0; i < u16(set); i++) {
        const r = set + 2 + rec * i;
        if (u16(r) === right) return x < 0 ? 0 : i16(r + 2 + x);
      }
      return null;
    }
    const c1 = classOf(st + u16(st + 8), left);
    const c2 = classOf(st + u16(st + 10), right);
    const class2Count = u16(st + 14);
    const rec = valueSize(f1) + valueSize(f2);
    const r = st + 16 + (c1 * class2Count + c2) * rec;
    return x < 0 ? 0 : i16(r + x);
  };
  const cache = new Map<number, number>();
  return (left, right) => {
    const key = left * 0x10000 + right;
    let v = cache.get(key);
    if (v === undefined) {
      v = 0;
      // The first subtable that covers the pair decides (format 2 covers every right glyph of its left ones).
      for (const st of subtables) {
        const got = pair(st, left, right);
        if (got !== null) {
          v = got;
          break;
        }
      }
      cache.set(key, v);
    }
    return v;
  };
}

/** Index of glyph `g` in the OpenType coverage table at `o`, or -1. */
function coverageIndexOf(font: Buffer, o: number, g: number): number {
  const u16 = (at: number) => font.readUInt16BE(at);
  if (u16(o) === 1) {
    for (let i = 0; i < u16(o + 2); i++) if (u16(o + 4 + 2 * i) === g) return i;
  } else
    for (let i = 0; i < u16(o + 2); i++) {
      const r = o + 4 + 6 * i;
      if (g >= u16(r) && g <= u16(r + 2)) return u16(r + 4) + g - u16(r);
    }
  return -1;
}

/**
 * The ligatures resvg's shaper makes by default (GSUB features liga, clig and rlig: ligature substitution,
 * also behind extension lookups), applied lookup by lookup over a run of glyphs: DejaVu Sans joins ff, fi, fl.
 */
function gsubLigatures(font: Buffer, gsub: number): (glyphs: number[]) => number[] {
  const u16 = (o: number) => font.readUInt16BE(o);
  const features = gsub + u16(gsub + 6);
  const lookupList = gsub + u16(gsub + 8);
  const lookups = new Set<number>();
  for (let i = 0; i < u16(features); i++) {
    const rec = features + 2 + 6 * i;
    if (!['liga', 'clig', 'rlig'].includes(font.toString('latin1', rec, rec + 4))) continue;
    const feature = features + u16(rec + 4);
    for (let k = 0; k < u16(feature + 2); k++) lookups.add(u16(feature + 4 + 2 * k));
  }
  const subtables: number[][] = [];
  for (const l of [...lookups].sort((a, b) => a - b)) {
    const lookup = lookupList + u16(lookupList + 2 + 2 * l);
    const list: number[] = [];
    for (let k = 0; k < u16(lookup + 4); k++) {
      let st = lookup + u16(lookup + 6 + 2 * k);
      let type = u16(lookup);
      if (type === 7) {
        type = u16(st + 2);
        st += font.readUInt32BE(st + 4);
      }
      if (type === 4) list.push(st);
    }
    if (list.length) subtables.push(list);
  }
  /** The ligature starting at glyphs[i] in subtable `st`: [glyph, components], or null. */
  const match = (st: number, glyphs: number[], i: number): [number, number] | null => {
    const ci = coverageIndexOf(font, st + u16(st + 2), glyphs[i]!);
    if (ci < 0) return null;
    const set = st + u16(st + 6 + 2 * ci);
    for (let k = 0; k < u16(set); k++) {
      const lig = set + u16(set + 2 + 2 * k);
      const count = u16(lig + 2);
      let ok = i + count <= glyphs.length;
      for (let c = 1; ok && c < count; c++) ok = glyphs[i + c] === u16(lig + 2 + 2 * c);
      if (ok) return [u16(lig), count];
    }
    return null;
  };
  return (input) => {
    let glyphs = input;
    for (const list of subtables) {
      const out: number[] = [];
      for (let i = 0; i < glyphs.length; ) {
        let got: [number, number] | null = null;
        for (const st of list) if ((got = match(st, glyphs, i))) break;
        if (got) {
          out.push(got[0]);
          i += got[1];
        } else out.push(glyphs[i++]!);
      }
      glyphs = out;
    }
    return glyphs;
  };
}

function popcount(v: number): number {
  let c = 0;
  for (let b = v; b; b >>= 1) c += b & 1;
  return c;
}

interface Point {
  x: number;
  y: number;
  on: boolean;
}

/** The contours of glyph `g` in font units, components of a composite glyph placed and scaled. */
function contoursOf(f: Font, g: number, depth = 0): Point[][] {
  const { font } = f;
  const offset = (i: number) => (f.longLoca ? font.readUInt32BE(f.loca + 4 * i) : 2 * font.readUInt16BE(f.loca + 2 * i));
  const start = f.glyf + offset(g);
  if (offset(g + 1) === offset(g)) return [];
  const count = font.readInt16BE(start);
  if (count < 0) {
    if (depth > 8) return [];
    const out: Point[][] = [];
    let p = start + 10;
    for (;;) {
      const flags = font.readUInt16BE(p);
      const component = font.readUInt16BE(p + 2);
      p += 4;
      let dx = 0;
      let dy = 0;
      if (flags & 0x1) {
        if (flags & 0x2) [dx, dy] = [font.readInt16BE(p), font.readInt16BE(p + 2)];
        p += 4;
      } else {
        if (flags & 0x2) [dx, dy] = [font.readInt8(p), font.readInt8(p + 1)];
        p += 2;
      }
      // Point-matched components (ARGS_ARE_XY_VALUES unset) are not placed: DejaVu's Latin has none.
      let [a, b, c, d] = [1, 0, 0, 1];
      const f2dot14 = (o: number) => font.readInt16BE(o) / 16384;
      if (flags & 0x8) {
        a = d = f2dot14(p);
        p += 2;
      } else if (flags & 0x40) {
        [a, d] = [f2dot14(p), f2dot14(p + 2)];
        p += 4;
      } else if (flags & 0x80) {
        [a, b, c, d] = [f2dot14(p), f2dot14(p + 2), f2dot14(p + 4), f2dot14(p + 6)];
        p += 8;
      }
      for (const contour of contoursOf(f, component, depth + 1))
        out.push(contour.map((q) => ({ x: a * q.x + c * q.y + dx, y: b * q.x + d * q.y + dy, on: q.on })));
      if (!(flags & 0x20)) break; // MORE_COMPONENTS
    }
    return out;
  }
  // A simple glyph: contour end points, instructions (skipped), flags (with repeats), then x and y deltas.
  const endPts: number[] = [];
  for (let i = 0; i < count; i++) endPts.push(font.readUInt16BE(start + 10 + 2 * i));
  const points = count ? endPts[count - 1]! + 1 : 0;
  let p = start + 10 + 2 * count;
  p += 2 + font.readUInt16BE(p);
  const flags: number[] = [];
  while (flags.length < points) {
    const fl = font[p++]!;
    flags.push(fl);
    if (fl & 0x8) for (let r = font[p++]!; r > 0; r--) flags.push(fl);
  }
  const coords = (short: number, same: number): number[] => {
    const out: number[] = [];
    let v = 0;
    for (const fl of flags) {
      if (fl & short) v += fl & same ? font[p++]! : -font[p++]!;
      else if (!(fl & same)) {
        v += font.readInt16BE(p);
        p += 2;
      }
      out.push(v);
    }
    return out;
  };
  const xs = coords(0x2, 0x10);
  const ys = coords(0x4, 0x20);
  const out: Point[][] = [];
  let first = 0;
  for (const end of endPts) {
    const contour: Point[] = [];
    for (let i = first; i <= end; i++) contour.push({ x: xs[i]!, y: ys[i]!, on: (flags[i]! & 1) === 1 });
    out.push(contour);
    first = end + 1;
  }
  return out;
}

/** A number in path data: at most 2 decimals (font units, so far finer than a pixel), no "-0". */
function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? '0' : String(r);
}

/** Glyph `g`'s outline as path data (quadratic curves; two off-curve points in a row imply one on between). */
function outlineOf(f: Font, g: number): Outline {
  let o = f.paths.get(g);
  if (o) return o;
  let x0 = 0;
  let y0 = 0;
  let cx = 0;
  let cy = 0;
  const parts: string[] = [];
  let started = false;
  const move = (x: number, y: number) => {
    if (!started) [x0, y0, started] = [x, y, true];
    else parts.push(`m${num(x - cx)},${num(y - cy)}`);
    [cx, cy] = [x, y];
  };
  for (const contour of contoursOf(f, g)) {
    if (contour.length === 0) continue;
    // Start on an on-curve point: the first one, or the midpoint of the first two when neither is on.
    const n = contour.length;
    let s = contour.findIndex((q) => q.on);
    let begin: Point;
    if (s < 0) {
      const [a, b] = [contour[0]!, contour[1 % n]!];
      begin = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, on: true };
      // From the second point round to the first: the last curve ends back on the midpoint.
      s = 1;
    } else {
      begin = contour[s]!;
      s += 1;
    }
    const contourStart = { x: begin.x, y: begin.y };
    move(begin.x, begin.y);
    let control: Point | null = null;
    const lineTo = (x: number, y: number) => {
      parts.push(`l${num(x - cx)},${num(y - cy)}`);
      [cx, cy] = [x, y];
    };
    const quadTo = (q: Point, x: number, y: number) => {
      parts.push(`q${num(q.x - cx)},${num(q.y - cy)},${num(x - cx)},${num(y - cy)}`);
      [cx, cy] = [x, y];
    };
    for (let k = 0; k < n; k++) {
      const q = contour[(s + k) % n]!;
      if (q === begin) continue;
      if (q.on) {
        if (control) quadTo(control, q.x, q.y);
        else lineTo(q.x, q.y);
        control = null;
      } else if (control) {
        const mx = (control.x + q.x) / 2;
        const my = (control.y + q.y) / 2;
        quadTo(control, mx, my);
        control = q;
      } else control = q;
    }
    if (control) quadTo(control, contourStart.x, contourStart.y);
    parts.push('z');
    // After z the current point is the contour's start.
    [cx, cy] = [contourStart.x, contourStart.y];
  }
  o = { x0, y0, rest: parts.join('') };
  f.paths.set(g, o);
  return o;
}

/**
 * The glyph ids of `text` as resvg lays it out: XML whitespace collapsed and trimmed (xml:space default),
 * ligatures made.
 */
function glyphsOf(f: Font, text: string): number[] {
  const collapsed = text
    .replace(/[\t\n\r]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  const out: number[] = [];
  for (let i = 0; i < collapsed.length; i++) {
    const c = collapsed.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < collapsed.length) i++;
    out.push(c >= 0xd800 && c <= 0xdfff ? 0 : f.glyphOf[c]!);
  }
  return f.ligate(out);
}

/**
 * Characters resvg's layout treats as more than a glyph: the soft hyphen, line and paragraph separators and
 * the bidirectional controls (marks, embeddings, overrides, isolates; they can reorder a run). A chart with
 * one keeps <text> (pngSvg in render.ts); every other character of the lean ranges is drawn as resvg draws it
 * (test/charts/glyph-paths.test.ts compares each).
 */
const SHAPED = /[\u00ad\u200e\u200f\u2028-\u202e\u2065-\u2069]/;

/** Whether `text` can be drawn as glyph paths with the pixels resvg's own text layout gives. */
export function glyphPathsDraw(text: string): boolean {
  return !SHAPED.test(text);
}

export interface GlyphTextOpts {
  size: number;
  color: string;
  bold?: boolean;
  anchor?: 'start' | 'middle' | 'end';
  /** Degrees, about (x, y). */
  angle?: number;
  cls?: string;
}

/**
 * `text` at size `o.size` with its alphabetic baseline at (x, y), anchored and rotated as a <text> would be,
 * as one <path> (or nothing, for a text without ink). `round` writes the SVG's numbers.
 */
export function glyphTextPath(x: number, y: number, text: string, o: GlyphTextOpts, round: (v: number) => string): string {
  const f = fontOf(o.bold ?? false);
  const glyphs = glyphsOf(f, text);
  const pens: number[] = [];
  let pen = 0;
  for (const [i, g] of glyphs.entries()) {
    pens.push(pen);
    pen += f.advanceOf(g) + (i + 1 < glyphs.length ? f.kern(g, glyphs[i + 1]!) : 0);
  }
  const shift = o.anchor === 'middle' ? -pen / 2 : o.anchor === 'end' ? -pen : 0;
  const d: string[] = [];
  for (const [i, g] of glyphs.entries()) {
    const outline = outlineOf(f, g);
    if (!outline.rest) continue;
    d.push(`M${num(outline.x0 + pens[i]! + shift)},${num(outline.y0)}${outline.rest}`);
  }
  if (d.length === 0) return '';
  const scale = o.size / f.unitsPerEm;
  const rotate = o.angle ? ` rotate(${round(o.angle)})` : '';
  const cls = o.cls ? ` class="${o.cls}"` : '';
  // Font units are y up: the scale flips them into the SVG's y-down space.
  const transform = `translate(${round(x)},${round(y)})${rotate} scale(${scale},${-scale})`;
  return `<path${cls} transform="${transform}" fill="${o.color}" d="${d.join('')}"/>`;
}
