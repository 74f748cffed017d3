// Charts' PNGs are written by lib/charts/png-encode.ts instead of resvg's asPng() (issue 13): other bytes,
// the same pixels. Checked on every chart of the fixture month's department emails at the emails' scale,
// decoded (inflate + unfilter) and compared pixel for pixel with what resvg's own encoder writes.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { renderSvg, resvgOptions, svgToPng } from '../../lib/charts/render.ts';
import { encodeOpaquePng } from '../../lib/charts/png-encode.ts';
import { fixtureDepartmentCharts } from '../render/fixtures.ts';
import { decodePng } from './png.ts';

/** CRC-32 as the PNG specification gives it, bit by bit (independent of the zlib.crc32 the encoder uses). */
function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('encodeOpaquePng', () => {
  it('writes the pixels resvg writes, for every department chart of the fixture month', { timeout: 240_000 }, async () => {
    const charts = fixtureDepartmentCharts();
    expect(charts.length).toBeGreaterThan(5);
    for (const chart of charts) {
      const svg = await renderSvg(chart.spec);
      const theirs = decodePng(new Resvg(svg, resvgOptions({ scale: 2 })).render().asPng());
      const png = svgToPng(svg, { scale: 2 });
      const ours = decodePng(png);
      expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height]);
      // Buffer.equals: one comparison of 2.9 MB, not millions of expect calls.
      expect(Buffer.from(ours.data).equals(Buffer.from(theirs.data)), chart.id).toBe(true);
      // Our own bytes, not resvg's (the path under test was taken).
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(png.includes(Buffer.from('IDAT'))).toBe(true);
    }
  });

  it('declines an image with transparent pixels, so resvg (which un-premultiplies) encodes it', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">' +
      '<rect width="10" height="10" fill="#336699" fill-opacity="0.5"/></svg>';
    const img = new Resvg(svg, resvgOptions({ scale: 1, background: 'rgba(0,0,0,0)' })).render();
    expect(encodeOpaquePng({ width: img.width, height: img.height, pixels: img.pixels })).toBeNull();
    // svgToPng then gives resvg's own bytes.
    expect(svgToPng(svg, { scale: 1, background: 'rgba(0,0,0,0)' }).equals(img.asPng())).toBe(true);
  });

  it('writes a well-formed PNG: signature, IHDR, one IDAT, IEND, each with its CRC', () => {
    const pixels = Buffer.alloc(3 * 2 * 4, 255);
    pixels.writeUInt32BE(0x11223344 | 0, 0);
    pixels[3] = 255;
    const png = encodeOpaquePng({ width: 3, height: 2, pixels });
    expect(png).not.toBeNull();
    const img = decodePng(png!);
    expect([img.width, img.height]).toEqual([3, 2]);
    expect(Buffer.from(img.data).equals(pixels)).toBe(true);
    const types: string[] = [];
    for (let pos = 8; pos < png!.length; ) {
      const len = png!.readUInt32BE(pos);
      types.push(png!.toString('latin1', pos + 4, pos + 8));
      expect(png!.readUInt32BE(pos + 8 + len)).toBe(crc(png!.subarray(pos + 4, pos + 8 + len)));
      pos += 12 + len;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  });
});
