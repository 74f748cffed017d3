// A real study.json for the study page's tests: the sample generator's export, loaded by the real
// ingestion and computed on DuckDB (eight years, every category, quarantined rows with their reasons).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStudy } from '../../lib/analysis/index.ts';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { ingest } from '../../lib/ingest/index.ts';
import type { StudyResult } from '../../lib/results/types.ts';
import { generateSample } from '../../lib/sample/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { expectValid } from '../helpers/analysis.ts';

export interface SampleStudy {
  root: string;
  study: StudyResult;
  cleanup(): Promise<void>;
}

export async function sampleStudy(messages = 20_000): Promise<SampleStudy> {
  const root = await mkdtemp(join(tmpdir(), 'pp-study-page-'));
  await generateSample({ outDir: join(root, 'sample'), messages, seed: 7 });
  await ingest({ inputDir: join(root, 'sample'), lakeDir: join(root, 'lake'), settings: DEFAULT_SETTINGS });
  const engine = await openDuckDbEngine({ lakeDir: join(root, 'lake'), timezone: DEFAULT_SETTINGS.timezone });
  try {
    const study = await runStudy({ engine, settings: DEFAULT_SETTINGS, from: '2010-01', to: '2017-12' });
    expectValid(study);
    return { root, study, cleanup: () => rm(root, { recursive: true, force: true }) };
  } finally {
    await engine.close();
  }
}
