// The engine port: where SQL runs. One adapter per engine (lib/engines/duckdb, lib/engines/athena).
// The core renders a query for an engine's dialect, hands it here, and gets typed rows back.

/** A value bound to a `?` placeholder, in order. Never concatenated into SQL text. */
export type SqlParam = string | number | boolean | null;

export interface RenderedQuery {
  /** A short stable name for logs and errors, e.g. "response.headline". */
  name: string;
  sql: string;
  params: SqlParam[];
}

/** A value as the adapters return it: BIGINT and DECIMAL become number, timestamps ISO strings. */
export type SqlValue = string | number | boolean | null | SqlValue[];
export type Row = Record<string, SqlValue>;

export type DialectName = 'duckdb' | 'athena';

export interface Engine {
  /** The SQL dialect the queries are rendered in (Trino runs the Athena rendering). */
  readonly dialect: DialectName;
  /** The engine's own name where it is not the dialect's (e.g. 'trino'); results record it. */
  readonly name?: string;
  /** Exact percentiles (DuckDB's quantile_cont) or approximate ones (Athena's approx_percentile). */
  readonly percentiles: 'exact' | 'approximate';
  query(q: RenderedQuery): Promise<Row[]>;
  close(): Promise<void>;
}
