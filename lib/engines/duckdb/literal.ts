// A DuckDB string literal, for the few places SQL text cannot take a bound parameter (table-function
// arguments such as file paths, view DDL, SET statements). Used by the engine's views and by ingestion.

/** A single-quoted SQL string literal. */
export function lit(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
