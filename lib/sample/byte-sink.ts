// An output chunk written byte by byte. Building millions of rows as strings costs more in garbage
// collection and UTF-8 encoding than in generating them; message rows are ASCII, so the generator writes
// their bytes straight into a Buffer and hands full chunks to the file stream.

const CHUNK = 1 << 20;

export class ByteSink {
  buf: Buffer = Buffer.allocUnsafe(CHUNK + (CHUNK >> 2));
  pos = 0;

  /** Makes room for n more bytes (a row is a few hundred bytes; a thread a few dozen rows). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  get full(): boolean {
    return this.pos >= CHUNK;
  }

  /** Hands over the bytes written so far and starts a new chunk (the stream keeps the old one until written). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(CHUNK + (CHUNK >> 2));
    this.pos = 0;
    return out;
  }

  /** An ASCII string (ids, enum values, punctuation). */
  ascii(s: string): void {
    const n = s.length;
    this.ensure(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any string, UTF-8 encoded (rare rows built as text). */
  text(s: string): void {
    this.ensure(Buffer.byteLength(s));
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer, zero-padded to `width` digits. */
  padded(n: number, width: number): void {
    this.ensure(width);
    const b = this.buf;
    let p = this.pos + width;
    this.pos = p;
    for (let i = 0; i < width; i++) {
      const q = Math.floor(n / 10);
      b[--p] = 48 + (n - q * 10);
      n = q;
    }
  }

  /** Copies bytes already written (an exact duplicate of the previous row). */
  repeat(start: number, end: number): void {
    this.ensure(end - start);
    this.buf.copyWithin(this.pos, start, end);
    this.pos += end - start;
  }
}
