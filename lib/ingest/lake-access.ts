// Opening a lake folder for writing: clear messages instead of stack traces for a lake path that is a
// file, a folder that cannot be created or written, and a lock another load holds. Then repairs what an
// interrupted load left (lib/ingest/switch.ts), holding the lock.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE } from '../lake/state.ts';
import { IngestError } from './errors.ts';
import { acquireLock } from './lock.ts';
import { recoverStaging, type Repair } from './switch.ts';

const DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);

/** Turns a filesystem error about the lake into a user-facing one; other errors pass unchanged. */
export function lakeFsError(lakeDir: string, e: unknown, doing: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && DENIED.has(code)) {
    return new IngestError(
      `${lakeDir}: the lake folder is not writable (${code === 'EROFS' ? 'read-only file system' : 'permission denied'}` +
        ` while ${doing}); load into a folder you can write, or fix its permissions`,
    );
  }
  if (code === 'ENOSPC') return new IngestError(`${lakeDir}: no space left on the device while ${doing}; the lake was left as it was`);
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return new IngestError(`${lakeDir}: a part of the lake path is a file, not a folder (while ${doing})`);
  return e;
}

/** Creates the lake folder if needed and takes its lock; returns the release function. */
export function openLakeForWrite(lakeDir: string): () => void {
  if (existsSync(lakeDir) && !statSync(lakeDir).isDirectory()) {
    throw new IngestError(`${lakeDir}: the lake path is a file, not a folder; give --lake a folder (it is created if absent)`);
  }
  try {
    mkdirSync(lakeDir, { recursive: true });
  } catch (e) {
    throw lakeFsError(lakeDir, e, 'creating the lake folder');
  }
  try {
    return acquireLock(lakeDir);
  } catch (e) {
    throw lakeFsError(lakeDir, e, `creating its lock file ${join(lakeDir, LOCK_FILE)}`);
  }
}

/** Repairs interrupted loads (call holding the lock); returns what was done, one line each. */
export function repairLake(lakeDir: string): Repair[] {
  try {
    return recoverStaging(lakeDir);
  } catch (e) {
    throw lakeFsError(lakeDir, e, 'repairing an interrupted load');
  }
}

export function describeRepair(r: Repair): string {
  const what =
    r.action === 'rolled back'
      ? 'rolled back (the lake is as before it)'
      : r.action === 'finished'
        ? 'finished (it had committed)'
        : 'discarded (it had not touched the lake)';
  return `interrupted load ${r.load_id} ${what}${r.note ? `; ${r.note}` : ''}`;
}

/** `portal-pulse ingest --recover`: takes the lock, repairs interrupted loads, releases. */
export function recoverLake(lakeDir: string): Repair[] {
  if (!existsSync(lakeDir)) throw new IngestError(`${lakeDir}: no lake folder here`);
  const release = openLakeForWrite(lakeDir);
  try {
    return repairLake(lakeDir);
  } finally {
    release();
  }
}
