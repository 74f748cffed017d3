// The renderers with our SVG writer and real resvg: SVG has the text; PNG actually draws it with the
// bundled font (and, as a control, draws none without it: the failure this guards against).
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { CHART_FONT, chartFontFiles, renderPng, renderSvg, svgToPng, type ChartSpec } from '../../lib/charts/index.ts';
import { baseSpec } from '../../lib/charts/common.ts';
import { darkPixels, decodePng } from './png.ts';

// A bar chart with a title and one labelled bar: the title band (the top 30 px) holds only the title's glyphs.
function textOnly(title: string, label: string): ChartSpec {
  const spec = baseSpec('bar', title, null, 120);
  spec.x.labels = [label];
  spec.y.title = 'Messages';
  spec.bars = [{ x: 0, y0: 0, y1: 3, color: '#0072B2' }];
  return spec;
}

describe('renderSvg', () => {
  it('renders a spec to SVG with its text and the bundled font family', () => {
    const svg = renderSvg(textOnly('Replies within 1 day', 'Cardiology'));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Replies within 1 day');
    expect(svg).toContain('Cardiology');
    expect(svg).toContain(CHART_FONT);
  });

  it('escapes data text in the SVG, without numeric character references (they would take the full fonts)', () => {
    const svg = renderSvg(textOnly('t', `A <b> & "q"\u0007`));
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;q&quot;</text>');
    expect(svg).not.toContain('&#');
  });

  it('is the same string every time (deterministic), coordinates with at most 2 decimals', () => {
    const a = renderSvg(textOnly('Replies within 1 day', 'Cardiology'));
    expect(renderSvg(textOnly('Replies within 1 day', 'Cardiology'))).toBe(a);
    for (const m of a.matchAll(/-?\d+\.(\d+)/g)) expect(m[1]!.length).toBeLessThanOrEqual(2);
  });
});

describe('renderPng', () => {
  it('the bundled font files exist', () => {
    expect(chartFontFiles().length).toBeGreaterThan(0);
  });

  it('draws the title text: a chart with a title has glyph pixels in the title band, the same without its title none', async () => {
    const spec = textOnly('Messages by hour', '');
    const withTitle = decodePng(await renderPng(spec, { scale: 1 }));
    const band = { x0: 0, y0: 0, x1: withTitle.width, y1: 26 };
    expect(darkPixels(withTitle, band)).toBeGreaterThan(150);
    const untitled = renderSvg(spec).replace(/<text class="title"[^>]*>[^<]*<\/text>/g, '');
    expect(untitled).not.toContain('Messages by hour');
    expect(darkPixels(decodePng(svgToPng(untitled, { scale: 1 })), band)).toBe(0);
  });

  it('draws text only because the font is loaded explicitly (control: no fonts, no glyphs)', () => {
    const svg = renderSvg(textOnly('Messages by hour', 'some label'));
    const withFont = decodePng(svgToPng(svg, { scale: 1 }));
    const bare = decodePng(new Resvg(svg, { font: { loadSystemFonts: false }, background: '#ffffff' }).render().asPng());
    const band = { x0: 0, y0: 0, x1: withFont.width, y1: 26 };
    expect(darkPixels(withFont, band)).toBeGreaterThan(150);
    expect(darkPixels(bare, band)).toBe(0);
    // The rest (axis, bar) is drawn either way.
    expect(darkPixels(bare)).toBeGreaterThan(0);
  });

  it('scales: scale 2 doubles the pixel size', async () => {
    const one = decodePng(await renderPng(textOnly('a', 'b'), { scale: 1 }));
    const two = decodePng(await renderPng(textOnly('a', 'b'), { scale: 2 }));
    expect(two.width).toBe(one.width * 2);
    expect(two.height).toBe(one.height * 2);
  });
});
