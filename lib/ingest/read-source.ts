// Loads one input file into a DuckDB table `src_<table>` in bulk: one VARCHAR column per spec column
// (value as read), the row's 1-based source line, a structural problem (wrong number of fields, invalid
// JSON) and the raw text for quarantined rows. No JavaScript touches individual rows.
import type { DuckDBConnection } from '@duckdb/node-api';
import { fileError } from './errors.ts';
import { parseCsvHeader } from './header.ts';
import type { PrescanResult } from './prescan.ts';
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

/**
 * Physical line of each CSV record: a line starts a record unless it is blank or an odd number of quote
 * characters precede it (it continues a quoted field). Table rec_<t>(k = record index incl. header, line).
 */
async function recordLines(conn: DuckDBConnection, path: string, table: string): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ident(`rec_${table}`)} AS
    SELECT row_number() OVER (ORDER BY n) AS k, n AS line FROM (
      SELECT n, blank, coalesce(sum(q) OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS qb FROM (
        SELECT row_number() OVER () AS n, (length(coalesce(l, '')) - length(replace(coalesce(l, ''), '"', ''))) % 2 AS q,
               coalesce(l, '') = '' AS blank
        FROM ${rawLinesScan(path)}))
    WHERE qb % 2 = 0 AND NOT blank`);
}

export interface SourceInfo {
  /** Data rows read (header excluded). */
  rows: number;
  /** Column of src_<table> holding each spec column's value as read. */
  fieldOf: Record<string, string>;
  /** SQL over src_<table> giving a row's text as read (for the quarantine file). */
  rawExpr: string;
  /** How line numbers were found: 'direct' (one record per line) or 'quote-aware' (records span lines). */
  lineMode: 'direct' | 'quote-aware' | 'ndjson';
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
  try {
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${t} AS
      SELECT row_number() OVER () + 1 AS line, *,
             CASE WHEN ${fields} <> ${n} THEN 'wrong number of fields' END AS structural
      FROM ${scan}`);
  } catch (e) {
    throw fileError(displayName, `could not be read as CSV: ${firstLineOf((e as Error).message)}`);
  }
  const rows = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${t}`));
  // One record per physical line and no blank lines: line = position + 1. Otherwise map records to lines.
  if (!pre.hasBlankLine && rows === pre.lines - 1) return { rows, fieldOf, rawExpr, lineMode: 'direct' };
  await recordLines(conn, path, spec.name);
  const recs = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${ident(`rec_${spec.name}`)}`));
  if (recs !== rows + 1) {
    throw fileError(displayName, `could not match CSV records to lines (${rows} records parsed, ${recs - 1} found by quote counting); check for an unterminated quoted field`);
  }
  await conn.run(`UPDATE ${t} SET line = r.line FROM ${ident(`rec_${spec.name}`)} r WHERE r.k = ${t}.line`);
  await conn.run(`DROP TABLE ${ident(`rec_${spec.name}`)}`);
  return { rows, fieldOf, rawExpr, lineMode: 'quote-aware' };
}

export async function loadNdjson(conn: DuckDBConnection, path: string, displayName: string, spec: TableSpec): Promise<SourceInfo> {
  const lines = ident(`lines_${spec.name}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${lines} AS
    SELECT line, l, json_valid(l) AND json_type(l) = 'OBJECT' AS ok FROM (
      SELECT row_number() OVER () AS line, l FROM ${rawLinesScan(path)}) WHERE trim(coalesce(l, '')) <> ''`);
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
    SELECT line, ${exprs.length ? exprs.join(', ') + ',' : spec.columns.map((_, i) => `NULL::VARCHAR AS ${ident(`c${i}`)},`).join(' ')}
           CASE WHEN NOT ok THEN (CASE WHEN json_valid(l) THEN 'not a JSON object' ELSE 'invalid JSON' END) END AS structural,
           l
    FROM (SELECT line, l, ok, CASE WHEN ok THEN ${extract} END AS v FROM ${lines})`);
  await conn.run(`DROP TABLE ${lines}`);
  const rows = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${t}`));
  const fieldOf = Object.fromEntries(spec.columns.map((c, i) => [c.name, `c${i}`]));
  return { rows, fieldOf, rawExpr: 'l', lineMode: 'ndjson' };
}

function firstLineOf(msg: string): string {
  return (msg.split('\n').find((l) => l.trim() && !/^(Invalid Input|IO) Error:\s*$/.test(l)) ?? msg).replace(/^[A-Za-z ]+ Error: /, '');
}
