// The local engine: an in-memory DuckDB whose views read the Parquet lake in place. The session time zone
// is pinned to UTC so no result depends on the machine's zone (local times come precomputed in the lake).
import { sameTimeZone } from '../../settings/validate.ts';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBInstance,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Engine, RenderedQuery, Row, SqlParam } from '../engine.ts';
import { LAKE_MANIFEST, LAKE_TABLES, type LakeManifest } from '../../lake/layout.ts';
import { readLakeManifest } from '../../lake/manifest.ts';
import { assertLakeConsistent } from '../../lake/state.ts';
import { toSqlValue } from './convert.ts';
import { messagesSource, viewStatements, type FileTypes } from './views.ts';
import { UserError } from '../../errors/index.ts';

export interface DuckDbEngineOptions {
  lakeDir: string;
  /** The site time zone the caller expects; refused if the lake's local columns were computed in another. */
  timezone?: string;
  /** DuckDB memory limit, e.g. "1GB" (default 1GB: keeps the whole run under the 2 GB target). */
  memoryLimit?: string;
  /** Worker threads (default: DuckDB's choice, the number of cores). */
  threads?: number;
}

/** An error the user can fix (bad lake path, zone mismatch): the CLI prints it without a stack. */
export class LakeError extends UserError {
  override name = 'LakeError';
}

/**
 * Binds whole numbers as BIGINT (so partition filters like `year BETWEEN ? AND ?` compare integers and
 * prune folders), other numbers as DOUBLE, text as VARCHAR.
 */
function bind(params: SqlParam[]): { values: DuckDBValue[]; types: DuckDBType[] } {
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  for (const p of params) {
    if (typeof p === 'number' && Number.isSafeInteger(p)) {
      values.push(BigInt(p));
      types.push(BIGINT);
    } else if (typeof p === 'number') {
      values.push(p);
      types.push(DOUBLE);
    } else if (typeof p === 'boolean') {
      values.push(p);
      types.push(BOOLEAN);
    } else {
      values.push(p);
      types.push(VARCHAR);
    }
  }
  return { values, types };
}

export class DuckDbEngine implements Engine {
  readonly dialect = 'duckdb' as const;
  readonly percentiles = 'exact' as const;
  private readonly instance: DuckDBInstance;
  private readonly conn: DuckDBConnection;
  /** The lake's manifest, if it has one (its time zone, format version). */
  readonly manifest: LakeManifest | null;
  constructor(instance: DuckDBInstance, conn: DuckDBConnection, manifest: LakeManifest | null) {
    this.instance = instance;
    this.conn = conn;
    this.manifest = manifest;
  }

  /** The last query started: each waits for it, so queries sent together run one at a time on the connection. */
  private queue: Promise<unknown> = Promise.resolve();

  query(q: RenderedQuery): Promise<Row[]> {
    // DuckDB already uses every core for one query; a second one at once on the connection would only wait.
    const run = this.queue.then(() => this.runOne(q));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runOne(q: RenderedQuery): Promise<Row[]> {
    let reader;
    try {
      const { values, types } = bind(q.params);
      reader = await this.conn.runAndReadAll(q.sql, values, types);
    } catch (e) {
      throw new Error(`query ${q.name} failed on DuckDB: ${(e as Error).message}`, { cause: e });
    }
    const names = reader.columnNames();
    const types = reader.columnTypes();
    return reader.getRowObjectsJS().map((r) => {
      const row: Row = {};
      names.forEach((n, i) => {
        row[n] = toSqlValue(r[n] ?? null, types[i]!, n);
      });
      return row;
    });
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** The column types of a table function's files as DuckDB reads them (footers only, no data). */
async function fileTypes(conn: DuckDBConnection, source: string | null): Promise<FileTypes> {
  if (!source) return {};
  const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  const types: FileTypes = {};
  for (const r of reader.getRowObjectsJS()) types[String(r['column_name'])] = String(r['column_type']);
  return types;
}

/** Opens the lake at `lakeDir` (views messages, clinicians, departments, loads). */
export async function openDuckDbEngine(opts: DuckDbEngineOptions): Promise<DuckDbEngine> {
  const lakeDir = resolve(opts.lakeDir);
  if (!existsSync(lakeDir) || !statSync(lakeDir).isDirectory()) {
    throw new LakeError(
      `no lake at ${lakeDir}: the folder does not exist (create one with 'portal-pulse ingest --input EXPORT --lake ${opts.lakeDir}')`,
    );
  }
  assertLakeConsistent(lakeDir); // a half-switched lake (an interrupted load) is refused, never read
  const manifest = readLakeManifest(lakeDir) ?? null;
  if (!manifest && !existsSync(join(lakeDir, LAKE_TABLES.messages))) {
    throw new LakeError(`${lakeDir} is not a portal-pulse lake: it has neither ${LAKE_MANIFEST} nor a ${LAKE_TABLES.messages}/ folder`);
  }
  if (opts.timezone && manifest?.timezone && !sameTimeZone(manifest.timezone, opts.timezone)) {
    throw new LakeError(
      `the lake ${lakeDir} holds local times in ${manifest.timezone} but the settings say ${opts.timezone}: ` +
        `set "timezone": "${manifest.timezone}", or load the export into a new lake with --timezone ${opts.timezone}`,
    );
  }
  // TimeZone cannot be set at creation (ICU is not loaded yet then); it is set on the connection below.
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: opts.memoryLimit ?? '1GB',
    preserve_insertion_order: 'false',
    ...(opts.threads ? { threads: String(opts.threads) } : {}),
  });
  let conn: Awaited<ReturnType<DuckDBInstance['connect']>> | undefined;
  try {
    conn = await instance.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    // Every query of a run opens the same files, and each read and decoded every footer again (about 100 at
    // 1M messages). The cache is the instance's (a global setting: every connection of this database, and
    // only this one); an entry is read again when its file changed after it was cached. Set here, not at
    // creation, where the Parquet reader is not loaded yet.
    await conn.run('SET GLOBAL parquet_metadata_cache = true');
    for (const sql of viewStatements(lakeDir, await fileTypes(conn, messagesSource(lakeDir)))) await conn.run(sql);
  } catch (e) {
    conn?.closeSync();
    instance.closeSync();
    throw new LakeError(`cannot read the lake at ${lakeDir}: ${(e as Error).message}`);
  }
  return new DuckDbEngine(instance, conn, manifest);
}
