// Makes a load atomic for readers of the lake folder: every new file is first written under
// <lake>/.staging/<load_id>/new/, then switched in by renames with the files it replaces or removes moved
// aside to .staging/<load_id>/old/. A failure during the switch moves everything back; a crash is repaired
// by the next load (recoverStaging), which rolls back any switch that did not reach its commit marker (the
// loads/<load_id>.parquet record, switched in last).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LAKE_TABLES } from '../lake/layout.ts';

export const STAGING_DIR = '.staging';

interface Journal {
  load_id: string;
  /** Lake-relative files placed by the switch, in order (the load record last). */
  place: string[];
  /** Lake-relative files moved aside (removed or replaced). */
  aside: string[];
}

function move(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  renameSync(from, to);
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

function rollback(lakeDir: string, stage: string, j: Journal): void {
  for (const p of [...j.place].reverse()) {
    // Placed if it is gone from new/ and present in the lake.
    if (!existsSync(join(stage, 'new', p)) && existsSync(join(lakeDir, p))) {
      unlinkSync(join(lakeDir, p));
      pruneEmpty(dirname(join(lakeDir, p)), lakeDir);
    }
  }
  for (const p of j.aside) {
    if (existsSync(join(stage, 'old', p))) move(join(stage, 'old', p), join(lakeDir, p));
  }
}

export function loadRecordPath(loadId: string): string {
  return `${LAKE_TABLES.loads}/${loadId}.parquet`;
}

/** Switches staged files in. `place` must end with the load record; `aside` lists lake files to move out first. */
export async function switchIn(
  lakeDir: string,
  loadId: string,
  place: string[],
  aside: string[],
  onStep?: (step: string) => void | Promise<void>,
): Promise<void> {
  const stage = join(lakeDir, STAGING_DIR, loadId);
  const journal: Journal = { load_id: loadId, place, aside };
  writeFileSync(join(stage, 'journal.json'), JSON.stringify(journal));
  try {
    let n = 0;
    for (const p of aside) {
      move(join(lakeDir, p), join(stage, 'old', p));
      await onStep?.(`switch:${n++}`);
    }
    for (const p of place) {
      move(join(stage, 'new', p), join(lakeDir, p));
      await onStep?.(`switch:${n++}`);
    }
  } catch (e) {
    rollback(lakeDir, stage, journal);
    throw e;
  }
  // Committed: the load record is in place. Old files go; emptied partition folders go too.
  for (const p of aside) if (!place.includes(p)) pruneEmpty(dirname(join(lakeDir, p)), lakeDir);
  rmSync(stage, { recursive: true, force: true });
  pruneEmpty(join(lakeDir, STAGING_DIR), lakeDir);
}

/** Removes a load's staging folder (never switched in) and .staging itself once empty. */
export function discardStaging(lakeDir: string, loadId: string): void {
  rmSync(join(lakeDir, STAGING_DIR, loadId), { recursive: true, force: true });
  pruneEmpty(join(lakeDir, STAGING_DIR), lakeDir);
}

/** Finishes or undoes what an interrupted load left in .staging (a crash, a kill). Returns the load ids repaired. */
export function recoverStaging(lakeDir: string): string[] {
  const root = join(lakeDir, STAGING_DIR);
  if (!existsSync(root)) return [];
  const repaired: string[] = [];
  for (const id of readdirSync(root)) {
    const stage = join(root, id);
    const jf = join(stage, 'journal.json');
    if (existsSync(jf)) {
      const j = JSON.parse(readFileSync(jf, 'utf8')) as Journal;
      const committed = existsSync(join(lakeDir, loadRecordPath(j.load_id))) && !existsSync(join(stage, 'new', loadRecordPath(j.load_id)));
      if (!committed) rollback(lakeDir, stage, j);
    }
    rmSync(stage, { recursive: true, force: true });
    repaired.push(id);
  }
  pruneEmpty(root, lakeDir);
  return repaired;
}
