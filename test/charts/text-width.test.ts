// Text widths from DejaVu Sans's advance widths (text-width.ts) match what resvg draws with the bundled
// font, so wrapped titles and placed labels fit; wrapping and truncation keep within the width asked for.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { resvgOptions } from '../../lib/charts/render.ts';
import { textWidth, truncateText, wrapText } from '../../lib/charts/text-width.ts';
import { decodePng } from './png.ts';

/** The rightmost column with ink of `text` drawn from x = 10 at `size` px, at 4x, in CSS px. */
function inkRight(text: string, size: number, bold: boolean): number {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="40"><text x="10" y="30" font-family="DejaVu Sans" ` +
    `font-size="${size}"${bold ? ' font-weight="bold"' : ''}>${text}</text></svg>`;
  const img = decodePng(new Resvg(svg, resvgOptions({ scale: 4 })).render().asPng());
  let right = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i]! < 128 && x > right) right = x;
    }
  return right / 4;
}

describe('text widths', () => {
  it('match the ink resvg draws, regular and bold, within a pixel or two (side bearing, kerning)', () => {
    for (const [text, size, bold] of [
      ['Cardiology: replied within 1 and 3 days, of all patient messages H', 14, true],
      ['Months not shown for privacy (a count from 1 to 10) are not drawn H', 11, false],
      ['Pædiatrics – “Ear, Nose & Throat” H', 12, false],
    ] as const) {
      const measured = 10 + textWidth(text, size, bold);
      expect(Math.abs(inkRight(text.replace('&', '&amp;'), size, bold) - measured), text).toBeLessThan(2.5);
    }
  });

  it('bold is wider than regular, and width scales with the size', () => {
    expect(textWidth('Messages', 12, true)).toBeGreaterThan(textWidth('Messages', 12));
    expect(textWidth('Messages', 22)).toBeCloseTo(2 * textWidth('Messages', 11), 6);
    expect(textWidth('', 12)).toBe(0);
  });

  it('wrap between words within the width, and break a word longer than a line', () => {
    const text = 'Dermatology <Main> & "Skin" O\'Neil Clinic: clinician messages by hour of day';
    const lines = wrapText(text, 300, 14, true);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(text);
    for (const l of lines) expect(textWidth(l, 14, true)).toBeLessThanOrEqual(300);
    const word = 'x'.repeat(200);
    const broken = wrapText(word, 100, 11);
    expect(broken.join('')).toBe(word);
    for (const l of broken) expect(textWidth(l, 11)).toBeLessThanOrEqual(100);
  });

  it('truncate with an ellipsis only what does not fit', () => {
    expect(truncateText('Physician', 200, 11)).toBe('Physician');
    const t = truncateText('Registered nurse, primary care and everything else besides', 120, 11);
    expect(t).toMatch(/…$/);
    expect(textWidth(t, 11)).toBeLessThanOrEqual(120);
  });
});
