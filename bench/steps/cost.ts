// What a study and a monthly run would cost on Athena, measured on Trino (Athena engine v3 is Trino):
// Trino reports the bytes each query read from the lake files, Athena bills $5 per TB scanned with at
// least 10 MB per query. Runs on the lake `${workdir}/lake-${size}` over a local Trino server (started if
// none runs, as `npm run trino:start` does): the study over every complete month, the latest complete
// month, and an old month (the June of the lake's first year), whose replies are followed to the cut-off.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataCutoff, defaultStudyRange, latestCompleteMonth, runMonthly, runStudy } from '../../lib/analysis/index.ts';
import { openTrinoEngine, tableStatements, type QueryStats, type TrinoEngine } from '../../lib/engines/trino/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { start } from '../../scripts/trino/server.ts';

/** Athena's price per byte scanned ($5 per TB, 10^12 bytes) and its minimum per query (10 MB). */
export const USD_PER_TB = 5;
const MIN_BYTES = 10 * 1024 * 1024;

export function athenaUsd(stats: QueryStats[]): { bytes: number; usd: number; billed_usd: number } {
  const bytes = stats.reduce((a, s) => a + s.physicalInputBytes, 0);
  // Billed per query, rounded up to the megabyte, never less than 10 MB.
  const billed = stats.reduce((a, s) => a + Math.max(MIN_BYTES, Math.ceil(s.physicalInputBytes / 2 ** 20) * 2 ** 20), 0);
  return { bytes, usd: (bytes / 1e12) * USD_PER_TB, billed_usd: (billed / 1e12) * USD_PER_TB };
}

export async function run(args: { workdir: string; size: number }): Promise<Record<string, number>> {
  const lakeDir = join(args.workdir, `lake-${args.size}`);
  if (!existsSync(lakeDir)) throw new Error(`no lake at ${lakeDir}: run the ingest step first`);
  const server = await start();
  const schema = `bench_${args.size}`;
  const uri = server.uri.replace(/\/[^/]+$/, `/${schema}`);
  const ddl = openTrinoEngine(uri);
  for (const sql of tableStatements({ catalog: ddl.target.catalog, schema, lakeDir, projectionYears: [2005, 2030] })) {
    await ddl.query({ name: 'ddl', sql, params: [] });
  }
  const cutoff = await dataCutoff(ddl);
  if (!cutoff) throw new Error(`the lake ${lakeDir} holds no messages`);
  const { from, to } = await defaultStudyRange(ddl, cutoff, DEFAULT_SETTINGS.timezone);
  const latest = await latestCompleteMonth(ddl, cutoff, DEFAULT_SETTINGS.timezone);
  const old = `${from.slice(0, 4)}-06`;
  await ddl.close();

  const out: Record<string, number> = {};
  const measure = async (label: string, work: (e: TrinoEngine) => Promise<unknown>) => {
    const engine = openTrinoEngine(uri);
    const t0 = performance.now();
    await work(engine);
    const c = athenaUsd(engine.stats);
    out[`${label}_seconds`] = Number(((performance.now() - t0) / 1000).toFixed(2));
    out[`${label}_mb`] = Number((c.bytes / 2 ** 20).toFixed(1));
    out[`${label}_usd`] = Number(c.usd.toFixed(6));
    out[`${label}_billed_usd`] = Number(c.billed_usd.toFixed(6));
    out[`${label}_queries`] = engine.stats.length;
    process.stderr.write(
      `\n  ${label}: ${(c.bytes / 2 ** 20).toFixed(1)} MB in ${engine.stats.length} queries, $${c.usd.toFixed(6)}` +
        ` ($${c.billed_usd.toFixed(6)} with the 10 MB minimum)\n`,
    );
    for (const s of engine.stats)
      process.stderr.write(`    ${s.name.padEnd(58)} ${(s.physicalInputBytes / 2 ** 20).toFixed(2).padStart(9)} MB\n`);
    await engine.close();
  };
  await measure('study', (engine) => runStudy({ engine, settings: DEFAULT_SETTINGS, from, to, cutoff }));
  await measure('monthly_latest', (engine) => runMonthly({ engine, settings: DEFAULT_SETTINGS, month: latest, cutoff }));
  await measure('monthly_old', (engine) => runMonthly({ engine, settings: DEFAULT_SETTINGS, month: old, cutoff }));
  process.stderr.write(`  (study ${from}..${to}, monthly ${latest} and ${old}, cut-off ${cutoff})\n`);
  return out;
}
