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
import { deferPrescan, isPending, type PendingScan, prescan, type PrescanResult } from './prescan.ts';
import { validateMessages, zoneSteps } from './messages-sql.ts';
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

type Inputs = Record<TableName, { path: string; name: string }>;
type Progress = NonNullable<IngestOptions['onProgress']>;
type Scans = Record<TableName, PrescanResult | PendingScan>;

/**
 * A messages CSV at least this big is scanned while DuckDB reads it (the scan is one JavaScript thread,
 * about 0.2 s per million messages, which otherwise delays everything after it). Smaller files are scanned
 * to the end first, as before.
 */
const BACKGROUND_SCAN_BYTES = 16 << 20;

/**
 * Step 1: the export folder and its three files, each checked for structure before the lake is touched;
 * except a big messages CSV: only found here, and scanned while it is read (loadCsv). A problem that scan
 * finds is still the load's error, thrown in place of any other (`fileErrorFirst`), and nothing is loaded.
 */
async function checkInputs(inputDir: string, progress: Progress): Promise<{ inputs: Inputs; scans: Scans }> {
  if (!existsSync(inputDir)) throw fileError(inputDir, 'input folder not found');
  if (!statSync(inputDir).isDirectory()) {
    throw fileError(inputDir, `is a file; --input takes the export folder that holds it (e.g. --input ${resolve(inputDir, '..')})`);
  }
  const inputs = Object.fromEntries(ORDER.map((t) => [t, findInput(inputDir, TABLES[t])])) as Inputs;
  const scans = {} as Scans;
  for (const t of ORDER) {
    progress({ stage: `checking ${inputs[t].name}` });
    const { path, name } = inputs[t];
    const kind = name.endsWith('.ndjson') ? 'ndjson' : 'csv';
    if (t === 'messages' && kind === 'csv' && sizeOf(path) >= BACKGROUND_SCAN_BYTES) {
      scans[t] = deferPrescan(path, path, kind);
      continue;
    }
    try {
      scans[t] = await prescan(path, path, kind);
    } catch (e) {
      throw await fileErrorFirst(scans, e);
    }
  }
  return { inputs, scans };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // the scan reports it
  }
}

/** The error a load ends with: the deferred scan's file error (it would have come first), else `e`. */
async function fileErrorFirst(scans: Partial<Scans>, e: unknown): Promise<unknown> {
  const m = scans.messages;
  if (m && isPending(m)) {
    try {
      await m.result;
    } catch (fileErr) {
      return fileErr;
    }
  }
  return e;
}

interface LoadDatabase {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  /** A second connection to the same database: it writes half of the messages partitions beside `conn`. */
  writer: DuckDBConnection;
}

/** An in-memory DuckDB for one load, spilling into the load's staging folder, with the quarantine table. */
async function openLoadDatabase(stage: string, memoryLimit: string | undefined): Promise<LoadDatabase> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '2',
    memory_limit: memoryLimit ?? '1GB',
    temp_directory: join(stage, 'duckdb-tmp'),
  });
  const conn = await instance.connect();
  const writer = await instance.connect();
  for (const c of [conn, writer]) await c.run(`SET TimeZone = 'UTC'`);
  await conn.run(`CREATE TEMP TABLE quarantine (table_name VARCHAR, source_file VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR)`);
  return { instance, conn, writer };
}

/**
 * Step 2: each file read and validated (messages also resolved in the site zone and de-duplicated), every
 * row accounted for as accepted, duplicate or quarantined. Refuses a load with nothing to load.
 */
