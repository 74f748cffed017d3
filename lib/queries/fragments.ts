// The registry of named SQL fragments where Athena (Trino) and DuckDB differ. Every query is written once,
// in the Athena dialect, and calls these for the few constructs whose text or meaning is engine-specific
// (docs/metrics-implementation.md lists the traps). Anything not here must be written so that the same text
// means the same thing on both engines: e.g. divisions are always `CAST(x AS double) / n`, never integer
// or decimal division (Trino truncates integers and rounds decimals to the operands' scale).
import type { DialectName } from '../engines/engine.ts';

export interface Fragments {
  /** Milliseconds since 1970-01-01 of a TIMESTAMP (naive: read as UTC, which both sessions are in). */
  epochMs(expr: string): string;
  /** Continuous percentile (0 < p < 1) of a DOUBLE expression: exact on DuckDB, approximate on Athena. */
  percentile(expr: string, p: number): string;
  /**
   * Written between `name AS` and the CTE's `(`: DuckDB computes a CTE marked MATERIALIZED once however
   * often the query reads it; Trino (Athena) has no such keyword and inlines every reference.
   */
  materialized: string;
  /**
   * The first non-NULL value of `expr` in a window frame, followed by ` OVER (...)`: the same function on both
   * engines, but DuckDB writes IGNORE NULLS inside the parentheses and Trino (Athena) after them.
   */
  firstNonNull(expr: string): string;
}

function checkP(p: number): string {
  // The fraction is a literal written by this code (both engines want a constant), never user input.
  if (!(p > 0 && p < 1)) throw new Error(`percentile fraction must be between 0 and 1, got ${p}`);
  return String(p);
}

/** The maximum rank error of the approximate percentiles (Athena/Trino), as a fraction of the rows. */
export const PERCENTILE_ACCURACY = 0.01;

export const FRAGMENTS: Record<DialectName, Fragments> = {
  athena: {
    // to_unixtime returns fractional seconds as a double; round to whole ms (stored precision is ms).
    // A naive timestamp is read in the session zone, which is always UTC on Athena.
    epochMs: (e) => `CAST(round(to_unixtime(${e}) * 1000) AS bigint)`,
    // With a weight and an accuracy, approx_percentile uses a quantile digest, whose rank error is at most
    // the accuracy (1%). The two-argument form uses a t-digest with no stated bound: on Trino 476 its
    // median of 1,037 reply delays was 2% of the ranks away from the exact one.
    percentile: (e, p) => `approx_percentile(${e}, 1, ${checkP(p)}, ${PERCENTILE_ACCURACY})`,
    materialized: '',
    firstNonNull: (e) => `first_value(${e}) IGNORE NULLS`,
  },
  duckdb: {
    // epoch_ms reads a naive TIMESTAMP as UTC regardless of the session zone (pinned to UTC anyway).
    epochMs: (e) => `epoch_ms(${e})`,
    percentile: (e, p) => `quantile_cont(${e}, ${checkP(p)})`,
    materialized: 'MATERIALIZED ',
    firstNonNull: (e) => `first_value(${e} IGNORE NULLS)`,
  },
};
