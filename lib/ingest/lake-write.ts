// Stages a load's files under .staging/<load_id>/new/ in the layout of lib/lake/layout.ts. Messages are
// merged by message_id with what the lake holds (the latest load's row wins; an identical row is left as
// it is) and only the partitions whose content changes are rewritten, each as one new file.
import { sameTimeZone } from '../settings/validate.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { IngestError } from './errors.ts';
import { LAKE_FORMAT_VERSION, LAKE_MANIFEST, LAKE_TABLES, type LakeManifest } from '../lake/layout.ts';
import { readLakeManifest } from '../lake/manifest.ts';
import { markTimestampsUtc } from './parquet-utc.ts';
import { ident, lit, scalar } from './sql.ts';

/** Every file below `dir`, lake-relative with '/' separators. */
export function listFiles(lakeDir: string, dir: string): string[] {
  const root = join(lakeDir, dir);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.push(relative(lakeDir, join(e.parentPath, e.name)).split(sep).join('/'));
  }
  return out.sort();
}

/** Refuses a lake written for another time zone: its local columns and partitions would disagree. */
export function checkManifest(lakeDir: string, timezone: string): void {
  const m = readLakeManifest(lakeDir);
  if (!m) return;
  if (!sameTimeZone(m.timezone, timezone)) {
    throw new IngestError(
      `${join(lakeDir, LAKE_MANIFEST)}: this lake was built for time zone ${m.timezone}, but the settings say ${timezone}. ` +
        `Its local dates, hours and partitions follow ${m.timezone}: load with --timezone ${m.timezone}, or into a new lake.`,
    );
  }
}

export function stageManifest(stageNew: string, timezone: string, now: Date): string {
  const m: LakeManifest = { format_version: LAKE_FORMAT_VERSION, timezone, updated_at: now.toISOString() };
  writeFileSync(join(stageNew, LAKE_MANIFEST), JSON.stringify(m, null, 2) + '\n');
  return LAKE_MANIFEST;
}

export interface StagedMessages {
  written: string[];
  /** Existing partition files this load rewrites (moved aside at the switch). */
  replaced: string[];
  counts: { new: number; updated: number; unchanged: number };
}

/** The lake's message columns (partition columns come from the folder names). */
const MESSAGE_OUT = `message_id, thread_id, sent_at::TIMESTAMP_MS AS sent_at, sender_type, sender_id, patient_id, department_id,
  local_ts::TIMESTAMP_MS AS local_ts, local_ts::DATE AS local_date, hour(local_ts)::INTEGER AS local_hour,
  (hour(local_ts) * 60 + minute(local_ts))::INTEGER AS local_minute_of_day, isodow(local_ts)::INTEGER AS local_iso_dow, load_id`;

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * COPY options of a messages partition. DuckDB's writer builds a dictionary for every column of a row group, then
 * writes the column PLAIN if the dictionary saves too little or outgrew DICTIONARY_SIZE_LIMIT values or, for
 * strings, STRING_DICTIONARY_PAGE_SIZE_LIMIT bytes (default 1 MB). A month's message_id, thread_id, sender_id and
 * patient_id have too many distinct values to be worth a dictionary, so under the default each first builds one
 * for its whole month and throws it away. An 8 KB limit stops them after a few hundred values: 0.1-0.2 s less CPU
 * for the 97 partitions at 1M messages, and the same files, byte for byte. 8 KB still holds the dictionaries
 * worth keeping: the load id, the sender types and up to about 500 department ids of 12 characters in a month
 * (4 bytes each plus the text; test/ingest/lake.test.ts). Measured, and what was not kept: docs/ingestion.md.
 */
const MESSAGE_PARQUET = `FORMAT parquet, STRING_DICTIONARY_PAGE_SIZE_LIMIT 8192`;

/**
 * Writes one file per affected partition from `source` (sorted by local_ts, so each month is one contiguous
 * run), sharing the partitions out among `conns` (connections to one database; `source` must be in its main
 * schema, not TEMP, for all of them to see it).
 *
 * Why several connections with one thread: a partition is ~10,000 rows, too small for DuckDB to split across
 * threads, so with `threads = 2` one COPY keeps the second thread spinning (about 1.6 s of CPU for 97 monthly
 * COPYs at 1M messages against 1.0 s with one thread). With `threads = 1` each query runs on the thread that
 * issued it, and two connections writing alternate partitions keep both cores busy with no spinning: the
 * same files, byte for byte, in half the time.
 */
