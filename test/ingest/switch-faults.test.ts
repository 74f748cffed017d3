// Fault injection over every step of a load's switch, by a throw in the process and by a real SIGKILL of a
// child process: afterwards the lake is byte for byte the old lake or the new one, readers refuse it while
// it is half-switched, recovery can run any number of times, and a later load converges on the new lake.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { ingest, recoverLake } from '../../lib/ingest/index.ts';
import { interruptedLoads } from '../../lib/lake/state.ts';
import { CHICAGO, cleanup, exportDir, fixture, messagesCsv, snapshot, tempDir } from './helpers.ts';

afterAll(cleanup);

const CHILD = fileURLToPath(new URL('./children/load.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOAD_ID = '20260101T000000000Z-f00d00';
const NOW = new Date('2026-01-01T00:00:00Z');

/** An update that replaces partitions, both rosters and lake.json, and adds partitions. */
function updateExport(): string {
  const d = exportDir({
    'messages.csv': messagesCsv('m2,t1,2017-08-02T15:30:00Z,clinician,c1,p1,d1', 'm7,t7,2017-09-01T10:00:00Z,patient,p,p,d1'),
  });
  writeFileSync(join(d, 'clinicians.csv'), 'clinician_id,role,department_id\nc1,other,d2\nc9,physician,d1\n');
  writeFileSync(
    join(d, 'departments.csv'),
    'department_id,name,care_setting,lead_emails\nd1,Family Medicine,primary_care,new.lead@example.org\n',
  );
  return d;
}

let base: string; // the old lake (never modified; copied per case)
let update: string; // one export folder, so the load record's `source` is the same in every run
let oldLake: Record<string, string>;
let newLake: Record<string, string>;
let steps: string[];

function copyOfBase(): string {
  const d = join(tempDir('pp-fault-'), 'lake');
  cpSync(base, d, { recursive: true });
  return d;
}

function load(lake: string, onStep?: (s: string) => void) {
  return ingest({ inputDir: update, lakeDir: lake, settings: CHICAGO, loadId: LOAD_ID, now: NOW, ...(onStep ? { onStep } : {}) });
}

async function readerRefuses(lake: string): Promise<string | undefined> {
  try {
    const e = await openDuckDbEngine({ lakeDir: lake });
    await e.close();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

beforeAll(async () => {
  base = join(tempDir('pp-fault-base-'), 'lake');
  await ingest({
    inputDir: fixture('base'),
    lakeDir: base,
    settings: CHICAGO,
    loadId: '20250101T000000000Z-000001',
    now: new Date('2025-01-01T00:00:00Z'),
  });
  update = updateExport();
  oldLake = snapshot(base);
  const lake = copyOfBase();
  steps = [];
  const s = await load(lake, (step) => void steps.push(step));
  newLake = snapshot(lake);
  // The update really replaces the rosters and the manifest (the files a double rollback used to delete).
  for (const f of ['clinicians/clinicians.parquet', 'departments/departments.parquet', 'lake.json'])
    expect(newLake[f], f).not.toBe(oldLake[f]);
  expect(s.deleted).toHaveLength(1);
  expect(newLake).not.toEqual(oldLake);
}, 60_000);

const commitIndex = () => steps.indexOf('committed') - 1; // the last switch step links the load record

describe('a load failing at each step of its switch (throw)', () => {
  it('reaches every step: staged, journal, each rename and link, committed, switched', () => {
    expect(steps.slice(0, 2)).toEqual(['staged', 'journal']);
    expect(steps.slice(-2)).toEqual(['committed', 'switched']);
    expect(steps.filter((s) => s.startsWith('switch:')).length).toBeGreaterThanOrEqual(10);
  });

  it('leaves exactly the old lake before the commit and exactly the new one from it, and the next load converges', async () => {
    for (const [i, step] of steps.entries()) {
      const lake = copyOfBase();
      await expect(
        load(lake, (s) => {
          if (s === step) throw Object.assign(new Error(`injected failure at ${s}`), { code: 'EACCES' });
        }),
      ).rejects.toThrow();
      const after = snapshot(lake);
      expect(after, `after a failure at ${step}`).toEqual(i < commitIndex() ? oldLake : newLake);
      expect(existsSync(join(lake, '.staging')), step).toBe(false);
      expect(recoverLake(lake)).toEqual([]); // nothing left to repair
      if (i < commitIndex()) {
        await load(lake);
        expect(snapshot(lake), `the load after a failure at ${step}`).toEqual(newLake);
      }
    }
  }, 120_000);

  it('a failed switch keeps the rosters and lake.json (the double rollback used to delete them)', async () => {
    const lake = copyOfBase();
    await expect(
      load(lake, (s) => {
        if (s === steps[commitIndex() - 1]) throw new Error('loads/ is not writable'); // the record's link fails
      }),
    ).rejects.toThrow('not writable');
    for (const f of ['clinicians/clinicians.parquet', 'departments/departments.parquet', 'lake.json'])
      expect(snapshot(lake)[f], f).toBe(oldLake[f]);
  });
});

describe('a load killed (SIGKILL) at each step of its switch', () => {
  it('readers refuse the half-switched lake; recovery (repeatable) gives exactly the old or the new lake; ' +
    'the next load converges', async () => {
    for (const [i, step] of steps.entries()) {
      const lake = copyOfBase();
      const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, 'kill', update, lake, step, LOAD_ID, NOW.toISOString()], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(r.signal, `${step}: ${r.stderr}`).toBe('SIGKILL');
      const refused = await readerRefuses(lake);
      if (i >= 1 && i < commitIndex()) {
        // Between the journal and the commit the lake is a mix: never read.
        expect(
          interruptedLoads(lake).map((l) => l.load_id),
          step,
        ).toEqual([LOAD_ID]);
        expect(refused, step).toMatch(/a load was interrupted at 20\d\d-.*; run ingest to finish or roll it back/);
      } else {
        expect(refused, step).toBeUndefined();
      }
      recoverLake(lake);
      const expected = i < commitIndex() ? oldLake : newLake;
      expect(snapshot(lake), `recovered after a kill at ${step}`).toEqual(expected);
      recoverLake(lake); // again: idempotent
      expect(snapshot(lake), `recovered twice after a kill at ${step}`).toEqual(expected);
      if (i < commitIndex()) {
        await load(lake);
        expect(snapshot(lake), `the load after a kill at ${step}`).toEqual(newLake);
      }
    }
  }, 300_000);
});

describe('damaged staging', () => {
  it(
    'an empty journal (a crash while it was written by an older version) is repaired, ' + 'not a SyntaxError that blocks every load',
    async () => {
      const lake = copyOfBase();
      mkdirSync(join(lake, '.staging', LOAD_ID, 'new'), { recursive: true });
      writeFileSync(join(lake, '.staging', LOAD_ID, 'journal.json'), '');
      expect(await readerRefuses(lake)).toMatch(/a load was interrupted at/);
      const s = await ingest({ inputDir: update, lakeDir: lake, settings: CHICAGO });
      expect(s.accepted).toBe(2);
      expect(existsSync(join(lake, '.staging'))).toBe(false);
    },
  );
});
