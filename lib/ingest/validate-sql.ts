// Row validation in bulk: from src_<table> (values as read) to val_<table> with normalised values and the
// first rule each row breaks (`reason`, NULL when valid). Reasons are stable short codes, e.g.
// "missing sender_id", "invalid sent_at", so the summary can count them. The row's raw text is built only
// for rows that fail (CASE evaluates its branch only for the rows it selects).
import type { DuckDBConnection } from '@duckdb/node-api';
import { isEmailAddressSql } from '../email-address/email-address.ts';
import type { SourceInfo } from './read-source.ts';
import { ident, lit, WS } from './sql.ts';
import type { ColumnSpec, TableSpec } from './tables.ts';
import { BUCKET, timestampColumns, utcOffsets, wallClockResolution } from './timestamps-sql.ts';

/** Trimmed value, '' as NULL. trim() is costly over millions of values, so only values that need it pay for it. */
function trimmed(col: string): string {
  const c = ident(col);
  const edgy = [' %', '% ', '\t%', '%\t', '%\r', '\n%', '%\n'].map((p) => `${c} LIKE ${lit(p)}`).join(' OR ');
  return `CASE WHEN ${edgy} THEN nullif(trim(${c}, ${WS}), '') ELSE nullif(${c}, '') END`;
}

function normalised(c: ColumnSpec, from: string): string {
  const v = trimmed(from);
  if (c.enum) return `lower(${v}) AS ${ident(c.name)}`;
  if (c.name === 'lead_emails') {
    return `list_filter(list_transform(string_split(coalesce(${v}, ''), ';'), e -> trim(e, ${WS})), e -> e <> '') AS lead_list`;
  }
  return `${v} AS ${ident(c.name)}`;
}

function ruleChecks(spec: TableSpec): string[] {
  const checks: string[] = [`WHEN structural IS NOT NULL THEN structural`];
  for (const c of spec.columns) {
    const col = ident(c.name);
    if (c.name === 'sent_at') {
      checks.push(`WHEN sent_at IS NULL THEN 'missing sent_at'`, `WHEN NOT ts_ok OR ts_naive IS NULL THEN 'invalid sent_at'`);
    } else if (c.name === 'sender_id') {
      // Checked after sender_type, so sender_type is valid here.
      checks.push(`WHEN sender_id IS NULL AND sender_type <> 'system' THEN 'missing sender_id'`);
    } else if (c.name === 'lead_emails') {
      checks.push(`WHEN len(list_filter(lead_list, e -> NOT ${isEmailAddressSql('e')})) > 0 THEN 'invalid lead_emails'`);
    } else {
      if (c.required) checks.push(`WHEN ${col} IS NULL THEN ${lit(`missing ${c.name}`)}`);
      if (c.enum) checks.push(`WHEN ${col} NOT IN (${c.enum.map(lit).join(', ')}) THEN ${lit(`invalid ${c.name}`)}`);
    }
  }
  return checks;
}