async function writePartitions(
  conns: readonly DuckDBConnection[],
  source: string,
  parts: (readonly [number, number])[],
  stageNew: string,
  loadId: string,
): Promise<string[]> {
  const rels = parts.map(([y, m]) => `${LAKE_TABLES.messages}/year=${pad(y, 4)}/month=${pad(m, 2)}/${loadId}-0.parquet`);
  const main = conns[0]!;
  const threads = Number(await scalar<bigint>(main, `SELECT current_setting('threads')`));
  // Both settings are global (every connection of the database).
  await main.run(`SET preserve_insertion_order = true`); // keep each file in time order
  await main.run(`SET threads = 1`);
  let next = 0;
  let failed = false;
  const work = async (conn: DuckDBConnection) => {
    while (!failed && next < parts.length) {
      const i = next++;
      const [y, m] = parts[i]!;
      const n = m === 12 ? [y + 1, 1] : [y, m + 1];
      const file = join(stageNew, rels[i]!);
      mkdirSync(join(file, '..'), { recursive: true });
      try {
        // A plain single-file COPY per partition costs about half of DuckDB's PARTITION_BY writer.
        await conn.run(`COPY (SELECT ${MESSAGE_OUT} FROM ${source}
            WHERE local_ts >= TIMESTAMP '${pad(y, 4)}-${pad(m, 2)}-01' AND local_ts < TIMESTAMP '${pad(n[0]!, 4)}-${pad(n[1]!, 2)}-01')
          TO ${lit(file)} (${MESSAGE_PARQUET})`);
        markTimestampsUtc(file, ['sent_at']);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  try {
    // Every writer finishes (or fails) before this returns: no COPY is left running on a connection the
    // caller may close next.
    const results = await Promise.allSettled(conns.slice(0, Math.max(1, Math.min(conns.length, parts.length))).map(work));
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    await main.run(`SET threads = ${threads}`);
    await main.run(`SET preserve_insertion_order = false`);
  }
  return rels;
}

/**
 * Stages the messages partitions that acc_messages changes. `conns` are connections to the load's database
 * (the first does the merge; all of them write partitions).
 */
export async function stageMessages(
  conns: readonly DuckDBConnection[],
  lakeDir: string,
  stageNew: string,
  loadId: string,
): Promise<StagedMessages> {
  const conn = conns[0]!;
  const existing = listFiles(lakeDir, LAKE_TABLES.messages).filter((f) => f.endsWith('.parquet'));
  if (!existing.length) {
    // A first load: every accepted row is new and is written as it is (the view reads acc_messages, already
    // in local-time order; not TEMP: every writer connection reads it). No status table to build or count.
    const n = Number(await scalar<bigint>(conn, `SELECT count(*) FROM acc_messages`));
    const counts = { new: n, updated: 0, unchanged: 0 };
    if (n === 0) return { written: [], replaced: [], counts };
    await conn.run(`CREATE OR REPLACE VIEW changed AS SELECT a.*, ${lit(loadId)} AS load_id FROM acc_messages a`);
    const affected = (
      await conn.runAndReadAll(`SELECT DISTINCT year(local_ts)::INTEGER, month(local_ts)::INTEGER FROM changed ORDER BY 1, 2`)
    )
      .getRows()
      .map(([y, m]) => [Number(y), Number(m)] as const);
    const written = await writePartitions(conns, 'changed', affected, stageNew, loadId);
    await conn.run(`DROP VIEW changed`);
    return { written, replaced: [], counts };
  }
  await conn.run(`CREATE OR REPLACE TEMP VIEW lake_messages AS
    SELECT * EXCLUDE (sent_at, year, month), timezone('UTC', sent_at::TIMESTAMPTZ) AS sent_at, year, month
    FROM read_parquet([${existing.map((f) => lit(join(lakeDir, f))).join(', ')}], hive_partitioning = true,
                      hive_types = {'year': INTEGER, 'month': INTEGER})`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE merged_status AS
    SELECT a.message_id, e.year AS old_year, e.month AS old_month,
           CASE WHEN e.message_id IS NULL THEN 'new'
                WHEN row(a.thread_id, a.sent_at, a.sender_type, a.sender_id, a.patient_id, a.department_id)
                     IS NOT DISTINCT FROM row(e.thread_id, e.sent_at, e.sender_type, e.sender_id, e.patient_id, e.department_id)
                THEN 'unchanged' ELSE 'updated' END AS status
    FROM acc_messages a LEFT JOIN lake_messages e ON e.message_id = a.message_id`);
  const countRows = await conn.runAndReadAll(`SELECT status, count(*) FROM merged_status GROUP BY status`);
  const counts = { new: 0, updated: 0, unchanged: 0 };
  for (const [s, n] of countRows.getRows()) counts[s as keyof typeof counts] = Number(n);
  if (counts.new + counts.updated === 0) return { written: [], replaced: [], counts };

  // Not TEMP: every writer connection reads it (writePartitions).
  await conn.run(`CREATE OR REPLACE TABLE changed AS
    SELECT a.*, ${lit(loadId)} AS load_id FROM acc_messages a
    WHERE a.message_id IN (SELECT message_id FROM merged_status WHERE status <> 'unchanged')`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE affected AS
    SELECT DISTINCT year(local_ts)::INTEGER AS year, month(local_ts)::INTEGER AS month FROM changed
    UNION SELECT old_year, old_month FROM merged_status WHERE status = 'updated'`);
  const affected = (await conn.runAndReadAll(`SELECT year, month FROM affected ORDER BY 1, 2`))
    .getRows()
    .map(([y, m]) => [Number(y), Number(m)] as const);
  const replaced = existing.filter((f) =>
    affected.some(([y, m]) => f.startsWith(`${LAKE_TABLES.messages}/year=${pad(y, 4)}/month=${pad(m, 2)}/`)),
  );
  // The affected partitions' rows that stay (minus the ids this load replaces), with the changed rows.
  await conn.run(`SET preserve_insertion_order = true`);
  await conn.run(`CREATE OR REPLACE TABLE to_write AS SELECT * FROM (
      SELECT message_id, thread_id, sent_at, sender_type, sender_id, patient_id, department_id, local_ts, load_id FROM changed
      UNION ALL
      SELECT message_id, thread_id, sent_at, sender_type, sender_id, patient_id, department_id, local_ts, load_id FROM lake_messages e
      WHERE (e.year, e.month) IN (SELECT (year, month) FROM affected)
        AND e.message_id NOT IN (SELECT message_id FROM merged_status WHERE status = 'updated'))
    ORDER BY local_ts`);
  await conn.run(`SET preserve_insertion_order = false`);
  const written = await writePartitions(conns, 'to_write', affected, stageNew, loadId);
  await conn.run(`DROP TABLE changed; DROP TABLE merged_status; DROP TABLE to_write`);
  return { written, replaced, counts };
}

/** Stages clinicians or departments: the lake's rows upserted by id with this load's accepted rows. */
export async function stageRoster(
  conn: DuckDBConnection,
  lakeDir: string,
  stageNew: string,
  table: 'clinicians' | 'departments',
  key: string,
  cols: string[],
): Promise<{ written: string[]; replaced: string[]; changed: number }> {
  const rel = `${LAKE_TABLES[table]}/${table}.parquet`;
  const had = existsSync(join(lakeDir, rel));
  const acc = ident(`acc_${table}`);
  const list = cols.map(ident).join(', ');
  const current = had
    ? `(SELECT ${list} FROM read_parquet(${lit(join(lakeDir, rel))}))`
    : `(SELECT ${cols.map((c) => `NULL::VARCHAR AS ${ident(c)}`).join(', ')} WHERE false)`;
  const changed = Number(
    await scalar<bigint>(
      conn,
      `SELECT count(*) FROM ${acc} a WHERE NOT EXISTS (SELECT 1 FROM ${current} c WHERE ` +
        `row(${cols.map((c) => `c.${ident(c)}`).join(', ')}) IS NOT DISTINCT FROM row(${cols.map((c) => `a.${ident(c)}`).join(', ')}))`,
    ),
  );
  if (changed === 0) return { written: [], replaced: [], changed };
  mkdirSync(join(stageNew, LAKE_TABLES[table]), { recursive: true });
  await conn.run(`COPY (
      SELECT ${list} FROM ${current} c WHERE c.${ident(key)} NOT IN (SELECT ${ident(key)} FROM ${acc})
      UNION ALL SELECT ${list} FROM ${acc} ORDER BY ${ident(key)})
    TO ${lit(join(stageNew, rel))} (FORMAT parquet)`);
  return { written: [rel], replaced: had ? [rel] : [], changed };
}

/** Stages quarantine/<load_id>.parquet and .csv from the `quarantine` table. */
export async function stageQuarantine(conn: DuckDBConnection, stageNew: string, loadId: string): Promise<string[]> {
  mkdirSync(join(stageNew, LAKE_TABLES.quarantine), { recursive: true });
  const base = `${LAKE_TABLES.quarantine}/${loadId}`;
  const q =
    `SELECT ${lit(loadId)} AS load_id, table_name, source_file, line::BIGINT AS line, reason, raw ` +
    `FROM quarantine ORDER BY table_name, line`;
  await conn.run(`COPY (${q}) TO ${lit(join(stageNew, `${base}.parquet`))} (FORMAT parquet)`);
  await conn.run(`COPY (${q}) TO ${lit(join(stageNew, `${base}.csv`))} (FORMAT csv, HEADER true)`);
  return [`${base}.parquet`, `${base}.csv`];
}

/** Stages loads/<load_id>.parquet: the summary row (layout LOAD_COLUMNS, then this project's extra columns). */
export async function stageLoadRecord(
  conn: DuckDBConnection,
  stageNew: string,
  rel: string,
  row: Record<string, string | number>,
): Promise<void> {
  mkdirSync(join(stageNew, LAKE_TABLES.loads), { recursive: true });
  const cols = Object.entries(row).map(([k, v]) =>
    k === 'loaded_at'
      ? `${lit(String(v))}::TIMESTAMPTZ::TIMESTAMP_MS AS loaded_at`
      : typeof v === 'number'
        ? `${v}::BIGINT AS ${ident(k)}`
        : `${lit(v)} AS ${ident(k)}`,
  );
  await conn.run(`COPY (SELECT ${cols.join(', ')}) TO ${lit(join(stageNew, rel))} (FORMAT parquet)`);
  markTimestampsUtc(join(stageNew, rel), ['loaded_at']);
}
