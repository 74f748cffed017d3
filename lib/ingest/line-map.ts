// Maps record numbers to physical line numbers while the file streams through prescan. A record starts on
// a line that begins outside a quoted field and is not blank (DuckDB's readers skip blank lines and count a
// quoted line break as part of the record). Usually line = record number; the map keeps only the places
// where the difference changes (after a blank line or a record spanning lines), so it stays tiny. The same
// pass finds what DuckDB's reader would get wrong silently (an unterminated quote, a lone CR, text after a
// closing quote): see LineMapper.
import type { DuckDBConnection } from '@duckdb/node-api';

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

export interface LineMap {
  /** Records found (a CSV header counts as record 1). */
  records: number;
  /** [first record number, line - record] from that record on; empty when line = record throughout. */
  shifts: [number, number][];
  /** Some record spans lines (a quoted line break). */
  multiLine: boolean;
  /** Physical lines in the file. */
  lines: number;
  /** Records (numbered as above) with text after a closing quote, e.g. `"T1"x`: quarantined, never cut. */
  textAfterQuote: number[];
}

/** A broken file structure found while scanning: the file is refused with this line and reason. */
export class StructureError extends Error {
  readonly line: number;
  readonly reason: string;
  constructor(line: number, reason: string) {
    super(reason);
    this.line = line;
    this.reason = reason;
  }
}

/**
 * Follows RFC 4180 quoting the way DuckDB's reader does: a quote opens a quoted field only at the start of
 * a field (a quote inside an unquoted field is a character), `""` inside quotes is a quote, a CR is a line
 * ending only right before LF (DuckDB would end a record at a lone CR: refused with its line). Only quote,
 * CR and LF bytes are looked at (found by indexOf), so a file without quotes costs one search per line.
 * Feed it chunks that do not end in a quote or a CR (prescan carries those into the next chunk), then
 * finish() with the last bytes.
 */
export class LineMapper {
  private line = 1;
  private records = 0;
  private shift = 0;
  private inQuote = false;
  private startedInQuote = false;
  private lineHasContent = false; // bytes on the current line so far, excluding a CR right before LF
  private prev = NL; // the byte before the chunk being fed (NL: the file starts at a line start)
  private recordLine = 1; // the line where the record being read started
  private quoteLine = 0; // the line where the open quoted field opened
  private readonly shifts: [number, number][] = [];
  private readonly textAfterQuote: number[] = [];
  private multiLine = false;

  /** Line breaks seen so far. */
  get newlines(): number {
    return this.line - 1;
  }

  /** `quotes`: CSV quoting applies (false for NDJSON, where every non-blank line is a record). */
  private readonly quotes: boolean;
  constructor(quotes: boolean) {
    this.quotes = quotes;
  }

  private endLine(): void {
    if (this.startedInQuote) this.multiLine = true;
    if (!this.startedInQuote && this.lineHasContent) {
      this.records++;
      const shift = this.line - this.records;
      if (shift !== this.shift) {
        this.shifts.push([this.records, shift]);
        this.shift = shift;
      }
    }
    this.line++;
    this.lineHasContent = false;
    this.startedInQuote = this.inQuote;
    if (!this.inQuote) this.recordLine = this.line;
  }

  /** The number the record being read will have (records are counted at the end of their first line). */
  private currentRecord(): number {
    return this.startedInQuote ? this.records : this.records + 1;
  }

