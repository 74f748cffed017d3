// The floor the bench measures portal-pulse against (issue 13): what an analyst's single hand-written DuckDB
// script would take to read the same messages.csv and compute the study's heaviest metrics, with NO
// validation, no quarantine, no lake, no Parquet, no time zones, no disclosure control. Not part of the
// product and not a second source of any metric: its figures are approximate (ties and edge cases are
// ignored) and only its time is used.
//
// Usage: node --import tsx bench/floor.ts <export-dir>
// Prints one JSON line: { floor_query_seconds, rows, ... } (the bench times the whole process).
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: bench/floor.ts <export-dir>');
  process.exit(2);
}
const csv = join(dir, 'messages.csv').replaceAll("'", "''");
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:', { memory_limit: '1GB' });
const con = await db.connect();
// One scan of the CSV into memory (what an analyst would do first), then the three heavy analyses:
// volumes and active senders by year, first-reply delays (the window sort over every thread), rounds.
await con.run(`
CREATE TEMP TABLE m AS
SELECT thread_id, message_id, sender_type = 'clinician' AS clin, sender_id,
  epoch_ms(try_cast(sent_at AS timestamptz)) AS ms,
  year(try_cast(sent_at AS timestamptz)) AS y
FROM read_csv('${csv}', header = true, all_varchar = true)
WHERE sender_type IN ('patient', 'proxy', 'clinician')`);
const volume = await con.runAndReadAll(`
SELECT y, clin, count(*) AS n, count(DISTINCT sender_id) AS senders FROM m GROUP BY ALL ORDER BY ALL`);
const conv = await con.runAndReadAll(`
WITH o AS (
  SELECT thread_id, clin, ms, y,
    min(CASE WHEN clin THEN ms END) OVER (PARTITION BY thread_id ORDER BY ms, message_id
      ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS reply_ms,
    CASE WHEN clin IS DISTINCT FROM lag(clin) OVER (PARTITION BY thread_id ORDER BY ms, message_id) THEN 1 ELSE 0 END AS new_turn
  FROM m
),
r AS (
  SELECT y, count(*) AS patient_messages,
    count(*) FILTER (WHERE reply_ms - ms <= 86400000) AS within_1d,
    count(*) FILTER (WHERE reply_ms - ms <= 259200000) AS within_3d,
    quantile_cont((reply_ms - ms) / 3600000.0, 0.5) AS median_h,
    quantile_cont((reply_ms - ms) / 3600000.0, 0.9) AS p90_h
  FROM o WHERE NOT clin GROUP BY y
),
t AS (SELECT thread_id, ceil(sum(new_turn) / 2) AS rounds FROM o GROUP BY thread_id)
SELECT (SELECT count(*) FROM r) AS years, (SELECT sum(patient_messages) FROM r) AS patient_messages,
  (SELECT count(*) FROM t) AS threads, (SELECT count(*) FILTER (WHERE rounds <= 4) FROM t) AS le4`);
const row = conv.getRowObjectsJson()[0] ?? {};
console.log(
  JSON.stringify({
    floor_query_seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
    volume_rows: volume.currentRowCount,
    ...row,
  }),
);
