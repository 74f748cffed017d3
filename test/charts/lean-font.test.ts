// The lean chart fonts (issue 13) draw every character they cover exactly as the full DejaVu Sans files do,
// regular and bold, alone and beside other characters (kerning, ligatures); a chart with any other
// character is drawn with the full files and still shows its glyphs.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { CHART_FONT, chartFontFiles, renderPng, type ChartSpec } from '../../lib/charts/index.ts';
import { baseSpec } from '../../lib/charts/common.ts';
import { leanCovers, leanFontBytes, leanFontFile } from '../../lib/charts/lean-font.ts';
import { darkPixels, decodePng } from './png.ts';

function pixels(svg: string, fontFiles: string[]): Buffer {
  const font = { loadSystemFonts: false, fontFiles, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT };
  return new Resvg(svg, { font, fitTo: { mode: 'zoom', value: 2 }, background: '#ffffff', logLevel: 'off' }).render().pixels;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Lines of text, regular and bold, one SVG. */
function textSvg(lines: string[]): string {
  const rows = lines.flatMap((l, i) => [
    `<text x="4" y="${16 + 36 * i}" font-family="${CHART_FONT}" font-size="13">${escapeXml(l)}</text>`,
    `<text x="4" y="${34 + 36 * i}" font-family="${CHART_FONT}" font-size="14" font-weight="bold">${escapeXml(l)}</text>`,
  ]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${36 * lines.length + 8}">${rows.join('')}</svg>`;
}

describe('lean chart fonts', () => {
  const full = chartFontFiles();
  const lean = full.map((f) => leanFontFile(f));

  it('are written, and are a fraction of the full files', () => {
    for (const [i, f] of lean.entries()) {
      expect(f).not.toBeNull();
      expect(statSync(f!).size).toBeLessThan(statSync(full[i]!).size / 2);
      // The same bytes each time they are made.
      expect(readFileSync(f!).equals(leanFontBytes(readFileSync(full[i]!)))).toBe(true);
    }
  });

  it('draw every covered character as the full fonts do, alone and between letters', { timeout: 120_000 }, () => {
    const chars: string[] = [];
    for (let c = 0x20; c <= 0x2100; c++) if (leanCovers(String.fromCharCode(c)) && c !== 0x20) chars.push(String.fromCharCode(c));
    const lines: string[] = [];
    for (let i = 0; i < chars.length; i += 40) lines.push(chars.slice(i, i + 40).join(' '));
    for (let i = 0; i < chars.length; i += 40)
      lines.push(
        chars
          .slice(i, i + 40)
          .map((c) => `A${c}v`)
          .join(''),
      );
    lines.push(
      'ffi ffl fi fl ff AVATAR To Ty Wa Yo L’ “Quoted” – — … • 1,234 −5 % € 12:00 Jan 2017',
      'Pædiatrics, Orthopædics & Ear–Nose–Throat',
    );
    const svg = textSvg(lines);
    expect(leanCovers(svg)).toBe(true);
    expect(pixels(svg, lean as string[]).equals(pixels(svg, full))).toBe(true);
  });

  it('are made again when the copy was removed (a temporary-folder cleaner under a long-lived process)', () => {
    // A source of its own name, so that the copy removed here is no other test's.
    const dir = mkdtempSync(join(tmpdir(), 'pp-lean-'));
    try {
      const source = join(dir, 'removed-by-test.ttf');
      copyFileSync(full[0]!, source);
      const copy = leanFontFile(source)!;
      unlinkSync(copy);
      expect(leanFontFile(source)).toBe(copy);
      expect(existsSync(copy)).toBe(true);
      unlinkSync(copy);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cover Latin text and nothing else', () => {
    expect(leanCovers('Café – 12 % of “replies” within 1 day\n')).toBe(true);
    expect(leanCovers('Кардиология')).toBe(false);
    expect(leanCovers('✓')).toBe(false);
  });

  it('leave a chart with other characters to the full fonts, which draw them', async () => {
    const spec = (title: string): ChartSpec => baseSpec('line', title, null, 120);
    const img = decodePng(await renderPng(spec('Кардиология'), { scale: 1 }));
    expect(darkPixels(img, { x0: 0, y0: 0, x1: img.width, y1: 24 })).toBeGreaterThan(150);
  });
});
