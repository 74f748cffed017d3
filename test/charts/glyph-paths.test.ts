// Chart PNGs draw their text as glyph outlines (lib/charts/glyph-paths.ts, issue 13) so that resvg loads no
// font: the pixels must match what resvg draws from <text> with the bundled fonts, within antialiasing (on
// the fixture month they are in fact the same), for every department chart and for texts that exercise
// anchors, bold, rotation, kerning and composite glyphs (accented letters). Pages keep <text>.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { baseSpec } from '../../lib/charts/common.ts';
import { glyphPathsDraw, glyphTextPath, type GlyphTextOpts } from '../../lib/charts/glyph-paths.ts';
import { leanCovers } from '../../lib/charts/lean-font.ts';
import { noFontOptions, pngSvg, renderPng, renderSvg, resvgOptions, type ChartSpec } from '../../lib/charts/render.ts';
import { fixtureDepartmentCharts } from '../render/fixtures.ts';
import { darkPixels, decodePng } from './png.ts';

/** How two renderings differ: the largest channel difference of any pixel, and the share of pixels that differ. */
function difference(a: Buffer, b: Buffer): { max: number; share: number } {
  expect(a.length).toBe(b.length);
  let max = 0;
  let differ = 0;
  for (let i = 0; i < a.length; i += 4) {
    let m = 0;
    for (let c = 0; c < 4; c++) m = Math.max(m, Math.abs(a[i + c]! - b[i + c]!));
    if (m > 0) differ++;
    if (m > max) max = m;
  }
  return { max, share: differ / (a.length / 4) };
}

/** Antialiasing-level: a shifted or missing glyph changes whole strokes (differences near 255, over 1% of a chart). */
function expectClose(a: Buffer, b: Buffer, label: string): void {
  const d = difference(a, b);
  expect(d.max, label).toBeLessThanOrEqual(48);
  expect(d.share, label).toBeLessThan(0.001);
}

const withText = (svg: string): Buffer => new Resvg(svg, resvgOptions({ scale: 2 }, svg)).render().pixels;
const withoutFonts = (svg: string): Buffer => new Resvg(svg, noFontOptions({ scale: 2 })).render().pixels;