  feed(buf: Buffer, final = false): void {
    const n = buf.length;
    let lineStart = 0;
    let nl = buf.indexOf(NL);
    let cr = buf.indexOf(CR);
    let q = this.quotes ? buf.indexOf(QUOTE) : -1;
    const at = (i: number) => (i < 0 ? this.prev : buf[i]!);
    for (;;) {
      const i = Math.min(nl < 0 ? n : nl, cr < 0 ? n : cr, q < 0 ? n : q);
      if (i >= n) break;
      if (i === q) {
        if (!this.inQuote) {
          const before = at(i - 1);
          if (before === COMMA || before === NL) {
            this.inQuote = true;
            this.quoteLine = this.line;
          }
          q = buf.indexOf(QUOTE, i + 1);
        } else if (i + 1 < n && buf[i + 1] === QUOTE) {
          q = buf.indexOf(QUOTE, i + 2); // "" inside quotes
        } else {
          this.inQuote = false;
          const after = i + 1 < n ? buf[i + 1]! : -1;
          if (after !== -1 && after !== COMMA && after !== NL && after !== CR && this.currentRecord() > 1) {
            const r = this.currentRecord();
            if (this.textAfterQuote[this.textAfterQuote.length - 1] !== r) this.textAfterQuote.push(r);
          }
          q = buf.indexOf(QUOTE, i + 1);
        }
        continue;
      }
      if (i === cr) {
        cr = buf.indexOf(CR, i + 1);
        if (this.inQuote) continue; // part of a quoted value
        // CRLF: the LF ends the line. (A CR that ends the file reads the same either way.)
        if (i + 1 >= n || buf[i + 1] === NL) continue;
        if (this.line === 1 && buf.indexOf(NL) === -1) {
          throw new StructureError(
            1,
            'the file holds carriage returns (CR) but no line feeds: the file seems to use classic Mac (CR-only) ' +
              'line endings; re-export it with LF or CRLF line endings',
          );
        }
        throw new StructureError(
          this.line,
          'a carriage return (CR) in the middle of the line, outside quotes: it would end the record there; ' +
            'remove it, or quote the field that holds it',
        );
      }
      // LF: the line ends.
      const contentEnd = i > 0 && buf[i - 1] === CR && !this.inQuote ? i - 1 : i;
      if (contentEnd > lineStart) this.lineHasContent = true;
      this.endLine();
      lineStart = i + 1;
      nl = buf.indexOf(NL, i + 1);
    }
    if (n > lineStart) {
      const trailingCR = final && buf[n - 1] === CR && !this.inQuote;
      if (n - (trailingCR ? 1 : 0) > lineStart) this.lineHasContent = true;
    }
    if (n) this.prev = buf[n - 1]!;
  }

  finish(): LineMap {
    if (this.inQuote) {
      const opened = this.quoteLine !== this.recordLine ? ` (the quote opened on line ${this.quoteLine})` : '';
      throw new StructureError(
        this.recordLine,
        `this record has a quoted field that is never closed${opened}: an unterminated quote would swallow ` +
          `every later line into one value. Close or remove the quote and load again`,
      );
    }
    if (this.lineHasContent || this.startedInQuote) this.endLine();
    return {
      records: this.records,
      shifts: this.shifts,
      multiLine: this.multiLine,
      textAfterQuote: this.textAfterQuote,
      lines: this.line - 1,
    };
  }

  /** The physical line of record number `record` (from the shifts found so far). */
  static lineOf(map: LineMap, record: number): number {
    let s = 0;
    for (const [k, v] of map.shifts) {
      if (k > record) break;
      s = v;
    }
    return record + s;
  }
}

/** SQL giving the physical line of record number `recordExpr`, or undefined if the map is too long for one CASE. */
export function lineSql(map: LineMap, recordExpr: string): string | undefined {
  if (!map.shifts.length) return recordExpr;
  if (map.shifts.length > 64) return undefined;
  const whens = [...map.shifts].reverse().map(([k, s]) => `WHEN ${recordExpr} >= ${k} THEN ${recordExpr} + ${s}`);
  return `CASE ${whens.join(' ')} ELSE ${recordExpr} END`;
}

/** Turns column `col` of `table` from record numbers into physical lines (an ASOF join for long maps). */
export async function applyLineMap(conn: DuckDBConnection, table: string, col: string, map: LineMap): Promise<void> {
  const direct = lineSql(map, col);
  if (direct !== undefined) {
    if (direct !== col) await conn.run(`UPDATE ${table} SET ${col} = ${direct}`);
    return;
  }
  await conn.run(`CREATE OR REPLACE TEMP TABLE line_shifts (k BIGINT, s BIGINT)`);
  for (let i = 0; i < map.shifts.length; i += 1000) {
    const batch = map.shifts.slice(i, i + 1000).map(([k, s]) => `(${k}, ${s})`);
    await conn.run(`INSERT INTO line_shifts VALUES ${batch.join(', ')}`);
  }
  await conn.run(`UPDATE ${table} SET ${col} = ${table}.${col} + x.s
    FROM (SELECT r.${col} AS k0, sh.s FROM ${table} r ASOF JOIN line_shifts sh ON r.${col} >= sh.k) x WHERE x.k0 = ${table}.${col}`);
  await conn.run(`DROP TABLE line_shifts`);
}
