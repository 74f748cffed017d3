// The lakes the Trino suites run on: the hand-worked golden exports of test/analysis, and a generated
// sample (the sample generator through the real ingestion), each with the runs the golden tests make.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest } from '../../lib/ingest/index.ts';
import { generateSample } from '../../lib/sample/index.ts';
import { DEFAULT_SETTINGS, resolveSettings, type Settings } from '../../lib/settings/index.ts';
import { buildLake, type TestExport, type TestLake } from '../helpers/lake.ts';
import * as growth from '../fixtures/golden/growth.ts';
import * as localTime from '../fixtures/golden/local-time.ts';
import * as monthly from '../fixtures/golden/monthly.ts';
import * as study from '../fixtures/golden/study.ts';
import * as threads from '../fixtures/golden/threads.ts';
import * as ties from '../fixtures/golden/ties.ts';

export type Run =
  | { kind: 'study'; from: string; to: string; cutoff?: string; settings?: Settings }
  | { kind: 'monthly'; month: string; cutoff?: string; settings?: Settings };

export interface LakeCase {
  name: string;
  build(): Promise<TestLake>;
  runs: Run[];
}

const s = (o: Record<string, unknown>) => resolveSettings(o, 'test settings');
const golden = (name: string, exp: TestExport | TestExport[], runs: Run[]): LakeCase => ({ name, build: () => buildLake(exp), runs });

export const GOLDEN: LakeCase[] = [
  golden('growth', growth.exp, [{ kind: 'study', from: '2015-01', to: '2017-12' }]),
  golden('local-time', localTime.exp, [
    { kind: 'study', from: '2017-03', to: '2017-11' },
    { kind: 'study', from: '2017-03', to: '2017-11', cutoff: '2017-06-01T00:00:00Z', settings: s({ business_hours: { study: true } }) },
  ]),
  golden('monthly', monthly.exp, [
    { kind: 'monthly', month: '2017-06', cutoff: monthly.CUTOFF },
    { kind: 'monthly', month: '2016-06', cutoff: monthly.CUTOFF },
  ]),
  golden('study', study.exp, [
    { kind: 'study', from: '2017-06', to: '2017-06', cutoff: study.CUTOFF },
    { kind: 'study', from: '2017-06', to: '2017-06', cutoff: study.CUTOFF, settings: s({ business_hours: { study: true } }) },
  ]),
  golden('threads', threads.exp, [
    { kind: 'study', from: '2017-06', to: '2017-06', cutoff: threads.CUTOFF },
    { kind: 'study', from: '2017-06', to: '2017-06', cutoff: threads.CUTOFF, settings: s({ threads: { max_rounds: 2 } }) },
  ]),
  golden('ties', [ties.first, ties.second], [{ kind: 'study', from: '2017-06', to: '2017-06' }]),
  golden('ties-later', ties.later, [{ kind: 'study', from: '2017-06', to: '2017-06', settings: s({ business_hours: { study: true } }) }]),
];

/** A generated sample of 2016-2017 (every awkward case the generator injects), ingested for real. */
export const SAMPLE: LakeCase = {
  name: 'sample',
  async build() {
    const root = await mkdtemp(join(tmpdir(), 'pp-trino-sample-'));
    const inputDir = join(root, 'export');
    const lakeDir = join(root, 'lake');
    await generateSample({ outDir: inputDir, messages: 30_000, seed: 7, fromYear: 2016, toYear: 2017 });
    await ingest({ inputDir, lakeDir, settings: DEFAULT_SETTINGS });
    return { root, lakeDir, cleanup: () => rm(root, { recursive: true, force: true }) };
  },
  runs: [
    { kind: 'study', from: '2016-01', to: '2017-12' },
    { kind: 'study', from: '2017-01', to: '2017-12', settings: s({ business_hours: { study: true } }) },
    { kind: 'monthly', month: '2017-12' },
    { kind: 'monthly', month: '2016-03' },
  ],
};
