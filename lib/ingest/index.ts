// ingest(): validates an export (messages.csv|ndjson, clinicians.csv, departments.csv) in bulk with DuckDB
// and loads it into the Parquet lake, atomically and idempotently. See docs/ingestion.md.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LAKE_MANIFEST } from '../lake/layout.ts';
import { DEFAULT_SETTINGS } from '../settings/settings.ts';
import { dedupe } from './dedupe-sql.ts';
import { fileError, IngestError, NothingAcceptedError } from './errors.ts';
import { describeRepair, lakeFsError, openLakeForWrite, repairLake } from './lake-access.ts';
import { checkManifest, stageLoadRecord, stageManifest, stageMessages, stageQuarantine, stageRoster } from './lake-write.ts';
import { prescan, type PrescanResult } from './prescan.ts';
import { validateMessages } from './messages-sql.ts';
import { loadCsv, loadNdjson, type SourceInfo } from './read-source.ts';
import { ident, lit, scalar } from './sql.ts';
import { loadRecordPath, recoverStage, STAGING_DIR, switchIn } from './switch.ts';
import { TABLES, type TableSpec } from './tables.ts';
import type { IngestOptions, LoadSummary, TableCounts, TableName } from './types.ts';
import { validateTable } from './validate-sql.ts';

export type { IngestOptions, IngestProgress, LoadSummary, TableCounts, TableName } from './types.ts';
export { EXIT, IngestError } from './errors.ts';
export { recoverLake, describeRepair } from './lake-access.ts';
export { formatSummary } from './summary.ts';

const ORDER: TableName[] = ['messages', 'clinicians', 'departments'];

/** A sortable, unique load id: UTC time to the millisecond plus random hex. */
export function newLoadId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('.', '')}-${randomBytes(3).toString('hex')}`;
}

function findInput(inputDir: string, spec: TableSpec): { path: string; name: string } {
  const present = spec.files.filter((f) => existsSync(join(inputDir, f)));
  if (present.length > 1) {
    throw fileError(inputDir, `both ${present.join(' and ')} are present; keep one ${spec.name} file`);
  }
  const name = present[0];
  if (!name) {
    throw fileError(
      join(inputDir, spec.files[0]!),
      `file not found (the input folder needs ${spec.files.join(' or ')}, plus ${ORDER.filter((t) => t !== spec.name)
        .map((t) => TABLES[t].files.join(' or '))
        .join(' and ')})`,
    );
  }
  return { path: join(inputDir, name), name };
}

async function countQuarantine(conn: DuckDBConnection, spec: TableSpec, sourceFile: string, src: SourceInfo): Promise<TableCounts> {
  const rowsRead = src.rows;
  const t = spec.name;
  const dataCols =
    t === 'messages'
      ? ['thread_id', 'sent_at', 'sender_type', 'sender_id', 'patient_id', 'department_id']
      : spec.columns.filter((c) => c.name !== spec.key).map((c) => c.name);
  const okTable = t === 'messages' ? 'ok_messages' : `ok_${t}`;
  if (t !== 'messages') {
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE ${ident(okTable)} AS SELECT * EXCLUDE (raw, reason) FROM ${ident(`val_${t}`)} WHERE reason IS NULL`,
    );
  }
  const { duplicates } = await dedupe(conn, t, ident(okTable), spec.key, dataCols);
  await conn.run(`INSERT INTO quarantine
    SELECT ${lit(t)}, ${lit(sourceFile)}, line, reason, raw FROM ${ident(`val_${t}`)} WHERE reason IS NOT NULL
    UNION ALL SELECT ${lit(t)}, ${lit(sourceFile)}, s.line, ${lit(`conflicting ${spec.key}`)}, ${src.rawExpr}
      FROM (SELECT ${src.lineExpr} AS line, * FROM ${ident(`src_${t}`)}) s JOIN ${ident(`conflict_${t}`)} c ON c.line = s.line`);
  await conn.run(`DROP TABLE ${ident(`val_${t}`)}; DROP TABLE ${ident(`conflict_${t}`)}; DROP TABLE ${ident(`src_${t}`)}`);
  const byReason: Record<string, number> = {};
  const rows = await conn.runAndReadAll(
    `SELECT reason, count(*) FROM quarantine WHERE table_name = ${lit(t)} GROUP BY reason ORDER BY 2 DESC, 1`,
  );
  for (const [r, n] of rows.getRows()) byReason[String(r)] = Number(n);
  const quarantined = Object.values(byReason).reduce((a, b) => a + b, 0);
  const accepted = Number(await scalar<bigint>(conn, `SELECT count(*) FROM ${ident(`acc_${t}`)}`));
  const counts: TableCounts = { source_file: sourceFile, rows_read: rowsRead, accepted, duplicates, quarantined, by_reason: byReason };
  if (accepted + duplicates + quarantined !== rowsRead) {
    throw new Error(
      `reconciliation failed for ${sourceFile}: read ${rowsRead} != accepted ${accepted}` +
        ` + duplicates ${duplicates} + quarantined ${quarantined}`,
    );
  }
  return counts;
}

