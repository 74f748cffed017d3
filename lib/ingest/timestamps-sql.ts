// sent_at parsing and time-zone arithmetic, in SQL over whole tables.
//
// Accepted spellings (ISO 8601 extended format): YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]] followed by
// nothing (wall-clock time in the site time zone), `Z`, or an offset ±HH, ±HHMM, ±HH:MM (at most ±18:00).
// Sub-millisecond digits are truncated (the lake keeps milliseconds).
//
// Wall-clock times resolve like java.time's ZonedDateTime.ofLocal: in an overlap (a repeated hour) the
// EARLIER offset is taken; in a gap (a skipped hour) the time moves forward by the gap's length. Offsets are
// computed per 15-minute bucket of distinct values (time-zone transitions fall on quarter hours), so a
// multi-million-row load does a few hundred thousand ICU conversions instead of several per row.
import { lit } from './sql.ts';

export const TS_PATTERN = '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-](0\\d|1[0-8])(:?[0-5]\\d)?)?$';

/**
 * Expressions over a column `s` (the trimmed text): ts_ok (the spelling is accepted), ts_naive (for a value
 * with a zone, its UTC instant; otherwise the wall-clock time as written; ms precision) and ts_off (0 for a
 * value with a zone, NULL for wall-clock). DuckDB's own casts do the calendar checks (e.g. 2017-02-30 fails).
 */
export function timestampColumns(s: string): string {
  const zoned = `(right(${s}, 1) = 'Z' OR regexp_matches(right(${s}, 6), '[+-]\\d{2}(:?\\d{2})?$'))`;
  return `regexp_matches(${s}, ${lit(TS_PATTERN)}) AS ts_ok,
    date_trunc('millisecond', CASE WHEN ${zoned} THEN timezone('UTC', try_cast(${s} AS TIMESTAMPTZ)) ELSE try_cast(${s} AS TIMESTAMP) END) AS ts_naive,
    CASE WHEN ${zoned} THEN 0 END AS ts_off`;
}

/** The zone's UTC offset in minutes at the UTC instant `u` (a naive TIMESTAMP holding UTC). */
function offsetAt(u: string, tz: string): string {
  return `date_diff('minute', ${u}, timezone(${lit(tz)}, timezone('UTC', ${u})))`;
}

/**
 * SQL for a table (bucket TIMESTAMP, off_min INTEGER, kind VARCHAR) resolving the wall-clock buckets in
 * `buckets` (a query with one column `bucket`): the UTC instant of wall time w in the bucket is w - off_min.
 */
export function wallClockResolution(buckets: string, tz: string): string {
  return `SELECT bucket,
      CASE WHEN NOT ve AND vl THEN ol ELSE oe END AS off_min,
      CASE WHEN oe <> ol AND ve AND vl THEN 'repeated' WHEN NOT ve AND NOT vl THEN 'skipped' END AS kind
    FROM (SELECT bucket, oe, ol,
            ${offsetAt('bucket - to_minutes(oe)', tz)} = oe AS ve,
            ${offsetAt('bucket - to_minutes(ol)', tz)} = ol AS vl
          FROM (SELECT bucket, ${offsetAt('bucket - INTERVAL 1 DAY', tz)} AS oe, ${offsetAt('bucket + INTERVAL 1 DAY', tz)} AS ol
                FROM (${buckets})))`;
}

/** SQL for a table (bucket TIMESTAMP, off_min INTEGER): the zone's offset for UTC instants in each bucket. */
export function utcOffsets(buckets: string, tz: string): string {
  return `SELECT bucket, ${offsetAt('bucket', tz)} AS off_min FROM (${buckets})`;
}

export const BUCKET = `INTERVAL 15 MINUTE`;
