// Ingests `${workdir}/sample-${size}` (the sample step's export; generated here if absent) into a fresh lake
// at `${workdir}/lake-${size}`, which the study and monthly steps then read.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../../lib/ingest/index.ts';
import { generateSample } from '../../lib/sample/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

export async function run(args: { workdir: string; size: number }): Promise<Record<string, number>> {
  const inputDir = join(args.workdir, `sample-${args.size}`);
  if (!existsSync(join(inputDir, 'departments.csv'))) await generateSample({ outDir: inputDir, messages: args.size, seed: 42 });
  const lakeDir = join(args.workdir, `lake-${args.size}`);
  rmSync(lakeDir, { recursive: true, force: true });
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const s = await ingest({ inputDir, lakeDir, settings: DEFAULT_SETTINGS });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: Number(seconds.toFixed(2)),
    rows_per_second: Math.round(s.rows_read / seconds),
    // CPU seconds (all threads): a fairer figure than wall time when other work shares the 2 cores.
    cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    rows_read: s.rows_read,
    accepted: s.accepted,
    quarantined: s.quarantined,
  };
}
