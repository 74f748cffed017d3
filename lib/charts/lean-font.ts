// A lean copy of each chart font for charts whose text is all Latin (issue 13). resvg (its fontdb, as built
// into @resvg/resvg-js 2.6, which takes font files only, not buffers) reads the whole font file again every
// time it looks at a face while laying out text: about 260 times a chart, 0.75 MB each time for DejaVu Sans,
// which was a third of a chart's CPU (mostly the kernel copying the file). The lean copy is the same font
// with the outlines of glyphs a Latin chart cannot reach left empty: every table that positions or
// substitutes glyphs (cmap, hmtx, GSUB, GPOS, kern, ...) and every glyph id are unchanged, and the glyphs a
// covered character maps to, every glyph no character maps to, every glyph a substitution can produce and
// the components of those are kept byte for byte (and the glyph names dropped from `post`). So a chart whose
// characters are all in LEAN_RANGES draws the very same pixels with it (test/charts/lean-font.test.ts compares
// them); any other chart uses the full files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Printable ASCII, Latin-1 and the punctuation report text uses (dashes, quotes, bullets, spaces, minus). */
const LEAN_RANGES: Array<[number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x2000, 0x206f], // general punctuation: en/em dashes, curly quotes, bullet, ellipsis, thin spaces
  [0x2212, 0x2212], // minus sign (d3-format writes negative numbers with it)
  [0x20ac, 0x20ac], // euro sign
];

/** Whether every character of `text` is one the lean font draws as the full one does. */
export function leanCovers(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (!LEAN_RANGES.some(([lo, hi]) => c >= lo && c <= hi)) return false;
  }
  return true;
}

interface Table {
  tag: string;
  offset: number;
  length: number;
}

function tables(font: Buffer): Map<string, Table> {
  const out = new Map<string, Table>();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = font.toString('latin1', at, at + 4);
    out.set(tag, { tag, offset: font.readUInt32BE(at + 8), length: font.readUInt32BE(at + 12) });
  }
  return out;
}

/** Unicode code point -> glyph id pairs of the font's format 12 (full Unicode) cmap subtable. */
function cmapPairs(font: Buffer, cmap: Table): Array<[number, number]> {
  const n = font.readUInt16BE(cmap.offset + 2);
  for (let i = 0; i < n; i++) {
    const rec = cmap.offset + 4 + 8 * i;
    const sub = cmap.offset + font.readUInt32BE(rec + 4);
    if (font.readUInt16BE(rec) !== 3 || font.readUInt16BE(rec + 2) !== 10 || font.readUInt16BE(sub) !== 12) continue;
    const pairs: Array<[number, number]> = [];
    const groups = font.readUInt32BE(sub + 12);
    for (let g = 0; g < groups; g++) {
      const at = sub + 16 + 12 * g;
      const [start, end, glyph] = [font.readUInt32BE(at), font.readUInt32BE(at + 4), font.readUInt32BE(at + 8)];
      for (let c = start; c <= end; c++) pairs.push([c, glyph + c - start]);
    }
    return pairs;
  }
  throw new Error('no format 12 cmap');
}

