// The site zone's UTC offset as a step function, so a load resolves every row's time zone with a few
// comparisons in SQL instead of ICU conversions. ICU is asked once per load, for a coarse grid over the
// range of plausible dates and then minute by minute only around the few instants where the offset
// changes (two a year for a zone with daylight saving time). Per row, the step function is a balanced CASE
// tree over those instants: about six comparisons of 8-byte integers, no ICU, no join.
//
// The offset of instant u is the one every step of ingestion has always used, `offsetMinutes(u)` below
// (whole minutes from UTC to the zone's wall clock at u); the step function equals it at every whole
// minute of the range, which are the only instants it is evaluated at (15-minute buckets, shifted by
// whole-minute offsets). A grid step of 6 hours assumes the offset never changes and changes back within
// 6 hours, which no zone in the tz database has done.
import type { DuckDBConnection } from '@duckdb/node-api';
import { lit } from './sql.ts';

/** SQL: the zone's UTC offset in minutes at the UTC instant `u` (a naive TIMESTAMP holding UTC), via ICU. */
export function offsetMinutes(u: string, tz: string): string {
  return `date_diff('minute', ${u}, timezone(${lit(tz)}, timezone('UTC', ${u})))`;
}

export interface OffsetSteps {
  /** The offset (minutes) before the first step (and anywhere before the range). */
  initial: number;
  /** [first UTC minute of the new offset as 'YYYY-MM-DD HH:MM:SS', offset in minutes], in time order. */
  steps: [string, number][];
}

const GRID = 'INTERVAL 6 HOUR';

/** `d` as a DuckDB TIMESTAMP literal (UTC), to the minute. */
export function timestampLiteral(d: Date): string {
  return `TIMESTAMP ${lit(d.toISOString().slice(0, 16).replace('T', ' '))}`;
}

/** Finds the zone's offset steps between two UTC instants (whole minutes; `from` before `to`). */
export async function offsetSteps(conn: DuckDBConnection, tz: string, from: Date, to: Date): Promise<OffsetSteps> {
  const series = `generate_series(${timestampLiteral(from)}, ${timestampLiteral(to)}, ${GRID})`;
  const grid = `SELECT g, ${offsetMinutes('g', tz)} AS o FROM ${series} t(g)`;
  // The grid's first point is `from` itself: one ICU call, not the whole grid.
  const initial = Number((await conn.runAndReadAll(`SELECT ${offsetMinutes(timestampLiteral(from), tz)}`)).getRows()[0]![0]);
  // Narrowed in two steps: quarter hours through each grid interval whose two ends differ, then minutes
  // through each quarter hour whose two ends differ; keep the minutes where the offset changes.
  // `points` (g, o) are `span` apart; the points `step` apart through each span whose two ends differ.
  const changedIn = (points: string, span: string, step: string) =>
    `SELECT DISTINCT m FROM (SELECT g FROM (${points}) QUALIFY o <> lead(o) OVER (ORDER BY g)),
      generate_series(g, g + ${span}, ${step}) t(m)`;
  const QUARTER = 'INTERVAL 15 MINUTE';
  const quarters = `SELECT m AS g, ${offsetMinutes('m', tz)} AS o FROM (${changedIn(grid, GRID, QUARTER)})`;
  const rows = (
    await conn.runAndReadAll(`SELECT strftime(m, '%Y-%m-%d %H:%M:%S'), o
    FROM (SELECT m, ${offsetMinutes('m', tz)} AS o FROM (${changedIn(quarters, QUARTER, 'INTERVAL 1 MINUTE')}))
    QUALIFY o IS DISTINCT FROM lag(o) OVER (ORDER BY m) ORDER BY m`)
  ).getRows();
  const steps: [string, number][] = [];
  let current = initial;
  for (const [m, o] of rows) {
    // The first minute of a changed interval repeats the offset in force: only real changes are steps.
    if (Number(o) !== current) steps.push([String(m), Number(o)]);
    current = Number(o);
  }
  return { initial, steps };
}

/** SQL: the step function at `u` (a column name, not an expression: it is repeated in every comparison). */
export function offsetAtSql(u: string, s: OffsetSteps): string {
  // Steps lo..hi-1 remain and `before` is the offset in force before step lo.
  const node = (lo: number, hi: number, before: number): string => {
    if (lo >= hi) return String(before);
    const mid = (lo + hi) >> 1;
    const [at, off] = s.steps[mid]!;
    return `CASE WHEN ${u} < TIMESTAMP ${lit(at)} THEN ${node(lo, mid, before)} ELSE ${node(mid + 1, hi, off)} END`;
  };
  return node(0, s.steps.length, s.initial);
}