/** Creates val_<table>: line, raw (failing rows only), reason, the normalised columns (messages: ts_naive, ts_off too). */
export async function validateTable(conn: DuckDBConnection, spec: TableSpec, src: SourceInfo): Promise<void> {
  const isMessages = spec.name === 'messages';
  const select = spec.columns.map((c) => normalised(c, src.fieldOf[c.name]!)).join(', ');
  const out = spec.columns
    .map((c) =>
      c.name === 'lead_emails'
        ? `array_to_string(lead_list, ';') AS lead_emails`
        : c.name === 'sender_id'
          ? `CASE WHEN sender_type = 'system' THEN NULL ELSE sender_id END AS sender_id`
          : ident(c.name),
    )
    .join(', ');
  const ts = isMessages ? `, ${timestampColumns('sent_at')}` : '';
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ident(`val_${spec.name}`)} AS
    SELECT line, ${out}${isMessages ? ', ts_naive, ts_off' : ''}, reason,
           CASE WHEN reason IS NOT NULL THEN ${src.rawExpr} END AS raw
    FROM (SELECT *, CASE ${ruleChecks(spec).join(' ')} END AS reason
          FROM (SELECT *${ts} FROM (SELECT ${src.lineExpr} AS line, *, ${select} FROM ${ident(`src_${spec.name}`)})))`);
}

/**
 * Creates ok_messages from the valid rows of val_messages: sent_at as a UTC instant (ms), the wall-clock
 * resolution kind ('repeated' | 'skipped' | NULL) and local_ts, the wall-clock time in the site zone.
 */
export async function resolveMessageTimes(conn: DuckDBConnection, tz: string): Promise<void> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE wall_res AS ${wallClockResolution(
      `SELECT DISTINCT time_bucket(${BUCKET}, ts_naive) AS bucket FROM val_messages WHERE reason IS NULL AND ts_off IS NULL`,
      tz,
    )}`,
  );
  // The UTC instant of every valid row, as a view: computed once for the buckets, once for the final table.
  await conn.run(`CREATE OR REPLACE TEMP VIEW utc_msgs AS
    SELECT v.line, v.message_id, v.thread_id, v.sender_type, v.sender_id, v.patient_id, v.department_id,
           CASE WHEN v.ts_off IS NOT NULL THEN v.ts_naive ELSE v.ts_naive - to_minutes(w.off_min) END AS sent_at,
           w.kind AS dst_kind
    FROM (SELECT *, CASE WHEN ts_off IS NULL THEN time_bucket(${BUCKET}, ts_naive) END AS wb FROM val_messages WHERE reason IS NULL) v
    LEFT JOIN wall_res w ON w.bucket = v.wb`);
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE utc_res AS ${utcOffsets(`SELECT DISTINCT time_bucket(${BUCKET}, sent_at) AS bucket FROM utc_msgs`, tz)}`,
  );
  // Stored in local-time order, so each month's partition is a contiguous run the writer can pick by zonemap.
  await conn.run(`SET preserve_insertion_order = true`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ok_messages AS
    SELECT * FROM (SELECT m.* EXCLUDE (ub), m.sent_at + to_minutes(o.off_min) AS local_ts
      FROM (SELECT *, time_bucket(${BUCKET}, sent_at) AS ub FROM utc_msgs) m JOIN utc_res o ON o.bucket = m.ub)
    ORDER BY local_ts`);
  await conn.run(`SET preserve_insertion_order = false`);
  await conn.run(`DROP VIEW utc_msgs; DROP TABLE wall_res; DROP TABLE utc_res`);
}

/** `now` + 1 day as a DuckDB TIMESTAMP literal (UTC), the latest plausible sent_at of a load run at `now`. */
function latestPlausible(now: Date): string {
  return `TIMESTAMP ${lit(new Date(now.getTime() + 86_400_000).toISOString().replace('T', ' ').replace('Z', ''))}`;
}

/**
 * Quarantines valid messages whose sent_at is implausible (metrics.md, messages.sent_at): local date before
 * `earliest` (the ingest.earliest setting) or more than one day after the load runs. One filtered scan of
 * two columns; the few rows found move from ok_messages to the quarantine with their raw text.
 */
export async function quarantineImplausibleDates(conn: DuckDBConnection, src: SourceInfo, earliest: string, now: Date): Promise<number> {
  const cond = `(local_ts < CAST(${lit(earliest)} AS TIMESTAMP) OR sent_at > ${latestPlausible(now)})`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE implausible AS SELECT line FROM ok_messages WHERE ${cond}`);
  const n = Number((await conn.runAndReadAll(`SELECT count(*) FROM implausible`)).getRows()[0]![0]);
  if (n > 0) {
    await conn.run(`DELETE FROM ok_messages WHERE line IN (SELECT line FROM implausible)`);
    await conn.run(`UPDATE val_messages SET reason = 'implausible date', raw = s.raw
      FROM (SELECT * FROM (SELECT ${src.lineExpr} AS line, ${src.rawExpr} AS raw FROM src_messages) WHERE line IN (SELECT line FROM implausible)) s
      WHERE val_messages.line = s.line`);
  }
  await conn.run(`DROP TABLE implausible`);
  return n;
}
