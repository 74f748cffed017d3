// Maps record numbers to physical line numbers while the file streams through prescan. A record starts on
// a line that begins outside a quoted field and is not blank (DuckDB's readers skip blank lines and count a
// quoted line break as part of the record). Usually line = record number; the map keeps only the places
// where the difference changes (after a blank line or a record spanning lines), so it stays tiny.
import type { DuckDBConnection } from '@duckdb/node-api';

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export interface LineMap {
  /** Records found (a CSV header counts as record 1). */
  records: number;
  /** [first record number, line - record] from that record on; empty when line = record throughout. */
  shifts: [number, number][];
  /** Some record spans lines (a quoted line break). */
  multiLine: boolean;
}

export class LineMapper {
  private line = 1;
  private records = 0;
  private shift = 0;
  private inQuote = false;
  private startedInQuote = false;
  private lineLen = 0; // bytes on the current line so far, excluding a trailing CR
  private pendingCR = false;
  private readonly shifts: [number, number][] = [];
  private multiLine = false;

  /** Line breaks seen so far. */
  get newlines(): number {
    return this.line - 1;
  }

  /** `quotes`: CSV quoting applies (false for NDJSON, where every non-blank line is a record). */
  constructor(private readonly quotes: boolean) {}

  private endLine(): void {
    if (this.startedInQuote) this.multiLine = true;
    if (!this.startedInQuote && this.lineLen > 0) {
      this.records++;
      const shift = this.line - this.records;
      if (shift !== this.shift) {
        this.shifts.push([this.records, shift]);
        this.shift = shift;
      }
    }
    this.line++;
    this.lineLen = 0;
    this.pendingCR = false;
    this.startedInQuote = this.inQuote;
  }

  feed(buf: Buffer): void {
    let pos = 0;
    let nextQuote = this.quotes ? buf.indexOf(QUOTE) : -1;
    while (pos < buf.length) {
      let nl = buf.indexOf(NL, pos);
      const end = nl === -1 ? buf.length : nl;
      while (nextQuote !== -1 && nextQuote < end) {
        this.inQuote = !this.inQuote;
        nextQuote = buf.indexOf(QUOTE, nextQuote + 1);
      }
      if (end > pos) {
        // Content is everything but a CR right before the line break.
        const crAtEnd = buf[end - 1] === CR;
        this.lineLen += (this.pendingCR ? 1 : 0) + (end - pos) - (crAtEnd ? 1 : 0);
        this.pendingCR = crAtEnd;
      }
      if (nl === -1) return;
      this.endLine();
      pos = nl + 1;
      nl = -1;
    }
  }

  finish(): LineMap {
    if (this.lineLen > 0 || this.startedInQuote) this.endLine();
    return { records: this.records, shifts: this.shifts, multiLine: this.multiLine };
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
