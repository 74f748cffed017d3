// Row validation in bulk: from src_<table> (values as read) to val_<table> with normalised values and the
// first rule each row breaks (`reason`, NULL when valid). Reasons are stable short codes, e.g.
// "missing sender_id", "invalid sent_at", so the summary can count them. The row's raw text is built only
// for rows that fail (CASE evaluates its branch only for the rows it selects).
import type { DuckDBConnection } from '@duckdb/node-api';
import { isEmailAddressSql } from '../email-address/email-address.ts';
import type { SourceInfo } from './read-source.ts';
import { ident, lit, WS } from './sql.ts';
import type { ColumnSpec, TableSpec } from './tables.ts';

/** Trimmed value, '' as NULL. trim() is costly over millions of values, so only values that need it pay for it. */
function trimmed(col: string): string {
  const c = ident(col);
  const edgy = [' %', '% ', '\t%', '%\t', '%\r', '\n%', '%\n'].map((p) => `${c} LIKE ${lit(p)}`).join(' OR ');
  return `CASE WHEN ${edgy} THEN nullif(trim(${c}, ${WS}), '') ELSE nullif(${c}, '') END`;
}

/** The name of spec column `c`'s normalised value (sent_at's is its text; the instant takes the name). */
function normalisedName(c: ColumnSpec): string {
  return c.name === 'sent_at' ? 'sent_at_text' : c.name === 'lead_emails' ? 'lead_list' : c.name;
}

function normalised(c: ColumnSpec, from: string): string {
  const v = trimmed(from);
  if (c.enum) return `lower(${v}) AS ${ident(c.name)}`;
  if (c.name === 'lead_emails') {
    return `list_filter(list_transform(string_split(coalesce(${v}, ''), ';'), e -> trim(e, ${WS})), e -> e <> '') AS lead_list`;
  }
  return `${v} AS ${ident(normalisedName(c))}`;
}

/** SELECT list over src_<table>: the row's line, every source column, and each spec column normalised. */
export function normalisedSelect(spec: TableSpec, src: SourceInfo): string {
  return `${src.lineExpr} AS line, *, ${spec.columns.map((c) => normalised(c, src.fieldOf[c.name]!)).join(', ')}`;
}

/**
 * The WHEN branches giving a row's first broken rule, in spec order. Messages need ts_ok and ts_naive
 * (timestamps-sql.ts) beside the normalised columns.
 */
export function ruleChecks(spec: TableSpec): string[] {
  const checks: string[] = [`WHEN structural IS NOT NULL THEN structural`];
  for (const c of spec.columns) {
    const col = ident(c.name);
    if (c.name === 'sent_at') {
      checks.push(`WHEN sent_at_text IS NULL THEN 'missing sent_at'`, `WHEN NOT ts_ok OR ts_naive IS NULL THEN 'invalid sent_at'`);
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

/** The table's columns as stored, from the normalised ones (sent_at excepted: the caller resolves it). */
export function storedColumn(c: ColumnSpec): string {
  if (c.name === 'lead_emails') return `array_to_string(lead_list, ';') AS lead_emails`;
  // System messages keep sender_id NULL in the lake (the layout says so) even if the export has one.
  if (c.name === 'sender_id') return `CASE WHEN sender_type = 'system' THEN NULL ELSE sender_id END AS sender_id`;
  return ident(c.name);
}

/** Creates val_<table> for clinicians and departments: line, the stored columns, reason, raw (failing rows only). */
export async function validateTable(conn: DuckDBConnection, spec: TableSpec, src: SourceInfo): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ident(`val_${spec.name}`)} AS
    SELECT line, ${spec.columns.map(storedColumn).join(', ')}, reason, CASE WHEN reason IS NOT NULL THEN ${src.rawExpr} END AS raw
    FROM (SELECT *, CASE ${ruleChecks(spec).join(' ')} END AS reason
          FROM (SELECT ${normalisedSelect(spec, src)} FROM ${ident(`src_${spec.name}`)}))`);
}
