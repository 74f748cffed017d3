// The study over every year of the lake `${workdir}/lake-${size}` (built by the ingest step).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { dataCutoff, defaultStudyRange, runStudy } from '../../lib/analysis/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

export async function run(args: { workdir: string; size: number }): Promise<Record<string, number>> {
  const lakeDir = join(args.workdir, `lake-${args.size}`);
  if (!existsSync(lakeDir)) throw new Error(`no lake at ${lakeDir}: run the ingest step first`);
  const started = performance.now();
  const engine = await openDuckDbEngine({ lakeDir });
  try {
    const cutoff = await dataCutoff(engine);
    if (!cutoff) throw new Error(`the lake ${lakeDir} holds no messages`);
    const { from, to } = await defaultStudyRange(engine, cutoff, DEFAULT_SETTINGS.timezone);
    const study = await runStudy({ engine, settings: DEFAULT_SETTINGS, from, to });
    const seconds = (performance.now() - started) / 1000;
    return { seconds: Number(seconds.toFixed(2)), patient_messages: study.response.within_1d.N + study.response.unanswered + study.response.pending };
  } finally {
    await engine.close();
  }
}
