// Loads one input file into a DuckDB table `src_<table>` in bulk: one VARCHAR column per spec column
// (value as read), the row's 1-based source line, a structural problem (wrong number of fields, invalid
// JSON) and the raw text for quarantined rows. No JavaScript touches individual rows.
import type { DuckDBConnection } from '@duckdb/node-api';
import { fileError } from './errors.ts';
import { parseCsvHeader } from './header.ts';
import { isPending, type PendingScan, type PrescanResult } from './prescan.ts';
import { applyLineMap, LineMapper, lineSql } from './line-map.ts';
import { ident, lit, rowsJson, scalar } from './sql.ts';
import type { TableSpec } from './tables.ts';

/** DuckDB never sees these as data: a field delimiter for "one column per physical line" and a NULL marker. */
const LINE_DELIM = '\u0001\u0002\u0003';
const NO_NULL = '\u0002\u0004';

function rawLinesScan(path: string): string {
  return (
    `read_csv(${lit(path)}, columns={'l': 'VARCHAR'}, header=false, delim=${lit(LINE_DELIM)}, quote='', escape='', ` +
    `auto_detect=false, parallel=false, strict_mode=false, nullstr=${lit(NO_NULL)})`
  );
}

/** SQL quoting a CSV field like RFC 4180 does, to rebuild a row's text for the quarantine file. */
function csvField(expr: string): string {
  return (
    `CASE WHEN ${expr} IS NULL THEN NULL WHEN regexp_matches(${expr}, '[",\\r\\n]') ` +
    `THEN '"' || replace(${expr}, '"', '""') || '"' ELSE ${expr} END`
  );
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

/**
 * `scan` may still be running (PendingScan): DuckDB then reads the file meanwhile, and a problem the scan
 * finds (a file error) is thrown in place of anything DuckDB made of the file, as if the scan had come first.
 */
export async function loadCsv(
  conn: DuckDBConnection,
  path: string,
  displayName: string,
  spec: TableSpec,
  scan: PrescanResult | PendingScan,
): Promise<SourceInfo> {
  const pending = isPending(scan) ? scan : undefined;
  /** The scan's verdict first: it throws the file error if the scan failed. */
  const scanned = async () => (pending ? await pending.result : (scan as PrescanResult));
  // Set before a deferred scan starts (next line), so the read is issued the moment the header is known.
  await conn.run(`SET preserve_insertion_order = true`);
  let header: ReturnType<typeof parseCsvHeader>;
  try {
    header = parseCsvHeader(pending ? await pending.firstLine : (scan as PrescanResult).firstLine, spec, displayName);
  } catch (e) {
    await conn.run(`SET preserve_insertion_order = false`);
    await scanned();
    throw e;
  }
  const n = header.names.length;
  const colNames = [...header.names.map((_, i) => `c${i}`), 'c_extra'];
  const columns = `{${colNames.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
  const t = ident(`src_${spec.name}`);
  const scanSql = (
    parallel: boolean,
  ) => `read_csv(${lit(path)}, columns=${columns}, header=true, delim=',', quote='"', escape='"', auto_detect=false,
      null_padding=true, strict_mode=false, parallel=${parallel}, nullstr=${lit(NO_NULL)})`;
  const fields = colNames.map((c) => `(${ident(c)} IS NOT NULL)::INTEGER`).join(' + ');
  const fieldOf = Object.fromEntries(spec.columns.map((c) => [c.name, `c${header.positions[c.name]}`]));
  const rawExpr = `concat_ws(',', ${colNames.map((c) => csvField(ident(c))).join(', ')})`;
  // rowid numbers the rows in file order only if insertion order is kept while the table fills (it is set
  // above, and again for a second read).
  const read = async (parallel: boolean, again = false): Promise<unknown> => {
    try {
      if (again) await conn.run(`SET preserve_insertion_order = true`);
      await conn.run(`CREATE OR REPLACE TEMP TABLE ${t} AS
        SELECT *, CASE WHEN ${fields} <> ${n} THEN 'wrong number of fields' END AS structural
        FROM ${scanSql(parallel)}`);
      return undefined;
    } catch (e) {
      return e;
    } finally {
      // Every later step orders explicitly; not keeping order saves memory and work.
      await conn.run(`SET preserve_insertion_order = false`);
    }
  };
  // No multi-line record: DuckDB may split the file across threads (null_padding forbids that otherwise).
  // While the scan is still running that is not known yet: read in parallel, and again if it finds one.
  let readError = await read(pending ? true : !(scan as PrescanResult).lineMap.multiLine);
  const pre = await scanned();
  if (pending && pre.lineMap.multiLine) readError = await read(false, true);
  if (readError) throw fileError(displayName, `could not be read as CSV: ${firstLineOf((readError as Error).message)}`);
  const rows = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${t}`));
  if (pre.lineMap.records !== rows + 1) {
    throw fileError(
      displayName,
      `could not match CSV records to lines (${rows} rows parsed, ${pre.lineMap.records - 1} found by quote counting)` +
        `; check the file's quotes`,
    );
  }
  const map = pre.lineMap;
  if (map.multiLine) {
    // A record spanning lines with the wrong number of fields is a quote out of place (a line break inside
    // quotes that should not be): its quote pulled later lines in, so refuse the file rather than lose them.
    const bad = (await conn.runAndReadAll(`SELECT rowid + 2 FROM ${t} WHERE structural IS NOT NULL ORDER BY 1 LIMIT 10000`))
      .getRows()
      .map(([r]) => Number(r));
    for (const r of bad) {
      const line = LineMapper.lineOf(map, r);
      const next = r + 1 <= map.records ? LineMapper.lineOf(map, r + 1) : map.lines + 1;
      if (next - line > 1) {
        throw fileError(
          displayName,
          `this record spans lines ${line}-${next - 1} and has the wrong number of fields: a quote out of place ` +
            `pulled the following lines into one field. Fix the quote and load again`,
          line,
        );
      }
    }
  }
  if (map.textAfterQuote.length) {
    // `"T1"x`: DuckDB would keep T1 and drop the x; the row is quarantined instead (values are kept as written).
    await conn.run(`CREATE OR REPLACE TEMP TABLE after_quote (rec BIGINT)`);
    for (let i = 0; i < map.textAfterQuote.length; i += 1000) {
      await conn.run(
        `INSERT INTO after_quote VALUES ${map.textAfterQuote
          .slice(i, i + 1000)
          .map((r) => `(${r})`)
          .join(', ')}`,
      );
    }
    await conn.run(
      `UPDATE ${t} SET structural = 'text after a closing quote' WHERE structural IS NULL AND rowid + 2 IN (SELECT rec FROM after_quote)`,
    );
    await conn.run(`DROP TABLE after_quote`);
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

export async function loadNdjson(
  conn: DuckDBConnection,
  path: string,
  displayName: string,
  spec: TableSpec,
  pre: PrescanResult,
): Promise<SourceInfo> {
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
  const jsons: string[] = []; // per spec column: its JSON value (the first spelling present), special rows only
  const texts: string[] = []; // per spec column: its text (json_extract_string), every row
  const keyRes: string[] = []; // per spec column: a regex matching `"<key>":` for any of its spellings
  for (const c of spec.columns) {
    const spellings = keys.filter((k) => k.trim().toLowerCase() === c.name);
    if (!spellings.length) {
      const total = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${lines}`));
      if (total === 0) break;
      throw fileError(
        displayName,
        `missing required field '${c.name}': no record has it (expected: ${spec.columns.map((x) => x.name).join(', ')})`,
      );
    }
    const idx = spellings.map((s) => {
      paths.push(`$."${s.replaceAll('"', '\\"')}"`);
      return paths.length;
    });
    jsons.push(`coalesce(${idx.map((i) => `jv[${i}]`).join(', ')})`);
    texts.push(`coalesce(${idx.map((i) => `v[${i}]`).join(', ')})`);
    keyRes.push(
      `"(${spellings
        .map((k) =>
          JSON.stringify(k)
            .slice(1, -1)
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('|')})"\\s*:\\s*`,
    );
  }
  const t = ident(`src_${spec.name}`);
  const list = `[${paths.map(lit).join(', ')}]`;
  // Values are kept as written: a string is its text; a whole number keeps its digits only if they read
  // back exactly as written (`1e2` would become "100.0", `-0` "0"); objects, arrays and booleans are not
  // values of any field. Such rows are quarantined with the field and the reason. Only a line with a value
  // that is not a string (`":` then something other than `"`) pays for typing each field; the others are
  // read by one json_extract_string as before.
  const value = (i: number) =>
    `CASE WHEN NOT special THEN ${texts[i]} WHEN t${i} = 'VARCHAR' THEN j${i} ->> '$' ` +
    `WHEN t${i} IN ('BIGINT', 'UBIGINT') THEN j${i}::VARCHAR END`;
  const wrong = jsons.map((_, i) => {
    const name = spec.columns[i]!.name;
    const asWritten = `regexp_matches(l, ${lit(keyRes[i]!)} || j${i}::VARCHAR || '\\s*[,}]')`;
    return `WHEN t${i} = 'OBJECT' THEN ${lit(`${name}: a JSON object, not text`)}
      WHEN t${i} = 'ARRAY' THEN ${lit(`${name}: a JSON array, not text`)}
      WHEN t${i} = 'BOOLEAN' THEN ${lit(`${name}: true/false, not text`)}
      WHEN t${i} = 'DOUBLE' OR (t${i} IN ('BIGINT', 'UBIGINT') AND NOT ${asWritten})
        THEN ${lit(`${name}: a number that cannot be kept as written (write it as a string)`)}`;
  });
  const valueColumns = jsons.length
    ? jsons.map((_, i) => `${value(i)} AS ${ident(`c${i}`)},`).join(' ')
    : spec.columns.map((_, i) => `NULL::VARCHAR AS ${ident(`c${i}`)},`).join(' ');
  const wrongType = jsons.length ? `WHEN special THEN CASE ${wrong.join(' ')} END` : '';
  const allAsText = paths.length ? `json_extract_string(l, ${list})` : '[]::VARCHAR[]';
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${t} AS
    SELECT src_line, ${valueColumns}
           CASE WHEN NOT ok THEN (CASE WHEN json_valid(l) THEN 'not a JSON object' ELSE 'invalid JSON' END) ${wrongType} END AS structural,
           l
    FROM (SELECT *, ${jsons.length ? jsons.map((_, i) => `json_type(j${i}) AS t${i}`).join(', ') : '1 AS none'}
          FROM (SELECT *, ${jsons.length ? jsons.map((j, i) => `${j} AS j${i}`).join(', ') : '1 AS none0'}
                FROM (SELECT *, CASE WHEN special THEN json_extract(l, ${list}) END AS jv
                      FROM (SELECT src_line, l, ok, ok AND regexp_matches(l, '":\\s*[^"\\s]') AS special,
                                   CASE WHEN ok THEN ${allAsText} END AS v FROM ${lines}))))`);
  await conn.run(`DROP TABLE ${lines}`);
  const rows = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${t}`));
  const fieldOf = Object.fromEntries(spec.columns.map((c, i) => [c.name, `c${i}`]));
  return { rows, fieldOf, rawExpr: 'l', lineExpr: 'src_line', lineMode: pre.lineMap.shifts.length ? 'quote-aware' : 'direct' };
}

function firstLineOf(msg: string): string {
  return (msg.split('\n').find((l) => l.trim() && !/^(Invalid Input|IO) Error:\s*$/.test(l)) ?? msg).replace(/^[A-Za-z ]+ Error: /, '');
}
