// The sample's shape, measured on ~50k messages with the metrics.md definitions by the independent reader in
// measure.ts: the figures of reference-figures.md within tolerances.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../lib/sample/index.ts';
import { loadMessages, measure, parseCsv, recordsOf, type Shape } from './measure.ts';

let dir: string;
let shape: Shape;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pp-shape-'));
  const s = await generateSample({ outDir: dir, messages: 50_000 });
  const [header, ...rows] = parseCsv(await readFile(s.files.messages, 'utf8')) as [string[], ...string[][]];
  const { messages } = loadMessages(recordsOf(header, rows));
  const clin = parseCsv(await readFile(s.files.clinicians, 'utf8')).slice(1);
  const dept = parseCsv(await readFile(s.files.departments, 'utf8')).slice(1);
  shape = measure(
    messages,
    new Map(clin.map((c) => [c[0] as string, (c[1] as string).toLowerCase()])),
    new Map(dept.map((d) => [d[0] as string, (d[2] as string).toLowerCase()])),
    new Map(clin.map((c) => [c[0] as string, c[2] as string])),
    2010,
    2017,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sample shape (reference-figures.md)', () => {
  it('replies: about 72% of answered patient messages within 1 day and 91% within 3', () => {
    expect(shape.within1d).toBeGreaterThan(0.65);
    expect(shape.within1d).toBeLessThan(0.79);
    expect(shape.within3d).toBeGreaterThan(0.86);
    expect(shape.within3d).toBeLessThan(0.95);
    expect(shape.unanswered).toBeGreaterThan(0);
  });

  it('threads: about 95% within 4 rounds, with a tail of 5+', () => {
    expect(shape.le4Rounds).toBeGreaterThan(0.92);
    expect(shape.le4Rounds).toBeLessThan(0.98);
    expect(shape.roundsDist.every((n) => n > 0)).toBe(true);
  });

  it('time of day: ~7% of physician and ~5.4% of np_pa messages 17:00-19:00 local; most in 07:00-17:00; weekends lighter', () => {
    expect(shape.evening.physician).toBeGreaterThan(0.05);
    expect(shape.evening.physician).toBeLessThan(0.09);
    expect(shape.evening.np_pa).toBeGreaterThan(0.035);
    expect(shape.evening.np_pa).toBeLessThan(0.075);
    expect(shape.evening.np_pa).toBeLessThan(shape.evening.physician as number);
    expect(shape.working).toBeGreaterThan(0.8);
    expect(shape.weekendClinician).toBeLessThan(0.15); // two days in seven would be 28.6%
    expect(shape.weekendPatient).toBeLessThan(2 / 7);
  });

  it('volume rises every year; physician/primary_care, registered_nurse/specialty and physician/specialty bear the growth', () => {
    for (let y = 2011; y <= 2017; y++) expect(shape.volumeByYear[y]).toBeGreaterThan(shape.volumeByYear[y - 1] as number);
    expect(shape.increaseByCategory.slice(0, 3).map(([c]) => c)).toEqual([
      'physician/primary_care',
      'registered_nurse/specialty',
      'physician/specialty',
    ]);
  });

  it('np_pa/primary_care and physician/primary_care carry the heaviest per-clinician load every year', () => {
    for (let y = 2010; y <= 2017; y++) {
      expect(shape.heaviestByYear[y]?.slice(0, 2)).toEqual(['np_pa/primary_care', 'physician/primary_care']);
    }
  });
});
