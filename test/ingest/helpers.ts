// Shared test helpers: temporary folders, small exports written from strings, and reading a lake back with
// a real DuckDB (the way the engines will).
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveSettings, type Settings } from '../../lib/settings/index.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));
export const CHICAGO: Settings = resolveSettings({});

const made: string[] = [];
export function tempDir(prefix = 'pp-ingest-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
export function cleanup(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export const MESSAGE_HEADER = 'message_id,thread_id,sent_at,sender_type,sender_id,patient_id,department_id';

/** Copies a fixture folder to a fresh temp folder (so a test may alter it) and returns its path. */
export function fixture(name: string): string {
  const d = tempDir();
  cpSync(join(FIXTURES, name), d, { recursive: true });
  return d;
}

/** An export folder: base clinicians/departments, plus the given files' contents. */
export function exportDir(files: Record<string, string | Buffer>): string {
  const d = fixture('base');
  rmSync(join(d, 'messages.csv'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(d, name), body);
  return d;
}

export function messagesCsv(...rows: string[]): string {
  return [MESSAGE_HEADER, ...rows].join('\n') + '\n';
}

export async function query(sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

export function lakeMessages(lake: string, where = 'true'): Promise<Record<string, unknown>[]> {
  return query(`SELECT * FROM read_parquet('${lake}/messages/*/*/*.parquet', hive_partitioning = true,
    hive_types = {'year': INTEGER, 'month': INTEGER}) WHERE ${where} ORDER BY message_id`);
}

export function quarantineRows(lake: string, loadId: string): Promise<Record<string, unknown>[]> {
  return query(
    `SELECT table_name, source_file, line::INTEGER AS line, reason, raw ` +
      `FROM read_parquet('${lake}/quarantine/${loadId}.parquet') ORDER BY table_name, line`,
  );
}

/** Every file of a folder with its SHA-256, to prove a lake unchanged byte for byte. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

export function ensureDir(d: string): string {
  mkdirSync(d, { recursive: true });
  return d;
}