describe('chart text as glyph paths', () => {
  it('draws every department chart of the fixture month as the fonts do, with no <text> left', { timeout: 240_000 }, () => {
    const charts = fixtureDepartmentCharts();
    expect(charts.length).toBeGreaterThan(5);
    for (const chart of charts) {
      const page = renderSvg(chart.spec);
      const paths = pngSvg(chart.spec);
      expect(paths, chart.id).not.toBeNull();
      expect(paths).not.toContain('<text');
      // The page SVG keeps its text, and each text became one path of the same class.
      expect(page).toContain('<text');
      for (const cls of ['y-label', 'x-label', 'title'])
        expect(paths!.split(`<path class="${cls}"`).length, `${chart.id} ${cls}`).toBe(page.split(`<text class="${cls}"`).length);
      expectClose(withoutFonts(paths!), withText(page), chart.id);
    }
  });

  it('honours anchors, bold, sizes, colours, rotation, kerning and accented letters', () => {
    const lines: Array<[number, number, string, GlyphTextOpts]> = [
      [10, 30, 'AVATAR Type: WAVE "quoted" - 12,345.67 % (x) [y] {z}', { size: 14, color: '#111111', bold: true }],
      [10, 60, 'Fjord Vogue Yacht LT AY To Te Yo P. F. ff fi fl', { size: 11, color: '#444444' }],
      [450, 90, 'Éloïse Ångström Ñoño Çà øß þð µ – — “ ” ‘ ’ • … € − ¿¡', { size: 12, color: '#a4262c', anchor: 'middle' }],
      [890, 120, 'Right-anchored bold: Wolfgang Kowalski', { size: 12, color: '#222222', anchor: 'end', bold: true }],
      [30, 380, 'Share of messages (rotated)', { size: 12, color: '#222222', anchor: 'middle', bold: true, angle: -90 }],
      [300, 200, 'Sep 2016  spaced   out ', { size: 11, color: '#0072b2', anchor: 'end', angle: -40 }],
      [500, 250, 'value 1.234', { size: 9, color: '#444444', angle: -90 }],
    ];
    const attrs = (o: GlyphTextOpts) =>
      `font-size="${o.size}"${o.bold ? ' font-weight="bold"' : ''}${o.anchor ? ` text-anchor="${o.anchor}"` : ''} fill="${o.color}"`;
    const place = (x: number, y: number, o: GlyphTextOpts) =>
      o.angle ? ` transform="translate(${x},${y}) rotate(${o.angle})"` : ` x="${x}" y="${y}"`;
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    const doc = (body: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="420" font-family="DejaVu Sans">` +
      `<rect width="900" height="420" fill="#fff"/>${body}</svg>`;
    const texts = doc(lines.map(([x, y, s, o]) => `<text${place(x, y, o)} ${attrs(o)}>${esc(s)}</text>`).join(''));
    const paths = doc(lines.map(([x, y, s, o]) => glyphTextPath(x, y, s, o, String)).join(''));
    expect(paths).not.toContain('<text');
    const a = withoutFonts(paths);
    expectClose(a, withText(texts), 'lines');
    // And something was drawn at all (the comparison would pass for two blank images).
    expect(difference(a, withoutFonts(doc(''))).share).toBeGreaterThan(0.01);
  });

  it('draws every character of the lean ranges it takes as resvg does, regular and bold, between kerned letters', () => {
    const chars: string[] = [];
    for (let c = 0x20; c < 0x2100; c++) {
      const ch = String.fromCharCode(c);
      if (leanCovers(ch) && glyphPathsDraw(ch) && c !== 0x0a && c !== 0x0d && c !== 0x09) chars.push(ch);
    }
    chars.push('\u2212', '\u20ac');
    expect(chars.length).toBeGreaterThan(280);
    // Each character between letters that kern ("AV", "Te"): one line per character, 40 lines an image.
    for (let start = 0; start < chars.length; start += 40) {
      const rows = chars.slice(start, start + 40).map((ch, i) => [10, 16 + 14 * i, `AV${ch}Te${ch}${ch}fi`] as const);
      for (const bold of [false, true]) {
        const o: GlyphTextOpts = { size: 11, color: '#000000', bold };
        const doc = (body: string) =>
          `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="580" font-family="DejaVu Sans">` +
          `<rect width="120" height="580" fill="#fff"/>${body}</svg>`;
        const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
        const texts = doc(
          rows.map(([x, y, s]) => `<text x="${x}" y="${y}" font-size="11"${bold ? ' font-weight="bold"' : ''}>${esc(s)}</text>`).join(''),
        );
        const paths = doc(rows.map(([x, y, s]) => glyphTextPath(x, y, s, o, String)).join(''));
        expectClose(withoutFonts(paths), withText(texts), `from ${chars[start]!.charCodeAt(0).toString(16)} bold ${bold}`);
      }
    }
  });

  it('keeps <text> for a soft hyphen or a bidirectional control (resvg does more than draw their glyphs)', () => {
    // As x labels: titles are wrapped at whitespace, which a paragraph separator is.
    const withLabel = (label: string): ChartSpec => ({
      ...baseSpec('line', 'Replies', null, 240),
      x: { labels: [label], labelAngle: 0, title: null },
    });
    for (const label of ['Neuro\u00adlogy', 'Replies \u202eright to left', 'a\u2029b']) {
      expect(glyphPathsDraw(label)).toBe(false);
      expect(pngSvg(withLabel(label)), JSON.stringify(label)).toBeNull();
    }
    expect(pngSvg(baseSpec('line', 'Neurology', null, 240))).not.toBeNull();
  });

  it('keeps <text> and the fonts for a chart with text outside the Latin ranges, and still draws it', async () => {
    const spec: ChartSpec = {
      ...baseSpec('line', 'Ответы за 1 день', null, 240),
      x: { labels: ['янв', 'фев'], labelAngle: 0, title: null },
    };
    expect(pngSvg(spec)).toBeNull();
    const png = decodePng(await renderPng(spec));
    expect(darkPixels(png)).toBeGreaterThan(100);
  });

  it('renderPng takes the path SVG for a Latin chart', async () => {
    const base = baseSpec('line', 'Replies within 1 day', 'A note: Jul–Sep', 240);
    const spec: ChartSpec = {
      ...base,
      x: { labels: ['Jul 2016', 'Aug 2016'], labelAngle: -40, title: 'Month' },
      y: { ...base.y, title: 'Share' },
    };
    const png = decodePng(await renderPng(spec, { scale: 2 }));
    expect(Buffer.from(png.data).equals(withoutFonts(pngSvg(spec)!))).toBe(true);
  });
});
