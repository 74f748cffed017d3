// One load at a time per lake. <lake>/.lock appears complete or not at all (a temp file hard-linked to
// the name, which fails if the name exists: an exclusive create). A lock whose process no longer runs is
// taken over by exactly one process: the taker first claims that very lock by exclusively creating
// .lock.<hash of its content>.claim, checks the lock still holds the content it judged stale, and only
// then renames its own lock over it. Two takers of one stale lock cannot both hold the claim, and a claim
// made after a takeover finds the lock changed. A claim left by a dead taker is itself taken over the same
// way. See docs/ingestion.md.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, processAlive } from '../lake/state.ts';
import type { UserErrorKind } from '../errors/index.ts';
import { IngestError } from './errors.ts';

/** The lake is locked by another running load: exit code 5 (docs/ingestion.md). */
export class LockHeldError extends IngestError {
  override name = 'LockHeldError';
  override readonly kind: UserErrorKind = 'lock_held';
}

/** Locks this process holds now (a second load in the same process must not take one over). */
const held = new Set<string>();

interface LockContent {
  pid: number;
  host?: string;
  token?: string;
}

function parse(text: string): LockContent | undefined {
  try {
    const j = JSON.parse(text) as LockContent;
    if (typeof j === 'object' && j !== null && Number.isInteger(j.pid)) return j;
  } catch {
    const pid = Number(text.trim()); // an older portal-pulse wrote the bare pid
    if (Number.isInteger(pid) && pid > 0) return { pid };
  }
  return undefined;
}

function running(c: LockContent): boolean {
  if (c.host !== undefined && c.host !== hostname()) return true; // cannot tell: assume it runs
  if (c.pid === process.pid) return c.token !== undefined && held.has(c.token);
  return processAlive(c.pid);
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function writeTemp(file: string, text: string): string {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/** Creates `file` holding `text` only if it does not exist; true if created. */
function createExclusive(file: string, text: string): boolean {
  const tmp = writeTemp(file, text);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') {
      try {
        writeFileSync(file, text, { flag: 'wx' }); // no hard links here: a plain exclusive create
        return true;
      } catch (e2) {
        if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw e2;
      }
    }
    throw e;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
}

type Attempt = { got: true } | { got: false; holder?: LockContent };

/** One attempt to own `file` (the lock, or a claim on a stale one), `mine` being this process's content. */
function tryTake(file: string, mine: string, depth: number): Attempt {
  if (createExclusive(file, mine)) return { got: true };
  const text = readText(file);
  if (text === undefined) return { got: false }; // released meanwhile: try again
  const current = parse(text);
  if (current && running(current)) return { got: false, holder: current };
  if (depth >= 4) return { got: false };
  // Stale (or unreadable, e.g. an empty file): claim exactly this content before replacing it.
  const claim = `${file}.${createHash('sha256').update(text).digest('hex').slice(0, 16)}.claim`;
  const c = tryTake(claim, mine, depth + 1);
  if (!c.got) return { got: false };
  try {
    if (readText(file) !== text) return { got: false }; // someone took it over before our claim
    const tmp = writeTemp(file, mine);
    renameSync(tmp, file);
    return { got: readText(file) === mine };
  } finally {
    try {
      unlinkSync(claim);
    } catch {
      /* gone */
    }
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Takes the lake's lock or throws LockHeldError; returns the release function. */
export function acquireLock(lakeDir: string): () => void {
  const file = join(lakeDir, LOCK_FILE);
  const token = randomBytes(8).toString('hex');
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), token, at: new Date().toISOString() });
  held.add(token);
  let holder: LockContent | undefined;
  // A few short retries: a takeover by another process lasts microseconds, after which its lock is live.
  for (let attempt = 0; attempt < 50; attempt++) {
    let r: Attempt;
    try {
      r = tryTake(file, mine, 0);
    } catch (e) {
      held.delete(token);
      throw e;
    }
    if (r.got) {
      return () => {
        held.delete(token);
        try {
          if (readText(file) === mine) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    }
    if (r.holder) {
      holder = r.holder;
      break;
    }
    sleepMs(5 + attempt * 2);
  }
  held.delete(token);
  if (holder) {
    const where = holder.host && holder.host !== hostname() ? ` on ${holder.host}` : '';
    throw new LockHeldError(
      `${lakeDir}: another load is running (process ${holder.pid}${where})` +
        `; wait for it to finish, or delete ${file} if that process is not portal-pulse`,
    );
  }
  throw new LockHeldError(`${lakeDir}: could not take the lake lock ${file} (other loads kept taking it); try again`);
}
