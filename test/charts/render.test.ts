// The renderers with real vega, vega-lite and resvg: SVG has the text; PNG actually draws it with the
// bundled font (and, as a control, draws none without it: the failure this guards against).
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { CHART_FONT, chartFontFiles, renderPng, renderSvg, svgToPng, type ChartSpec } from '../../lib/charts/index.ts';
import { darkPixels, decodePng } from './png.ts';

// A chart that is only text: a title and one text mark, so every dark pixel is a glyph.
function textOnly(title: string, label: string): ChartSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start', fontSize: 20, color: '#000000' },
    width: 300,
    height: 60,
    config: { font: CHART_FONT, view: { stroke: null } },
    data: { values: [{ label }] },
    mark: { type: 'text', fontSize: 20, color: '#000000' },
    encoding: { text: { field: 'label', type: 'nominal' } },
  };
}

describe('renderSvg', () => {
  it('renders a Vega-Lite spec to SVG with its text and the bundled font family', async () => {
    const svg = await renderSvg(textOnly('Replies within 1 day', 'Cardiology'));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Replies within 1 day');
    expect(svg).toContain('Cardiology');
    expect(svg).toContain(CHART_FONT);
  });

  it('escapes data text in the SVG', async () => {
    const svg = await renderSvg(textOnly('t', `A <b> & "q"`));
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;');
  });
});

describe('renderPng', () => {
  it('the bundled font files exist', () => {
    expect(chartFontFiles().length).toBeGreaterThan(0);
  });

  it('draws the title text: a chart with a title has glyph pixels in the title band, one without has none', async () => {
    const withTitle = decodePng(await renderPng(textOnly('Messages by hour', ''), { scale: 1 }));
    const noTitle = decodePng(await renderPng(textOnly('', ''), { scale: 1 }));
    const band = { x0: 0, y0: 0, x1: withTitle.width, y1: 30 };
    expect(darkPixels(withTitle, band)).toBeGreaterThan(150);
    expect(darkPixels(noTitle)).toBe(0);
  });

  it('draws text only because the font is loaded explicitly (control: no fonts, no glyphs)', async () => {
    const svg = await renderSvg(textOnly('Messages by hour', 'some label'));
    const withFont = decodePng(svgToPng(svg, { scale: 1 }));
    const bare = new Resvg(svg, { font: { loadSystemFonts: false }, background: '#ffffff' }).render().asPng();
    expect(darkPixels(withFont)).toBeGreaterThan(300);
    expect(darkPixels(decodePng(bare))).toBe(0);
  });

  it('scales: scale 2 doubles the pixel size', async () => {
    const one = decodePng(await renderPng(textOnly('a', 'b'), { scale: 1 }));
    const two = decodePng(await renderPng(textOnly('a', 'b'), { scale: 2 }));
    expect(two.width).toBe(one.width * 2);
    expect(two.height).toBe(one.height * 2);
  });
});