async function readAndValidate(
  { conn, writer }: LoadDatabase,
  inputs: Inputs,
  scans: Scans,
  opts: IngestOptions,
  now: Date,
  progress: Progress,
): Promise<Record<TableName, TableCounts>> {
  const tables = {} as Record<TableName, TableCounts>;
  const earliest = opts.settings.ingest?.earliest ?? DEFAULT_SETTINGS.ingest.earliest;
  const rules = { timezone: opts.settings.timezone, earliest, now };
  // The zone's offsets are asked of ICU on the second connection while the first reads the messages file,
  // instead of after the read. Awaited (or its error) either way: nothing is left running on `writer`.
  const steps = zoneSteps(writer, rules);
  steps.catch(() => {});
  for (const t of ORDER) {
    const spec = TABLES[t];
    const { path, name } = inputs[t];
    progress({ stage: `reading ${name}` });
    const scan = scans[t];
    let info: SourceInfo;
    try {
      info =
        name.endsWith('.ndjson') && !isPending(scan)
          ? await loadNdjson(conn, path, path, spec, scan)
          : await loadCsv(conn, path, path, spec, scan);
    } finally {
      if (t === 'messages') await steps.catch(() => {});
    }
    if (t === 'messages') {
      progress({ stage: `validating ${name} and resolving times`, rows: info.rows });
      await validateMessages(conn, info, rules, await steps);
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
  return tables;
}

/** Accepted messages whose local time fell in a daylight-saving change (repeated or skipped hour). */
async function countDst(conn: DuckDBConnection): Promise<LoadSummary['dst']> {
  const rows = (await conn.runAndReadAll(`SELECT dst_kind, count(*) FROM acc_messages WHERE dst_kind IS NOT NULL GROUP BY 1`)).getRows();
  const dst = { repeated: 0, skipped: 0 };
  for (const [k, n] of rows) dst[k as 'repeated' | 'skipped'] = Number(n);
  return dst;
}

interface LoadContext {
  readonly lakeDir: string;
  readonly inputDir: string;
  readonly stageNew: string;
  readonly loadId: string;
  readonly now: Date;
  readonly timezone: string;
}

/**
 * Step 3: every file of the load written into the staging folder (messages partitions, rosters, quarantine,
 * manifest, the load record last), and the summary of what the load holds. Returns the files the switch
 * replaces too.
 */
async function stageLoad(
  { conn, writer }: LoadDatabase,
  ctx: LoadContext,
  tables: Record<TableName, TableCounts>,
  progress: Progress,
): Promise<{ summary: LoadSummary; replaced: string[] }> {
  const { lakeDir, stageNew, loadId } = ctx;
  const m = tables.messages;
  const dst = await countDst(conn);
  progress({ stage: 'writing messages partitions', rows: m.accepted });
  const msgs = await stageMessages([conn, writer], lakeDir, stageNew, loadId);
  const rosterColumns = (t: 'clinicians' | 'departments') => TABLES[t].columns.map((c) => c.name);
  const clin = await stageRoster(conn, lakeDir, stageNew, 'clinicians', 'clinician_id', rosterColumns('clinicians'));
  const deps = await stageRoster(conn, lakeDir, stageNew, 'departments', 'department_id', rosterColumns('departments'));
  const quarantineFiles = await stageQuarantine(conn, stageNew, loadId);
  const manifest = stageManifest(stageNew, ctx.timezone, ctx.now);
  const record = loadRecordPath(loadId);
  const summary: LoadSummary = {
    load_id: loadId,
    loaded_at: ctx.now.toISOString(),
    source: ctx.inputDir,
    timezone: ctx.timezone,
    rows_read: m.rows_read,
    accepted: m.accepted,
    duplicates: m.duplicates,
    quarantined: m.quarantined,
    by_reason: m.by_reason,
    dst,
    messages: msgs.counts,
    tables,
    written: [...msgs.written, ...clin.written, ...deps.written, ...quarantineFiles, manifest, record],
    deleted: msgs.replaced,
    seconds: 0,
  };
  await stageLoadRecord(conn, stageNew, record, {
    load_id: loadId,
    loaded_at: summary.loaded_at,
    source: ctx.inputDir,
    rows_read: m.rows_read,
    accepted: m.accepted,
    duplicates: m.duplicates,
    quarantined: m.quarantined,
    timezone: ctx.timezone,
    messages_new: msgs.counts.new,
    messages_updated: msgs.counts.updated,
    messages_unchanged: msgs.counts.unchanged,
    dst_repeated: dst.repeated,
    dst_skipped: dst.skipped,
    summary_json: JSON.stringify({ ...summary, written: undefined, deleted: undefined }),
  });
  const replaced = [
    ...msgs.replaced,
    ...clin.replaced,
    ...deps.replaced,
    ...(existsSync(join(lakeDir, LAKE_MANIFEST)) ? [LAKE_MANIFEST] : []),
  ];
  return { summary, replaced };
}

/**
 * After a failure: one repair path for every failure. Before the commit it rolls the switch back (or just
 * drops the staging folder if the switch never began), after it it finishes; it can run any number of times.
 * Returns the error to throw.
 */
function repairAfterFailure(lakeDir: string, lakeArg: string, loadId: string, e: unknown): Error {
  try {
    recoverStage(lakeDir, loadId);
  } catch (e2) {
    return new IngestError(
      `${(lakeFsError(lakeDir, e, 'loading') as Error).message}\nThe lake could not be repaired right away (${(e2 as Error).message}); ` +
        `readers refuse it until 'portal-pulse ingest --recover --lake ${lakeArg}' (or the next load) repairs it.`,
      { cause: e },
    );
  }
  return lakeFsError(lakeDir, e, 'writing the load') as Error;
}

export async function ingest(opts: IngestOptions): Promise<LoadSummary> {
  const started = Date.now();
  const inputDir = resolve(opts.inputDir);
  const lakeDir = resolve(opts.lakeDir);
  const progress = opts.onProgress ?? (() => {});
  const { inputs, scans } = await checkInputs(inputDir, progress);

  let release: () => void;
  try {
    release = openLakeForWrite(lakeDir);
  } catch (e) {
    throw await fileErrorFirst(scans, e);
  }
  const now = opts.now ?? new Date();
  const loadId = opts.loadId ?? newLoadId(now);
  const stage = join(lakeDir, STAGING_DIR, loadId);
  const ctx: LoadContext = { lakeDir, inputDir, stageNew: join(stage, 'new'), loadId, now, timezone: opts.settings.timezone };
  let db: LoadDatabase | undefined;
  const closeDb = () => {
    db?.writer.closeSync();
    db?.conn.closeSync();
    db?.instance.closeSync();
    db = undefined;
  };
  try {
    for (const r of repairLake(lakeDir)) progress({ stage: describeRepair(r) });
    checkManifest(lakeDir, ctx.timezone);
    try {
      mkdirSync(ctx.stageNew, { recursive: true });
    } catch (e) {
      throw lakeFsError(lakeDir, e, 'creating the staging folder');
    }
    db = await openLoadDatabase(stage, opts.memoryLimit);
    const tables = await readAndValidate(db, inputs, scans, opts, now, progress);
    const { summary, replaced } = await stageLoad(db, ctx, tables, progress);
    closeDb();
    rmSync(join(stage, 'duckdb-tmp'), { recursive: true, force: true });
    await opts.onStep?.('staged');

    progress({ stage: 'switching the new files in' });
    await switchIn(lakeDir, loadId, summary.written, replaced, opts.onStep);
    await opts.onStep?.('switched');
    summary.seconds = (Date.now() - started) / 1000;
    return summary;
  } catch (e) {
    closeDb();
    throw repairAfterFailure(lakeDir, opts.lakeDir, loadId, await fileErrorFirst(scans, e));
  } finally {
    closeDb();
    release();
  }
}
