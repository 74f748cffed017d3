// Small helpers for building DuckDB SQL text. Values are bound as parameters wherever DuckDB allows;
// table-function arguments (file paths, CSV options) must be literals, so they are quoted here.
import type { DuckDBConnection } from '@duckdb/node-api';

export { lit } from '../engines/duckdb/literal.ts';

/** A quoted SQL identifier. */
export function ident(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

export async function scalar<T>(conn: DuckDBConnection, sql: string): Promise<T> {
  const r = await conn.runAndReadAll(sql);
  return r.getRows()[0]?.[0] as T;
}

export async function rowsJson(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const r = await conn.runAndReadAll(sql);
  return r.getRowObjectsJson() as Record<string, unknown>[];
}

/** Whitespace DuckDB should trim from values (trim() alone removes spaces only). */
export const WS = `' \t\r\n'`;
