// A small PNG writer for resvg's raw pixels (issue 13). resvg's own `asPng()` compresses the RGBA rows at
// a thorough zlib level on the calling thread: about 14 ms of a chart's ~55 ms, for a 1120 x 640 image that
// is mostly flat white. The same pixels written with no row filter and zlib level 3 take about 4 ms and come
// out slightly smaller. Only the bytes change: test/charts/png-encode.test.ts decodes both and compares every
// pixel.
import { crc32, deflateSync } from 'node:zlib';

/** What resvg's RenderedImage gives: premultiplied RGBA rows, 4 bytes a pixel. */
export interface RawImage {
  width: number;
  height: number;
  pixels: Buffer;
}

/**
 * zlib level 3: on the month's charts, levels 1-2 save under 1 ms a chart and are larger than resvg's output;
 * 4 and up cost 2-3 times as much (deflate's lazy matching) for a quarter fewer bytes.
 */
const LEVEL = 3;

/**
 * The filtered rows (a 0 "no filter" byte before each row), kept between charts: a fresh 2.9 MB buffer per
 * chart costs more in page faults than the copy itself. One per thread (module state is per isolate).
 */
let scratch = Buffer.alloc(0);

/**
 * A PNG (8-bit RGBA, one IDAT) of an opaque image, or null when some pixel is not opaque: resvg's pixels are
 * premultiplied, so only for opaque ones are they the PNG's own values (the caller then uses `asPng()`).
 */
export function encodeOpaquePng(img: RawImage): Buffer | null {
  const { width, height, pixels } = img;
  const stride = width * 4;
  if (pixels.length !== stride * height || !opaque(pixels)) return null;
  const size = height * (stride + 1);
  if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
  const rows = scratch.subarray(0, size);
  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1);
    rows[at] = 0;
    pixels.copy(rows, at + 1, y * stride, (y + 1) * stride);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA; compression, filter method and interlace stay 0
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: LEVEL })), chunk('IEND', EMPTY)]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const EMPTY = Buffer.alloc(0);

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(body, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, body, tail]);
}

/** Whether 32-bit words read little-endian here (then a pixel's alpha is its word's top byte). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Whether every pixel's alpha is 255. */
function opaque(pixels: Buffer): boolean {
  if (!LITTLE_ENDIAN || pixels.byteOffset % 4 !== 0) return pixels.every((v, i) => i % 4 !== 3 || v === 255);
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >> 2);
  for (let i = 0; i < words.length; i++) if (words[i]! < 0xff000000) return false;
  return true;
}
