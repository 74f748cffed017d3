// Loads one input file into a DuckDB table `src_<table>` in bulk: one VARCHAR column per spec column
// (value as read), the row's 1-based source line, a structural problem (wrong number of fields, invalid
// JSON) and the raw text for quarantined rows. No JavaScript touches individual rows.
import type { DuckDBConnection } from '@duckdb/node-api';
import { fileError } from './errors.ts';
import { parseCsvHeader } from './header.ts';
import type { PrescanResult } from './prescan.ts';
import { applyLineMap, lineSql } from './line-map.ts';
import { ident, lit, rowsJson, scalar } from './sql.ts';
import type { TableSpec } from './tables.ts';

/** DuckDB never sees these as data: a field delimiter for "one column per physical line" and a NULL marker. */
const LINE_DELIM = '\u0001\u0002\u0003';
const NO_NULL = '\u0002\u0004';

function rawLinesScan(path: string): string {
  return `read_csv(${lit(path)}, columns={'l': 'VARCHAR'}, header=false, delim=${lit(LINE_DELIM)}, quote='', escape='', auto_detect=false, parallel=false, strict_mode=false, nullstr=${lit(NO_NULL)})`;
}

/** SQL quoting a CSV field like RFC 4180 does, to rebuild a row's text for the quarantine file. */
function csvField(expr: string): string {
  return `CASE WHEN ${expr} IS NULL THEN NULL WHEN regexp_matches(${expr}, '[",\\r\\n]') THEN '"' || replace(${expr}, '"', '""') || '"' ELSE ${expr} END`;
}

export interface SourceInfo {
  /** Data rows read (header excluded). */
  rows: number;
  /** Column of src_<table> holding each spec column's value as read. */
  fieldOf: Record<string, string>;
  /** SQL over src_<table> giving a row's text as read (for the quarantine file). */
  rawExpr: string;
  /** SQL over src_<table> giving a row's 1-based physical line in its file. */
  lineExpr: string;
  /** How line numbers were found: 'direct' (one record per line) or 'quote-aware' (records span lines). */
  lineMode: 'direct' | 'quote-aware';
}

