// One monthly run (the latest complete month) on the lake `${workdir}/lake-${size}`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { dataCutoff, latestCompleteMonth, runMonthly } from '../../lib/analysis/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

export async function run(args: { workdir: string; size: number }): Promise<Record<string, number>> {
  const lakeDir = join(args.workdir, `lake-${args.size}`);
  if (!existsSync(lakeDir)) throw new Error(`no lake at ${lakeDir}: run the ingest step first`);
  const started = performance.now();
  const engine = await openDuckDbEngine({ lakeDir });
  try {
    const cutoff = await dataCutoff(engine);
    if (!cutoff) throw new Error(`the lake ${lakeDir} holds no messages`);
    const month = await latestCompleteMonth(engine, cutoff, DEFAULT_SETTINGS.timezone);
    const monthly = await runMonthly({ engine, settings: DEFAULT_SETTINGS, month });
    const seconds = (performance.now() - started) / 1000;
    return { seconds: Number(seconds.toFixed(2)), departments: Object.keys(monthly.departments).length };
  } finally {
    await engine.close();
  }
}
