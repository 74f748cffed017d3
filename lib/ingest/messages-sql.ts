// The messages table in one pass: from src_messages (values as read) one CREATE TABLE AS normalises,
// validates, parses sent_at, resolves it in the site zone, judges implausible dates and stores the rows in
// local-time order. Rejected rows (reason not NULL, with their raw text) are then moved to val_messages, so
// the accepted ones are left in place rather than copied. Earlier versions read the whole table three
// times more (a validated copy, two passes for the time-zone buckets, a sorted copy).
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceInfo } from './read-source.ts';
import { lit } from './sql.ts';
import { TABLES } from './tables.ts';
import { parseTimesSql, resolveTimesSql } from './timestamps-sql.ts';
import { normalisedSelect, ruleChecks, storedColumn } from './validate-sql.ts';
import { type OffsetSteps, offsetSteps } from './zone-offsets.ts';

export interface MessageRules {
  /** The site time zone. */
  timezone: string;
  /** ingest.earliest: a local date (YYYY-MM-DD) before which a sent_at is implausible. */
  earliest: string;
  /** The load's time: a sent_at more than one day after it is implausible. */
  now: Date;
}

const DAY_MS = 86_400_000;

/** `now` + 1 day as a DuckDB TIMESTAMP literal (UTC), the latest plausible sent_at of a load run at `now`. */
function latestPlausible(now: Date): string {
  return `TIMESTAMP ${lit(new Date(now.getTime() + DAY_MS).toISOString().replace('T', ' ').replace('Z', ''))}`;
}

/**
 * The instants the zone's offsets are needed for: every plausible date, with a week to spare on each side.
 * A row outside is implausible whatever offset it is given (offsets and gaps are at most about a day), and
 * the step function gives it the offset at the nearer end.
 */
function offsetRange(rules: MessageRules): [Date, Date] {
  const earliest = new Date(`${rules.earliest}T00:00:00Z`).getTime();
  return [new Date(earliest - 7 * DAY_MS), new Date(rules.now.getTime() + 8 * DAY_MS)];
}

/** The site zone's offsets over the plausible dates (zone-offsets.ts): what validateMessages resolves times with. */
export function zoneSteps(conn: DuckDBConnection, rules: MessageRules): Promise<OffsetSteps> {
  const [from, to] = offsetRange(rules);
  return offsetSteps(conn, rules.timezone, from, to);
}

/**
 * Creates ok_messages (line, the stored columns, sent_at as the UTC instant, local_ts, dst_kind, in
 * local-time order) holding the accepted rows, and val_messages (line, reason, raw) holding the rejected
 * ones. Implausible dates (metrics.md, messages.sent_at) are the last rule: a local date before `earliest`
 * or a sent_at more than one day after the load runs. `steps`: zoneSteps(rules).
 */
export async function validateMessages(conn: DuckDBConnection, src: SourceInfo, rules: MessageRules, steps: OffsetSteps): Promise<void> {
  const spec = TABLES.messages;
  const normalised = `SELECT ${normalisedSelect(spec, src)} FROM src_messages`;
  const resolved = resolveTimesSql(parseTimesSql(normalised, 'sent_at_text'), steps);
  const implausible = `WHEN local_ts < CAST(${lit(rules.earliest)} AS TIMESTAMP) OR sent_at > ${latestPlausible(rules.now)}
    THEN 'implausible date'`;
  const stored = spec.columns.filter((c) => c.name !== 'sent_at').map(storedColumn);
  // Stored in local-time order, so each month's partition is a contiguous run the writer can pick by zonemap.
  await conn.run(`SET preserve_insertion_order = true`);
  try {
    // The output columns are computed below the sort, so the sort carries only them (not the source's).
    // Not TEMP: it becomes acc_messages, which a second connection reads to write partitions (lake-write.ts).
    await conn.run(`CREATE OR REPLACE TABLE ok_messages AS
      SELECT * FROM (
        SELECT line, ${stored.join(', ')}, sent_at, dst_kind, local_ts, reason,
               CASE WHEN reason IS NOT NULL THEN ${src.rawExpr} END AS raw
        FROM (SELECT *, CASE ${ruleChecks(spec).join(' ')} ${implausible} END AS reason FROM (${resolved})))
      ORDER BY local_ts`);
  } finally {
    await conn.run(`SET preserve_insertion_order = false`);
  }
  await conn.run(`CREATE OR REPLACE TEMP TABLE val_messages AS SELECT line, reason, raw FROM ok_messages WHERE reason IS NOT NULL`);
  await conn.run(`DELETE FROM ok_messages WHERE reason IS NOT NULL`);
}
