// Duplicates and conflicts, judged among valid rows of one load: rows sharing a key are exact duplicates
// if their normalised values are identical (one is kept, the others counted as duplicates), otherwise every
// row with that key is quarantined as a conflict. Normalised means trimmed, enums in lower case and
// sent_at as the instant, so "Patient" vs "patient" or "…Z" vs the same instant with an offset are duplicates.
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, scalar } from './sql.ts';

export interface DedupeResult {
  duplicates: number;
  conflicts: number;
}

/**
 * From `input` (a table of valid rows, consumed: renamed or dropped) with a `line` column) creates acc_<name> (one row per key) and
 * conflict_<name>(line). `dataCols` are compared to tell duplicates from conflicts.
 */
export async function dedupe(conn: DuckDBConnection, name: string, input: string, key: string, dataCols: string[]): Promise<DedupeResult> {
  const k = ident(key);
  const keys = ident(`keys_${name}`);
  const cand = ident(`dup_rows_${name}`);
  const tuple = `row(${dataCols.map((c) => `i.${ident(c)}`).join(', ')})`;
  // Keys seen more than once (cheap: one grouping on the key alone); only those are compared column by column.
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${keys} AS SELECT ${k} FROM ${input} GROUP BY ${k} HAVING count(*) > 1`);
  const repeated = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${keys}`));
  if (repeated === 0) {
    // The usual case: every key once. The input is the accepted set as it is (no copy of millions of rows).
    await conn.run(`ALTER TABLE ${input} RENAME TO ${ident(`acc_${name}`)}`);
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${ident(`conflict_${name}`)} (line BIGINT)`);
    await conn.run(`DROP TABLE ${keys}`);
    return { duplicates: 0, conflicts: 0 };
  }
  // The rows of those keys, picked out of the input once (one probe of the big table instead of three).
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${cand} AS
    SELECT i.line, i.${k}, ${dataCols.map((c) => `i.${ident(c)}`).join(', ')} FROM ${input} i SEMI JOIN ${keys} d ON i.${k} = d.${k}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${keys} AS
    SELECT i.${k}, count(*) AS n, min(i.line) AS keep, count(DISTINCT ${tuple}) AS versions FROM ${cand} i GROUP BY i.${k}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ident(`conflict_${name}`)} AS
    SELECT i.line FROM ${cand} i JOIN ${keys} d ON d.${k} = i.${k} WHERE d.versions > 1`);
  // Remove the few rows that are not accepted in place, rather than copying the millions that are.
  await conn.run(`DELETE FROM ${input} WHERE line IN (
    SELECT i.line FROM ${cand} i JOIN ${keys} d ON d.${k} = i.${k} WHERE d.versions > 1 OR i.line <> d.keep)`);
  await conn.run(`ALTER TABLE ${input} RENAME TO ${ident(`acc_${name}`)}`);
  const duplicates = Number((await scalar<bigint | null>(conn, `SELECT sum(n - 1) FROM ${keys} WHERE versions = 1`)) ?? 0);
  const conflicts = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${ident(`conflict_${name}`)}`));
  await conn.run(`DROP TABLE ${keys}; DROP TABLE ${cand}`);
  return { duplicates, conflicts };
}
