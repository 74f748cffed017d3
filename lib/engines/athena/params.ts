// Query parameters for Athena. The engine's `?` values go to StartQueryExecution as
// ExecutionParameters, which Athena substitutes as SQL literals: each must be written as a Trino
// literal (strings quoted, quotes doubled). They are never concatenated into the query text.
import type { SqlParam } from '../engine.ts';

/** One parameter as the Trino literal Athena's ExecutionParameters expects. */
export function trinoLiteral(p: SqlParam): string {
  if (p === null) return 'NULL';
  if (typeof p === 'boolean') return p ? 'TRUE' : 'FALSE';
  if (typeof p === 'number') {
    if (!Number.isFinite(p)) throw new Error(`cannot pass ${p} as an Athena parameter (not a finite number)`);
    // Integers as integer literals; others as DOUBLE literals with an exponent, so Trino reads them
    // as DOUBLE (a plain "0.5" would be a DECIMAL).
    return Number.isInteger(p) ? String(p) : p.toExponential().toUpperCase();
  }
  if (typeof p === 'string') return `'${p.replaceAll("'", "''")}'`;
  throw new Error(`unsupported Athena parameter type: ${typeof p}`);
}

/**
 * Counts the `?` placeholders in SQL text, outside string literals, quoted identifiers and comments,
 * so a mismatch with the parameters fails with the query's name instead of an Athena error.
 */
export function countPlaceholders(sql: string): number {
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      // Quoted: skip to the closing quote; a doubled quote is an escaped one.
      for (i++; i < sql.length; i++) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) i++;
          else break;
        }
      }
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '?') {
      n++;
    }
  }
  return n;
}
