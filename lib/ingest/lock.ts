// One load at a time per lake: <lake>/.lock holds the loading process id. A lock left by a process that
// no longer runs is taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IngestError } from './errors.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(lakeDir: string): () => void {
  const file = join(lakeDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && alive(pid) && pid !== process.pid) {
        throw new IngestError(`${lakeDir}: another load is running (process ${pid}); wait for it, or delete ${file} if that process is not portal-pulse`);
      }
      unlinkSync(file);
    }
  }
  throw new IngestError(`${lakeDir}: could not take the lake lock ${file}`);
}
