// DuckDB 1.5 writes TIMESTAMP_MS as INT64 MILLIS with isAdjustedToUTC=false and TIMESTAMPTZ as MICROS with
// isAdjustedToUTC=true; Athena wants instants as MILLIS adjusted to UTC. This marks chosen MILLIS columns
// as adjusted to UTC by rewriting, in place, the one boolean in the Parquet footer's schema (Thrift compact
// protocol stores a boolean field in its header byte, so the footer keeps its length and every offset holds).
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

class Reader {
  readonly b: Buffer;
  i: number;
  constructor(b: Buffer, i = 0) {
    this.b = b;
    this.i = i;
  }
  byte(): number {
    const v = this.b[this.i++];
    if (v === undefined) throw new Error('parquet footer: unexpected end');
    return v;
  }
  varint(): bigint {
    let shift = 0n;
    let out = 0n;
    for (;;) {
      const x = this.byte();
      out |= BigInt(x & 0x7f) << shift;
      if (!(x & 0x80)) return out;
      shift += 7n;
    }
  }
  zigzag(): number {
    const v = this.varint();
    return Number((v >> 1n) ^ -(v & 1n));
  }
  binary(): Buffer {
    const len = Number(this.varint());
    const s = this.b.subarray(this.i, this.i + len);
    this.i += len;
    return s;
  }
  skip(type: number): void {
    switch (type) {
      case 1:
      case 2:
        return; // booleans inside a struct live in the field header
      case 3:
        this.i++;
        return;
      case 4:
      case 5:
      case 6:
        this.varint();
        return;
      case 7:
        this.i += 8;
        return;
      case 8:
        this.binary();
        return;
      case 9:
      case 10: {
        const { size, elem } = this.listHeader();
        for (let k = 0; k < size; k++) elem === 1 || elem === 2 ? this.i++ : this.skip(elem);
        return;
      }
      case 11: {
        const size = Number(this.varint());
        if (size === 0) return;
        const kv = this.byte();
        for (let k = 0; k < size; k++) {
          this.skip(kv >> 4);
          this.skip(kv & 0x0f);
        }
        return;
      }
      case 12:
        this.struct(() => false);
        return;
      default:
        throw new Error(`parquet footer: unknown thrift type ${type}`);
    }
  }
  listHeader(): { size: number; elem: number } {
    const h = this.byte();
    const short = h >> 4;
    return { size: short === 15 ? Number(this.varint()) : short, elem: h & 0x0f };
  }
  /** Walks a struct; `onField(id, type, headerPos)` returns true if it consumed the value itself. */
  struct(onField: (id: number, type: number, headerPos: number) => boolean): void {
    let last = 0;
    for (;;) {
      const pos = this.i;
      const h = this.byte();
      if (h === 0) return;
      const type = h & 0x0f;
      const delta = h >> 4;
      const id = delta ? last + delta : this.zigzag();
      last = id;
      if (!onField(id, type, pos)) this.skip(type);
    }
  }
}

/** Marks the TIMESTAMP columns named in `columns` (top-level) as isAdjustedToUTC=true. Returns how many were changed. */
export function markTimestampsUtc(file: string, columns: readonly string[]): number {
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(8);
    readSync(fd, tail, 0, 8, size - 8);
    if (tail.subarray(4).toString('latin1') !== 'PAR1') throw new Error(`${file}: not a Parquet file`);
    const footerLen = tail.readUInt32LE(0);
    const footerStart = size - 8 - footerLen;
    const footer = Buffer.alloc(footerLen);
    readSync(fd, footer, 0, footerLen, footerStart);
    const r = new Reader(footer);
    const patches: number[] = [];
    r.struct((id, type) => {
      if (id !== 2 || type !== 9) return false; // FileMetaData.schema: list<SchemaElement>
      const { size: n } = r.listHeader();
      for (let k = 0; k < n; k++) {
        let name = '';
        let adjustedPos = -1;
        r.struct((fid, ftype) => {
          if (fid === 4 && ftype === 8) {
            name = r.binary().toString('utf8');
            return true;
          }
          if (fid === 10 && ftype === 12) {
            // LogicalType union; field 8 = TimestampType { 1: isAdjustedToUTC bool, 2: unit }
            r.struct((lid, ltype) => {
              if (lid !== 8 || ltype !== 12) return false;
              r.struct((tid, ttype, hpos) => {
                if (tid === 1 && (ttype === 1 || ttype === 2)) adjustedPos = hpos;
                return false;
              });
              return true;
            });
            return true;
          }
          return false;
        });
        if (adjustedPos >= 0 && columns.includes(name)) patches.push(adjustedPos);
      }
      return true;
    });
    let changed = 0;
    for (const pos of patches) {
      const h = footer[pos]!;
      if ((h & 0x0f) === 2) {
        const fixed = Buffer.from([(h & 0xf0) | 1]);
        writeSync(fd, fixed, 0, 1, footerStart + pos);
        changed++;
      }
    }
    return changed;
  } finally {
    closeSync(fd);
  }
}