export async function loadCsv(conn: DuckDBConnection, path: string, displayName: string, spec: TableSpec, pre: PrescanResult): Promise<SourceInfo> {
  const header = parseCsvHeader(pre.firstLine, spec, displayName);
  const n = header.names.length;
  const colNames = [...header.names.map((_, i) => `c${i}`), 'c_extra'];
  const columns = `{${colNames.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
  const t = ident(`src_${spec.name}`);
  const scan = `read_csv(${lit(path)}, columns=${columns}, header=true, delim=',', quote='"', escape='"', auto_detect=false,
      null_padding=true, strict_mode=false, parallel=false, nullstr=${lit(NO_NULL)})`;
  const fields = colNames.map((c) => `(${ident(c)} IS NOT NULL)::INTEGER`).join(' + ');
  const fieldOf = Object.fromEntries(spec.columns.map((c) => [c.name, `c${header.positions[c.name]}`]));
  const rawExpr = `concat_ws(',', ${colNames.map((c) => csvField(ident(c))).join(', ')})`;
  // No multi-line record: DuckDB may split the file across threads (null_padding forbids that otherwise).
  const parallel = !pre.lineMap.multiLine;
  try {
    // rowid numbers the rows in file order only if insertion order is kept while the table fills.
    await conn.run(`SET preserve_insertion_order = true`);
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${t} AS
      SELECT *, CASE WHEN ${fields} <> ${n} THEN 'wrong number of fields' END AS structural
      FROM ${scan.replace('parallel=false', `parallel=${parallel}`)}`);
  } catch (e) {
    throw fileError(displayName, `could not be read as CSV: ${firstLineOf((e as Error).message)}`);
  } finally {
    // Every later step orders explicitly; not keeping order saves memory and work.
    await conn.run(`SET preserve_insertion_order = false`);
  }
  const rows = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${t}`));
  if (pre.lineMap.records !== rows + 1) {
    throw fileError(displayName, `could not match CSV records to lines (${rows} rows parsed, ${pre.lineMap.records - 1} found by quote counting); check for an unterminated quoted field`);
  }
  // The table keeps the file's order, so rowid + 2 is the record number (the header is record 1).
  let lineExpr = lineSql(pre.lineMap, '(rowid + 2)');
  if (lineExpr === undefined) {
    await conn.run(`ALTER TABLE ${t} ADD COLUMN src_line BIGINT; UPDATE ${t} SET src_line = rowid + 2`);
    await applyLineMap(conn, t, 'src_line', pre.lineMap);
    lineExpr = 'src_line';
  }
  return { rows, fieldOf, rawExpr, lineExpr, lineMode: pre.lineMap.shifts.length ? 'quote-aware' : 'direct' };
}

export async function loadNdjson(conn: DuckDBConnection, path: string, displayName: string, spec: TableSpec, pre: PrescanResult): Promise<SourceInfo> {
  const lines = ident(`lines_${spec.name}`);
  await conn.run(`SET preserve_insertion_order = true`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${lines} AS
    SELECT src_line, l, CASE WHEN json_valid(l) THEN json_type(l) = 'OBJECT' ELSE false END AS ok FROM (
      SELECT row_number() OVER () AS src_line, l FROM ${rawLinesScan(path)} WHERE coalesce(l, '') <> '')`);
  await conn.run(`SET preserve_insertion_order = false`);
  // DuckDB's line reader skips some blank lines (CRLF files) and not others: number the non-blank lines
  // 1..n here, then map them to physical lines with the prescan's map, which applies one rule.
  const nonBlank = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${lines}`));
  if (nonBlank !== pre.lineMap.records) {
    throw fileError(displayName, `could not match NDJSON records to lines (${nonBlank} read, ${pre.lineMap.records} counted)`);
  }
  await applyLineMap(conn, lines, 'src_line', pre.lineMap);
  // Keys are case-insensitive: find every spelling used for each spec column, then extract them all at once.
  const keys = (await rowsJson(conn, `SELECT DISTINCT unnest(json_keys(l)) AS k FROM ${lines} WHERE ok`)).map((r) => String(r.k));
  const paths: string[] = [];
  const exprs: string[] = [];
  for (const c of spec.columns) {
    const spellings = keys.filter((k) => k.trim().toLowerCase() === c.name);
    if (!spellings.length) {
      const total = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${lines}`));
      if (total === 0) break;
      throw fileError(displayName, `missing required field '${c.name}': no record has it (expected: ${spec.columns.map((x) => x.name).join(', ')})`);
    }
    const idx = spellings.map((s) => {
      paths.push(`$."${s.replaceAll('"', '\\"')}"`);
      return paths.length;
    });
    exprs.push(`coalesce(${idx.map((i) => `v[${i}]`).join(', ')}) AS ${ident(`c${exprs.length}`)}`);
  }
  const t = ident(`src_${spec.name}`);
  const extract = paths.length ? `json_extract_string(l, [${paths.map(lit).join(', ')}])` : `[]::VARCHAR[]`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${t} AS
    SELECT src_line, ${exprs.length ? exprs.join(', ') + ',' : spec.columns.map((_, i) => `NULL::VARCHAR AS ${ident(`c${i}`)},`).join(' ')}
           CASE WHEN NOT ok THEN (CASE WHEN json_valid(l) THEN 'not a JSON object' ELSE 'invalid JSON' END) END AS structural,
           l
    FROM (SELECT src_line, l, ok, CASE WHEN ok THEN ${extract} END AS v FROM ${lines})`);
  await conn.run(`DROP TABLE ${lines}`);
  const rows = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${t}`));
  const fieldOf = Object.fromEntries(spec.columns.map((c, i) => [c.name, `c${i}`]));
  return { rows, fieldOf, rawExpr: 'l', lineExpr: 'src_line', lineMode: pre.lineMap.shifts.length ? 'quote-aware' : 'direct' };
}

function firstLineOf(msg: string): string {
  return (msg.split('\n').find((l) => l.trim() && !/^(Invalid Input|IO) Error:\s*$/.test(l)) ?? msg).replace(/^[A-Za-z ]+ Error: /, '');
}
