// Makes a load atomic for readers of the lake folder (the protocol is described in lib/lake/state.ts):
// journal first, then the replaced files renamed aside to .staging/<id>/old/, the new files hard-linked in
// from .staging/<id>/new/, the load record last (the commit point). Recovery needs no more than what is on
// disk: a lake file is "placed by this load" exactly when it is the same inode as its twin in new/, and a
// file in old/ goes back only where the lake has none. So rolling back, or finishing, can be repeated any
// number of times, after a throw or a kill at any step, and always ends in the old lake or the new one.
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { isCommitted, JOURNAL, type Journal, LakeStateError, loadRecordPath, readJournal, stageDir, STAGING_DIR } from '../lake/state.ts';

export { loadRecordPath, STAGING_DIR } from '../lake/state.ts';

export type StepHook = (step: string) => void | Promise<void>;

function move(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  renameSync(from, to);
}

/** Hard links `from` at `to` (fails if `to` exists); renames where the filesystem has no hard links. */
function place(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw e;
    if (existsSync(to)) throw e;
    renameSync(from, to);
  }
}

function sameFile(a: string, b: string): boolean {
  const x = statSync(a);
  const y = statSync(b);
  return x.ino === y.ino && x.dev === y.dev;
}

/** Removes now-empty folders from `dir` up to (not including) `stop`. */
function pruneEmpty(dir: string, stop: string): void {
  let d = dir;
  while (d.startsWith(stop) && d !== stop) {
    try {
      if (readdirSync(d).length) return;
      rmdirSync(d);
    } catch {
      return;
    }
    d = dirname(d);
  }
}

function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.push(relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
  }
  return out.sort();
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not every platform can fsync a folder; the rename is still atomic */
  }
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `file` so that it is either absent or complete: temp file, fsync, rename, fsync of the folder. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(dirname(file));
}

/**
 * Switches a staged load in. `place` must end with the load record (the commit point); `aside` lists lake
 * files to move out first. Steps reported to `onStep`: 'journal', then 'switch:<n>' after each rename or
 * link (the last one is the commit), then 'committed' before the staging folder is cleared.
 */
export async function switchIn(lakeDir: string, loadId: string, placeList: string[], aside: string[], onStep?: StepHook): Promise<void> {
  const stage = stageDir(lakeDir, loadId);
  if (placeList[placeList.length - 1] !== loadRecordPath(loadId)) throw new Error('switchIn: the load record must be placed last');
  // The staged files reach the disk before anything points at them (a power cut after the commit must not
  // leave a committed load with empty files).
  for (const p of placeList) fsyncFile(join(stage, 'new', p));
  const journal: Journal = { load_id: loadId, started_at: new Date().toISOString(), pid: process.pid, place: placeList, aside };
  writeFileAtomic(join(stage, JOURNAL), JSON.stringify(journal));
  await onStep?.('journal');
  let n = 0;
  for (const p of aside) {
    move(join(lakeDir, p), join(stage, 'old', p));
    await onStep?.(`switch:${n++}`);
  }
  for (const p of placeList) {
    place(join(stage, 'new', p), join(lakeDir, p));
    await onStep?.(`switch:${n++}`);
  }
  fsyncDir(dirname(join(lakeDir, loadRecordPath(loadId))));
  await onStep?.('committed');
  finish(lakeDir, stage);
}

/** After the commit: empty partition folders left by moved-aside files go, then the staging folder. */
function finish(lakeDir: string, stage: string): void {
  for (const p of filesUnder(join(stage, 'old'))) if (!existsSync(join(lakeDir, p))) pruneEmpty(dirname(join(lakeDir, p)), lakeDir);
  rmSync(stage, { recursive: true, force: true });
  pruneEmpty(join(lakeDir, STAGING_DIR), lakeDir);
}

/** Before the commit: takes out what this load placed, puts back what it moved aside. Idempotent. */
function rollback(lakeDir: string, stage: string, journal: Journal | undefined): void {
  const newDir = join(stage, 'new');
  const listed = new Set(journal?.place ?? []);
  const candidates = [...new Set([...(journal?.place ?? []), ...filesUnder(newDir)])].reverse();
  for (const p of candidates) {
    const inLake = join(lakeDir, p);
    const staged = join(newDir, p);
    if (!existsSync(inLake)) continue;
    if (existsSync(staged)) {
      if (!sameFile(inLake, staged)) continue; // the lake's own file, not this load's
      unlinkSync(inLake);
    } else if (listed.has(p) && existsSync(newDir)) {
      // Placed by rename (no hard links): move it back to new/, so a second rollback finds it there.
      move(inLake, staged);
    } else continue;
    pruneEmpty(dirname(inLake), lakeDir);
  }
  const oldDir = join(stage, 'old');
  for (const p of filesUnder(oldDir)) {
    const inLake = join(lakeDir, p);
    if (existsSync(inLake)) {
      throw new LakeStateError(
        `${lakeDir}: cannot roll back the interrupted load ${relative(join(lakeDir, STAGING_DIR), stage)}: ` +
          `${p} is both in the lake and moved aside in ${join(oldDir, p)}; ` +
          `compare the two, keep the right one in the lake, delete ${stage}, and load again`,
      );
    }
    move(join(oldDir, p), inLake);
  }
  rmSync(stage, { recursive: true, force: true });
  pruneEmpty(join(lakeDir, STAGING_DIR), lakeDir);
}

export type Repair = { load_id: string; action: 'rolled back' | 'finished' | 'discarded'; note?: string };

/** Repairs one load's stage: finished if committed, rolled back if its switch began, else discarded. */
export function recoverStage(lakeDir: string, loadId: string): Repair | undefined {
  const stage = stageDir(lakeDir, loadId);
  if (!existsSync(stage)) return undefined;
  const { journal, damaged } = readJournal(stage);
  const started = journal !== undefined || damaged !== undefined || filesUnder(join(stage, 'old')).length > 0;
  const note = damaged ? `its journal was damaged (${damaged}); repaired from the staged files` : undefined;
  if (isCommitted(lakeDir, loadId)) {
    finish(lakeDir, stage);
    return { load_id: loadId, action: 'finished', ...(note ? { note } : {}) };
  }
  if (started) {
    rollback(lakeDir, stage, journal);
    return { load_id: loadId, action: 'rolled back', ...(note ? { note } : {}) };
  }
  discardStaging(lakeDir, loadId);
  return { load_id: loadId, action: 'discarded' };
}

/** Removes a load's staging folder (never switched in) and .staging itself once empty. */
export function discardStaging(lakeDir: string, loadId: string): void {
  rmSync(stageDir(lakeDir, loadId), { recursive: true, force: true });
  pruneEmpty(join(lakeDir, STAGING_DIR), lakeDir);
}

/** Finishes or undoes what interrupted loads left in .staging (a crash, a kill). Call it holding the lock. */
export function recoverStaging(lakeDir: string): Repair[] {
  const root = join(lakeDir, STAGING_DIR);
  if (!existsSync(root)) return [];
  const out: Repair[] = [];
  for (const id of readdirSync(root).sort()) {
    const r = recoverStage(lakeDir, id);
    if (r) out.push(r);
  }
  pruneEmpty(root, lakeDir);
  return out;
}
