// `portal-pulse study` as a user runs it, on a tiny lake where every count is small: without --release the
// page and tables are the organisation's (only distinct patients hidden), with --release the public ones
// (every count from 1 to 10 hidden); study.json keeps exact counts either way.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyExport } from '../helpers/exports.ts';
import { buildLake, type TestLake } from '../helpers/lake.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/portal-pulse.js');
let lake: TestLake;
const out = { organisation: { stdout: '', dir: '' }, public: { stdout: '', dir: '' } };

beforeAll(async () => {
  lake = await buildLake(tinyExport());
  for (const audience of ['organisation', 'public'] as const) {
    const dir = join(lake.root, `out-${audience}`);
    const args = [
      BIN,
      'study',
      '--lake',
      lake.lakeDir,
      '--from',
      '2017-06',
      '--to',
      '2017-06',
      '--out',
      dir,
      ...(audience === 'public' ? ['--release'] : []),
    ];
    const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
    out[audience] = { stdout, dir };
  }
}, 300_000);

afterAll(async () => {
  await lake?.cleanup();
});

const page = (a: 'organisation' | 'public') => readFileSync(join(out[a].dir, 'pages', 'study-2017-06_2017-06.html'), 'utf8');
const tables = (a: 'organisation' | 'public') =>
  Object.fromEntries(readdirSync(join(out[a].dir, 'tables')).map((f) => [f, readFileSync(join(out[a].dir, 'tables', f), 'utf8')]));
/** The fields of one CSV line (RFC 4180 quoting: the labels hold commas). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}
const row = (csv: string, key: string) => fields(csv.split('\r\n').find((l) => l.startsWith(`${key},`))!);

describe('study --release', () => {
  it('says which version it wrote, and writes the tables beside study.json', () => {
    expect(out.organisation.stdout).toMatch(/for the organisation \(not for release/);
    expect(out.public.stdout).toMatch(/for public release/);
    for (const a of ['organisation', 'public'] as const) {
      expect(readdirSync(out[a].dir)).toEqual(expect.arrayContaining(['study.json', 'tables', 'pages', 'index.html']));
      expect(Object.keys(tables(a))).toContain('yearly-volume.csv');
    }
    expect(page('public')).toContain('(public release)</h1>');
  });

  it('organisation: 2 patient and 1 clinician messages are shown exactly, the 1 active patient is hidden', () => {
    const t = tables('organisation');
    expect(row(t['yearly-volume.csv']!, 'patient_side')[2]).toBe('2');
    expect(row(t['yearly-volume.csv']!, 'clinician_side')[2]).toBe('1');
    expect(row(t['active-senders.csv']!, 'patients')[2]).toBe('');
    expect(row(t['active-senders.csv']!, 'clinicians')[2]).toBe('1');
    expect(row(t['data-quality.csv']!, 'rows_read')[2]).toBe('3');
  });

  it('public: every one of those counts is hidden, on the page and in the tables', () => {
    const t = tables('public');
    expect(row(t['yearly-volume.csv']!, 'patient_side')[2]).toBe('');
    expect(row(t['yearly-volume.csv']!, 'clinician_side')[2]).toBe('');
    expect(row(t['active-senders.csv']!, 'clinicians')[2]).toBe('');
    expect(row(t['data-quality.csv']!, 'rows_read')[2]).toBe('');
    // No field of any public table is a count from 1 to 10 (the statistics are hidden with their counts).
    for (const [name, csv] of Object.entries(t)) {
      for (const line of csv.trim().split('\r\n').slice(1)) {
        const values = fields(line).slice(2);
        expect(
          values.filter((f) => /^\d+$/.test(f) && Number(f) >= 1 && Number(f) <= 10),
          `${name}: ${line}`,
        ).toEqual([]);
      }
    }
    expect(page('public')).toContain('<span class="suppressed" title="A small count, not shown for privacy">&lt;11</span>');
  });

  it('keeps study.json exact either way', () => {
    for (const a of ['organisation', 'public'] as const) {
      const s = JSON.parse(readFileSync(join(out[a].dir, 'study.json'), 'utf8')) as {
        years: Array<{ messages: { patient_side: number } }>;
      };
      expect(s.years[0]!.messages.patient_side).toBe(2);
    }
  });
});
