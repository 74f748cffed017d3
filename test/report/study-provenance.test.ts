// What the study page cites about its inputs: the portal-pulse version and the lake's fingerprint (the same
// across runs, another after a new load), and the quarantine reasons read from the loads' records.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStudy } from '../../lib/analysis/index.ts';
import { buildStudyReport } from '../../lib/report/index.ts';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { ingest } from '../../lib/ingest/index.ts';
import type { StudyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { expectValid } from '../helpers/analysis.ts';
import { msg, tinyExport } from '../helpers/exports.ts';
import { writeExport } from '../helpers/lake.ts';

let root: string;
const lakeDir = () => join(root, 'lake');

async function study(): Promise<StudyResult> {
  const engine = await openDuckDbEngine({ lakeDir: lakeDir(), timezone: DEFAULT_SETTINGS.timezone });
  try {
    const r = await runStudy({ engine, settings: DEFAULT_SETTINGS, from: '2017-06', to: '2017-06', cutoff: '2017-07-31T00:00:00Z' });
    expectValid(r);
    return r;
  } finally {
    await engine.close();
  }
}

async function load(i: number, exp: ReturnType<typeof tinyExport>): Promise<void> {
  const inputDir = join(root, `export-${i}`);
  await writeExport(inputDir, exp);
  await ingest({ inputDir, lakeDir: lakeDir(), settings: DEFAULT_SETTINGS });
}

let first: StudyResult;
let again: StudyResult;
let afterSecond: StudyResult;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pp-provenance-'));
  const bad = tinyExport();
  // Three rows quarantined for two reasons: two without a sender, one with a date that is no date.
  bad.messages.push(
    { ...msg('m4', 't2', '2017-06-07T09:00:00-05:00', 'patient'), sender_id: '' },
    { ...msg('m5', 't2', '2017-06-07T10:00:00-05:00', 'clinician'), sender_id: '' },
    msg('m6', 't2', 'not a date', 'patient'),
  );
  await load(0, bad);
  first = await study();
  again = await study();
  const more = tinyExport();
  more.messages = [
    msg('m7', 't3', '2017-06-20T09:00:00-05:00', 'patient'),
    { ...msg('m8', 't3', '2017-06-20T10:00:00-05:00', 'patient'), sender_id: '' },
  ];
  await load(1, more);
  afterSecond = await study();
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('study provenance', () => {
  it('records the version in package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(first.portal_pulse_version).toBe(pkg.version);
    // The page's methods box shows it, and the fingerprint in full.
    const m = buildStudyReport(first, DEFAULT_SETTINGS).methods;
    expect(m.provenance).toEqual({ version: pkg.version, fingerprint: first.lake.fingerprint, loads: 1 });
  });

  it('gives the same fingerprint for two runs on the same lake, and another after a new load', () => {
    expect(first.lake.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.lake.fingerprint).toBe(first.lake.fingerprint);
    expect(first.lake.loads).toBe(1);
    expect(afterSecond.lake.loads).toBe(2);
    expect(afterSecond.lake.fingerprint).not.toBe(first.lake.fingerprint);
  });

  it('sums the quarantine reasons over the loads, and they add up to the rows quarantined', () => {
    const r1 = first.load.quarantined_by_reason!;
    expect(first.load.quarantined).toBe(3);
    expect(Object.values(r1).reduce((a, b) => a + b, 0)).toBe(3);
    expect(Object.keys(r1).find((k) => /sender_id/.test(k)) && r1[Object.keys(r1).find((k) => /sender_id/.test(k))!]).toBe(2);
    const r2 = afterSecond.load.quarantined_by_reason!;
    expect(afterSecond.load.quarantined).toBe(4);
    expect(Object.values(r2).reduce((a, b) => a + b, 0)).toBe(4);
    expect(r2[Object.keys(r1).find((k) => /sender_id/.test(k))!]).toBe(3);
    // Most frequent reason first.
    expect(Object.values(r2)).toEqual([...Object.values(r2)].sort((a, b) => b - a));
  });
});