/** The lean font's bytes (see the top of the file); throws for a font of another layout. */
export function leanFontBytes(font: Buffer): Buffer {
  const t = tables(font);
  const need = (tag: string): Table => {
    const x = t.get(tag);
    if (!x) throw new Error(`font without ${tag}`);
    return x;
  };
  const [head, maxp, loca, glyf, post] = ['head', 'maxp', 'loca', 'glyf', 'post'].map(need) as [Table, Table, Table, Table, Table];
  if (font.readInt16BE(head.offset + 50) !== 1) throw new Error('short loca');
  const glyphs = font.readUInt16BE(maxp.offset + 4);
  const at = (g: number) => font.readUInt32BE(loca.offset + 4 * g);

  const encoded = new Set<number>();
  const keep = new Set<number>([0]);
  for (const [c, g] of cmapPairs(font, need('cmap'))) {
    encoded.add(g);
    if (leanCovers(String.fromCodePoint(c))) keep.add(g);
  }
  for (let g = 0; g < glyphs; g++) if (!encoded.has(g)) keep.add(g);
  // What substitutions can put in a covered text's place (Arabic forms are encoded glyphs too, for example).
  for (const g of substitutionOutputs(font, need('GSUB'))) keep.add(g);
  // Composite glyphs draw other glyphs: keep those too (transitively).
  const stack = [...keep];
  while (stack.length > 0) {
    const g = stack.pop()!;
    const start = glyf.offset + at(g);
    if (at(g + 1) === at(g) || font.readInt16BE(start) >= 0) continue;
    let p = start + 10;
    for (;;) {
      const flags = font.readUInt16BE(p);
      const component = font.readUInt16BE(p + 2);
      if (!keep.has(component)) {
        keep.add(component);
        stack.push(component);
      }
      if (!(flags & 0x20)) break; // MORE_COMPONENTS
      p += 4 + (flags & 0x1 ? 4 : 2) + (flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
    }
  }

  const newLoca = Buffer.alloc(4 * (glyphs + 1));
  const parts: Buffer[] = [];
  let size = 0;
  for (let g = 0; g < glyphs; g++) {
    newLoca.writeUInt32BE(size, 4 * g);
    if (!keep.has(g)) continue;
    const bytes = font.subarray(glyf.offset + at(g), glyf.offset + at(g + 1));
    parts.push(bytes);
    size += bytes.length;
  }
  newLoca.writeUInt32BE(size, 4 * glyphs);
  // post version 3: the same header (italic angle, underline, fixed pitch) without the glyph names.
  const newPost = Buffer.from(font.subarray(post.offset, post.offset + 32));
  newPost.writeUInt32BE(0x00030000, 0);

  const replaced = new Map<string, Buffer>([
    ['glyf', Buffer.concat(parts)],
    ['loca', newLoca],
    ['post', newPost],
  ]);
  const order = [...t.values()].sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const bodies = order.map((x) => replaced.get(x.tag) ?? font.subarray(x.offset, x.offset + x.length));
  const header = Buffer.alloc(12 + 16 * order.length);
  font.copy(header, 0, 0, 12);
  const out: Buffer[] = [header];
  let offset = header.length;
  order.forEach((x, i) => {
    const body = bodies[i]!;
    const rec = 12 + 16 * i;
    header.write(x.tag, rec, 'latin1');
    header.writeUInt32BE(checksum(body), rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(body.length, rec + 12);
    const padded = (body.length + 3) & ~3;
    out.push(body, Buffer.alloc(padded - body.length));
    offset += padded;
  });
  return Buffer.concat(out);
}

/**
 * Every glyph a GSUB lookup can output (single, multiple, alternate and ligature substitutions, also behind
 * extension lookups; contextual lookups only call others). A reverse chaining lookup (type 8) is not read:
 * the font then gets no lean copy.
 */
function substitutionOutputs(font: Buffer, gsub: Table): Set<number> {
  const u16 = (o: number) => font.readUInt16BE(o);
  const out = new Set<number>();
  const coverage = (o: number): number[] => {
    const glyphs: number[] = [];
    if (u16(o) === 1) for (let i = 0; i < u16(o + 2); i++) glyphs.push(u16(o + 4 + 2 * i));
    else
      for (let i = 0; i < u16(o + 2); i++) {
        const range = o + 4 + 6 * i;
        for (let g = u16(range); g <= u16(range + 2); g++) glyphs.push(g);
      }
    return glyphs;
  };
  // For each subtable at `o` of lookup type `type`, the glyphs it can write.
  const subtable = (type: number, o: number): void => {
    if (type === 7) subtable(u16(o + 2), o + font.readUInt32BE(o + 4));
    else if (type === 1 && u16(o) === 1) for (const g of coverage(o + u16(o + 2))) out.add((g + font.readInt16BE(o + 4)) & 0xffff);
    else if (type === 1) for (let i = 0; i < u16(o + 4); i++) out.add(u16(o + 6 + 2 * i));
    else if (type === 2 || type === 3)
      for (let i = 0; i < u16(o + 4); i++) {
        const seq = o + u16(o + 6 + 2 * i);
        for (let k = 0; k < u16(seq); k++) out.add(u16(seq + 2 + 2 * k));
      }
    else if (type === 4)
      for (let i = 0; i < u16(o + 4); i++) {
        const set = o + u16(o + 6 + 2 * i);
        for (let k = 0; k < u16(set); k++) out.add(u16(set + u16(set + 2 + 2 * k)));
      }
    else if (type !== 5 && type !== 6) throw new Error(`GSUB lookup type ${type}`);
  };
  const list = gsub.offset + u16(gsub.offset + 8);
  for (let i = 0; i < u16(list); i++) {
    const lookup = list + u16(list + 2 + 2 * i);
    for (let k = 0; k < u16(lookup + 4); k++) subtable(u16(lookup), lookup + u16(lookup + 6 + 2 * k));
  }
  return out;
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 4) {
    const word = i + 4 <= b.length ? b.readUInt32BE(i) : Buffer.concat([b.subarray(i), Buffer.alloc(4)]).readUInt32BE(0);
    sum = (sum + word) >>> 0;
  }
  return sum;
}

/** Lean copies already written by this process, by source path. */
const written = new Map<string, string | null>();

/**
 * The path of the lean copy of `file` (written once into the system's temporary folder, under a name that
 * holds a hash of the source, so a changed font gets a new copy), or null when it cannot be made there.
 */
export function leanFontFile(file: string): string | null {
  let path = written.get(file);
  // Checked each time (a stat): a temporary-folder cleaner may remove the copy under a long-lived process,
  // and resvg would then draw no text at all rather than fail.
  if (path === null || (path !== undefined && existsSync(path))) return path;
  try {
    const source = readFileSync(file);
    const hash = createHash('sha256').update(LEAN_VERSION).update(source).digest('hex').slice(0, 16);
    const dir = join(tmpdir(), 'portal-pulse-fonts');
    path = join(dir, `${hash}-${basename(file)}`);
    if (!existsSync(path)) {
      mkdirSync(dir, { recursive: true });
      // Written beside and renamed: another process (or render worker) may be reading the same path.
      const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      writeFileSync(partial, leanFontBytes(source));
      renameSync(partial, path);
    }
  } catch {
    path = null;
  }
  written.set(file, path);
  return path;
}

/** Part of the copies' names: a change to how they are made must not reuse an old copy. */
const LEAN_VERSION = 'lean-2';
