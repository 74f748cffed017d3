// sent_at parsing and time-zone arithmetic, in SQL over whole tables.
//
// Accepted spellings (ISO 8601 extended format): YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]] followed by
// nothing (wall-clock time in the site time zone), `Z`, or an offset ±HH, ±HHMM, ±HH:MM (at most ±18:00).
// Sub-millisecond digits are truncated (the lake keeps milliseconds).
//
// Wall-clock times resolve like java.time's ZonedDateTime.ofLocal: in an overlap (a repeated hour) the
// EARLIER offset is taken; in a gap (a skipped hour) the time moves forward by the gap's length. Offsets are
// judged per 15-minute bucket (time-zone transitions fall on quarter hours) with the zone's offset as a
// step function (zone-offsets.ts), so no row pays for an ICU conversion.
import { lit } from './sql.ts';
import { type OffsetSteps, offsetAtSql } from './zone-offsets.ts';

export const TS_PATTERN = '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-](0\\d|1[0-8])(:?[0-5]\\d)?)?$';

export const BUCKET = `INTERVAL 15 MINUTE`;

/**
 * Nested SELECTs over `from` adding, for its column `s` (the trimmed text): ts_ok (the spelling is accepted),
 * ts_zoned (it has `Z` or an offset; meaningful where ts_ok) and ts_naive (for a value with a zone, its UTC
 * instant; otherwise the wall-clock time as written; ms precision; NULL unless ts_ok). DuckDB's own casts
 * do the calendar checks (e.g. 2017-02-30 fails).
 */
export function parseTimesSql(from: string, s: string): string {
  // In an accepted spelling a zone is `Z` at the end, or holds the only '+', or the only '-' after a ':'
  // (the date's dashes come before the time's colons): three LIKEs instead of a second regex.
  const spelt = `SELECT *, regexp_matches(${s}, ${lit(TS_PATTERN)}) AS ts_ok,
      (${s} LIKE '%Z' OR ${s} LIKE '%+%' OR ${s} LIKE '%:%-%') AS ts_zoned FROM (${from})`;
  // With a zone, the cast to TIMESTAMPTZ reads the offset without ICU, and epoch_us gives the instant
  // without the ICU conversion that timezone('UTC', ...) would make for every row.
  return `SELECT *, CASE WHEN NOT ts_ok THEN NULL
      WHEN ts_zoned THEN date_trunc('millisecond', make_timestamp(epoch_us(try_cast(${s} AS TIMESTAMPTZ))))
      ELSE date_trunc('millisecond', try_cast(${s} AS TIMESTAMP)) END AS ts_naive
    FROM (${spelt})`;
}

/**
 * Nested SELECTs over `from` (a relation with ts_zoned and ts_naive) adding sent_at (the UTC instant),
 * dst_kind ('repeated' | 'skipped' | NULL) and local_ts (the wall clock in the site zone at sent_at).
 *
 * A wall-clock time w in bucket b is resolved with the zone's offsets a day before and after b (oe, ol):
 * an offset is valid for b when the zone has it at b minus that offset. Only the later one valid: a gap
 * that ended (take it); both valid and different: an overlap (take the earlier); neither: w is skipped
 * (take the earlier offset, which moves w forward by the gap).
 */
export function resolveTimesSql(from: string, steps: OffsetSteps): string {
  const off = (u: string) => offsetAtSql(u, steps);
  const wall = `SELECT *, CASE WHEN NOT ts_zoned THEN time_bucket(${BUCKET}, ts_naive) END AS wb FROM (${from})`;
  const around = `SELECT *, wb - INTERVAL 1 DAY AS wb_early, wb + INTERVAL 1 DAY AS wb_late FROM (${wall})`;
  // Only wall-clock rows pay for the step function (CASE evaluates a branch for the rows it selects).
  const oeol = `SELECT *, CASE WHEN wb IS NOT NULL THEN ${off('wb_early')} END AS oe,
      CASE WHEN wb IS NOT NULL THEN ${off('wb_late')} END AS ol FROM (${around})`;
  const shifted = `SELECT *, wb - to_minutes(oe) AS wb_oe, wb - to_minutes(ol) AS wb_ol FROM (${oeol})`;
  const valid = `SELECT *, CASE WHEN wb IS NOT NULL THEN ${off('wb_oe')} = oe END AS ve,
      CASE WHEN wb IS NOT NULL THEN ${off('wb_ol')} = ol END AS vl FROM (${shifted})`;
  const utc = `SELECT *,
      CASE WHEN wb IS NULL THEN ts_naive WHEN NOT ve AND vl THEN ts_naive - to_minutes(ol) ELSE ts_naive - to_minutes(oe) END AS sent_at,
      CASE WHEN wb IS NULL THEN NULL WHEN oe <> ol AND ve AND vl THEN 'repeated' WHEN NOT ve AND NOT vl THEN 'skipped' END AS dst_kind
    FROM (${valid})`;
  const bucketed = `SELECT *, time_bucket(${BUCKET}, sent_at) AS ub FROM (${utc})`;
  return `SELECT * EXCLUDE (wb, wb_early, wb_late, oe, ol, wb_oe, wb_ol, ve, vl, ub), sent_at + to_minutes(${off('ub')}) AS local_ts
    FROM (${bucketed})`;
}