/** Every message row was quarantined: nothing is loaded; the message says why, with the first lines. */
async function nothingAccepted(conn: DuckDBConnection, file: string, m: TableCounts): Promise<NothingAcceptedError> {
  const first = (
    await conn.runAndReadAll(`SELECT line, reason FROM quarantine WHERE table_name = 'messages' ORDER BY line LIMIT 3`)
  ).getRows();
  const reasons = Object.entries(m.by_reason)
    .map(([r, n]) => `${r}: ${n.toLocaleString('en-US')}`)
    .join(', ');
  return new NothingAcceptedError(
    `${file}: every one of the ${m.rows_read.toLocaleString('en-US')} message rows was quarantined (${reasons}); ` +
      `first: ${first.map(([l, r]) => `line ${String(l)}: ${String(r)}`).join('; ')}. Nothing was loaded.`,
  );
}

export async function ingest(opts: IngestOptions): Promise<LoadSummary> {
  const started = Date.now();
  const inputDir = resolve(opts.inputDir);
  const lakeDir = resolve(opts.lakeDir);
  const tz = opts.settings.timezone;
  const progress = opts.onProgress ?? (() => {});
  if (!existsSync(inputDir)) throw fileError(inputDir, 'input folder not found');
  if (!statSync(inputDir).isDirectory()) {
    throw fileError(inputDir, `is a file; --input takes the export folder that holds it (e.g. --input ${resolve(inputDir, '..')})`);
  }

  const inputs = Object.fromEntries(ORDER.map((t) => [t, findInput(inputDir, TABLES[t])])) as Record<
    TableName,
    { path: string; name: string }
  >;
  const scans = {} as Record<TableName, PrescanResult>;
  for (const t of ORDER) {
    progress({ stage: `checking ${inputs[t].name}` });
    scans[t] = await prescan(inputs[t].path, inputs[t].path, inputs[t].name.endsWith('.ndjson') ? 'ndjson' : 'csv');
  }

  const release = openLakeForWrite(lakeDir);
  const now = opts.now ?? new Date();
  const loadId = opts.loadId ?? newLoadId(now);
  const stage = join(lakeDir, STAGING_DIR, loadId);
  const stageNew = join(stage, 'new');
  let instance: DuckDBInstance | undefined;
  let conn: DuckDBConnection | undefined;
  try {
    for (const r of repairLake(lakeDir)) progress({ stage: describeRepair(r) });
    checkManifest(lakeDir, tz);
    try {
      mkdirSync(stageNew, { recursive: true });
    } catch (e) {
      throw lakeFsError(lakeDir, e, 'creating the staging folder');
    }
    instance = await DuckDBInstance.create(':memory:', {
      threads: '2',
      memory_limit: opts.memoryLimit ?? '1GB',
      temp_directory: join(stage, 'duckdb-tmp'),
    });
    conn = await instance.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    await conn.run(`CREATE TEMP TABLE quarantine (table_name VARCHAR, source_file VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR)`);

    const tables = {} as Record<TableName, TableCounts>;
    for (const t of ORDER) {
      const spec = TABLES[t];
      const { path, name } = inputs[t];
      progress({ stage: `reading ${name}` });
      const info = name.endsWith('.ndjson')
        ? await loadNdjson(conn, path, path, spec, scans[t])
        : await loadCsv(conn, path, path, spec, scans[t]);
      if (t === 'messages') {
        progress({ stage: `validating ${name} and resolving times`, rows: info.rows });
        const earliest = opts.settings.ingest?.earliest ?? DEFAULT_SETTINGS.ingest.earliest;
        await validateMessages(conn, info, { timezone: tz, earliest, now });
        progress({ stage: 'finding duplicates and conflicts' });
      } else {
        progress({ stage: `validating ${name}`, rows: info.rows });
        await validateTable(conn, spec, info);
      }
      tables[t] = await countQuarantine(conn, spec, name, info);
    }
    // A header-only messages file is a roster-only update (e.g. a new department lead) when the rosters
    // have rows; with nothing in any file there is nothing to load.
    if (ORDER.every((t) => tables[t].rows_read === 0)) {
      throw new NothingAcceptedError(
        `${inputs.messages.path}: has a header but no data rows, and neither has any other file: nothing to load`,
      );
    }
    const m = tables.messages;
    if (m.rows_read > 0 && m.accepted + m.duplicates === 0) throw await nothingAccepted(conn, inputs.messages.path, m);
    const dstRows = (
      await conn.runAndReadAll(`SELECT dst_kind, count(*) FROM acc_messages WHERE dst_kind IS NOT NULL GROUP BY 1`)
    ).getRows();
    const dst = { repeated: 0, skipped: 0 };
    for (const [k, n] of dstRows) dst[k as 'repeated' | 'skipped'] = Number(n);

    progress({ stage: 'writing messages partitions', rows: m.accepted });
    const msgs = await stageMessages(conn, lakeDir, stageNew, loadId);
    const clin = await stageRoster(
      conn,
      lakeDir,
      stageNew,
      'clinicians',
      'clinician_id',
      TABLES.clinicians.columns.map((c) => c.name),
    );
    const deps = await stageRoster(
      conn,
      lakeDir,
      stageNew,
      'departments',
      'department_id',
      TABLES.departments.columns.map((c) => c.name),
    );
    const quarantineFiles = await stageQuarantine(conn, stageNew, loadId);
    const manifest = stageManifest(stageNew, tz, now);

    const summary: LoadSummary = {
      load_id: loadId,
      loaded_at: now.toISOString(),
      source: inputDir,
      timezone: tz,
      rows_read: m.rows_read,
      accepted: m.accepted,
      duplicates: m.duplicates,
      quarantined: m.quarantined,
      by_reason: m.by_reason,
      dst,
      messages: msgs.counts,
      tables,
      written: [],
      deleted: msgs.replaced,
      seconds: 0,
    };
    const record = loadRecordPath(loadId);
    summary.written = [...msgs.written, ...clin.written, ...deps.written, ...quarantineFiles, manifest, record];
    await stageLoadRecord(conn, stageNew, record, {
      load_id: loadId,
      loaded_at: summary.loaded_at,
      source: inputDir,
      rows_read: m.rows_read,
      accepted: m.accepted,
      duplicates: m.duplicates,
      quarantined: m.quarantined,
      timezone: tz,
      messages_new: msgs.counts.new,
      messages_updated: msgs.counts.updated,
      messages_unchanged: msgs.counts.unchanged,
      dst_repeated: dst.repeated,
      dst_skipped: dst.skipped,
      summary_json: JSON.stringify({ ...summary, written: undefined, deleted: undefined }),
    });
    conn.closeSync();
    conn = undefined;
    instance.closeSync();
    instance = undefined;
    rmSync(join(stage, 'duckdb-tmp'), { recursive: true, force: true });
    await opts.onStep?.('staged');

    progress({ stage: 'switching the new files in' });
    const aside = [
      ...msgs.replaced,
      ...clin.replaced,
      ...deps.replaced,
      ...(existsSync(join(lakeDir, LAKE_MANIFEST)) ? [LAKE_MANIFEST] : []),
    ];
    await switchIn(lakeDir, loadId, summary.written, aside, opts.onStep);
    await opts.onStep?.('switched');
    summary.seconds = (Date.now() - started) / 1000;
    return summary;
  } catch (e) {
    // One repair path for every failure: before the commit it rolls the switch back (or just drops the
    // staging folder if the switch never began), after it it finishes; it can run any number of times.
    conn?.closeSync();
    conn = undefined;
    instance?.closeSync();
    instance = undefined;
    try {
      recoverStage(lakeDir, loadId);
    } catch (e2) {
      throw new IngestError(
        `${(lakeFsError(lakeDir, e, 'loading') as Error).message}\nThe lake could not be repaired right away (${(e2 as Error).message}); ` +
          `readers refuse it until 'portal-pulse ingest --recover --lake ${opts.lakeDir}' (or the next load) repairs it.`,
        { cause: e },
      );
    }
    throw lakeFsError(lakeDir, e, 'writing the load');
  } finally {
    conn?.closeSync();
    instance?.closeSync();
    release();
  }
}
