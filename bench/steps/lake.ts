// What the study and monthly steps share: open the lake the ingest step built for this size, find its
// cut-off, time the work from the engine's opening, and close the engine whatever happens.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataCutoff } from '../../lib/analysis/index.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';

export async function timedOnLake(
  args: { workdir: string; size: number },
  work: (engine: Engine, cutoff: string) => Promise<Record<string, number>>,
): Promise<Record<string, number>> {
  const lakeDir = join(args.workdir, `lake-${args.size}`);
  if (!existsSync(lakeDir)) throw new Error(`no lake at ${lakeDir}: run the ingest step first`);
  const started = performance.now();
  const engine = await openDuckDbEngine({ lakeDir });
  try {
    const cutoff = await dataCutoff(engine);
    if (!cutoff) throw new Error(`the lake ${lakeDir} holds no messages`);
    const extra = await work(engine, cutoff);
    return { seconds: Number(((performance.now() - started) / 1000).toFixed(2)), ...extra };
  } finally {
    await engine.close();
  }
}
