// The lake's load state on disk, shared by ingestion (which switches loads in and repairs interrupted ones)
// and every reader (which must never read a half-switched lake). A load stages its files under
// .staging/<load_id>/new/, writes journal.json (atomically: write, fsync, rename) and only then touches
// the lake: replaced files are renamed aside to .staging/<load_id>/old/, new files are hard-linked in (so
// new/ keeps a link to each and a placed file is recognisable by its inode), the load record
// loads/<load_id>.parquet last. That link is the load's single commit point: with the record in the lake the
// load is committed (recovery rolls forward), without it recovery rolls back. See docs/ingestion.md.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError, type UserErrorKind } from '../errors/index.ts';
import { LAKE_TABLES } from './layout.ts';

export const STAGING_DIR = '.staging';
export const JOURNAL = 'journal.json';
export const LOCK_FILE = '.lock';

/** What a switch records before it moves anything (informational for recovery: new/ and old/ are the truth). */
export interface Journal {
  load_id: string;
  /** When the switch began (ISO 8601). */
  started_at: string;
  pid: number;
  /** Lake-relative files placed by the switch, in order (the load record last). */
  place: string[];
  /** Lake-relative files moved aside (removed or replaced). */
  aside: string[];
}

export function loadRecordPath(loadId: string): string {
  return `${LAKE_TABLES.loads}/${loadId}.parquet`;
}

export function stageDir(lakeDir: string, loadId: string): string {
  return join(lakeDir, STAGING_DIR, loadId);
}

/** A lake state a reader must not read, or a damaged journal: the user must act, so no stack trace. */
export class LakeStateError extends UserError {
  override name = 'LakeStateError';
  /** portal-pulse's exit code 6, "an interrupted load was found" (docs/ingestion.md). */
  override readonly kind: UserErrorKind = 'interrupted';
}

/** The journal of a stage, or undefined if it has none; `damaged` when it exists but cannot be read. */
export function readJournal(stage: string): { journal?: Journal; damaged?: string; mtime?: Date } {
  const f = join(stage, JOURNAL);
  if (!existsSync(f)) return {};
  const mtime = statSync(f).mtime;
  let text: string;
  try {
    text = readFileSync(f, 'utf8');
  } catch (e) {
    return { damaged: (e as Error).message, mtime };
  }
  if (!text.trim()) return { damaged: 'the file is empty', mtime };
  try {
    const j = JSON.parse(text) as Journal;
    if (typeof j !== 'object' || j === null || !Array.isArray(j.place) || !Array.isArray(j.aside))
      return { damaged: 'not a journal object', mtime };
    return { journal: j, mtime };
  } catch (e) {
    return { damaged: `not valid JSON (${(e as Error).message})`, mtime };
  }
}

/** The pid in the lake's lock file if that process runs on this machine now, else undefined. */
export function lockHolder(lakeDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(lakeDir, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let pid: number;
  let host: string | undefined;
  try {
    const j = JSON.parse(text) as { pid?: unknown; host?: unknown };
    pid = Number(j.pid);
    host = typeof j.host === 'string' ? j.host : undefined;
  } catch {
    pid = Number(text.trim());
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (host !== undefined && host !== hostname()) return pid; // another machine's process: assume it runs
  return processAlive(pid) ? pid : undefined;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The one commit rule: a load is committed once its load record is in the lake. */
export function isCommitted(lakeDir: string, loadId: string): boolean {
  return existsSync(join(lakeDir, loadRecordPath(loadId)));
}

export interface InterruptedLoad {
  load_id: string;
  /** When its switch began (journal), or the journal file's time if the journal is damaged. */
  started_at: string;
  damaged?: string;
}

/**
 * Loads whose switch began and did not commit: while one exists the lake is a mix of two loads. A stage
 * without a journal never touched the lake (the journal is in place before the first rename).
 */
export function interruptedLoads(lakeDir: string): InterruptedLoad[] {
  const root = join(lakeDir, STAGING_DIR);
  if (!existsSync(root)) return [];
  const out: InterruptedLoad[] = [];
  for (const id of readdirSync(root).sort()) {
    const stage = join(root, id);
    const { journal, damaged, mtime } = readJournal(stage);
    if (!journal && !damaged) continue;
    if (isCommitted(lakeDir, journal?.load_id ?? id)) continue;
    out.push({ load_id: id, started_at: journal?.started_at ?? mtime!.toISOString(), ...(damaged ? { damaged } : {}) });
  }
  return out;
}

/**
 * Readers call this before reading the lake (the DuckDB engine does, on open): a lake with a switch that
 * did not commit is refused, never read.
 */
export function assertLakeConsistent(lakeDir: string): void {
  const [first] = interruptedLoads(lakeDir);
  if (!first) return;
  const holder = lockHolder(lakeDir);
  if (holder !== undefined) {
    throw new LakeStateError(
      `${lakeDir}: a load (process ${holder}) is switching its files in right now (since ${first.started_at}); run this again once it ` +
        `has finished.`,
    );
  }
  throw new LakeStateError(
    `${lakeDir}: a load was interrupted at ${first.started_at} (load ${first.load_id}) while it switched its files in, so the lake ` +
      `holds parts of two loads; run ingest to finish or roll it back (e.g. 'portal-pulse ingest --recover --lake ${lakeDir}'), then run ` +
      `this again.`,
  );
}
