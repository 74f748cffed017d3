// `portal-pulse sample` end to end, through the real bin entry point.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpText, UsageError } from '../../lib/cli/command.ts';
import { command } from '../../lib/cli/commands/sample.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/portal-pulse.js');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pp-sample-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('portal-pulse sample', () => {
  it('writes the three files, prints progress to stderr and a JSON summary to stdout', async () => {
    const out = join(dir, 's');
    const { stdout, stderr } = await run(process.execPath, [
      bin,
      'sample',
      '--out',
      out,
      '--messages',
      '3k',
      '--seed',
      '5',
      '--format',
      'ndjson',
      '--from-year',
      '2016',
      '--to-year',
      '2017',
      '--json',
    ]);
    expect((await readdir(out)).sort()).toEqual(['clinicians.csv', 'departments.csv', 'messages.ndjson']);
    expect(stderr).toMatch(/sample: 3,000 \/ 3,000 rows \(100%\)/);
    const summary = JSON.parse(stdout) as { rows: number; seed: number; fromYear: number; toYear: number; format: string };
    expect(summary).toMatchObject({ rows: 3000, seed: 5, fromYear: 2016, toYear: 2017, format: 'ndjson' });
  });

  it('explains a bad flag in one line and exits 2', async () => {
    const err = await run(process.execPath, [bin, 'sample', '--out', join(dir, 'x'), '--messages', 'lots']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr.trim()).toBe(
      "portal-pulse: --messages must be a whole number (e.g. 200000, 200_000, 1m), got 'lots'. Run 'portal-pulse sample --help' for the " +
        'options.',
    );
    await expect(command.run({}, [])).rejects.toThrow(UsageError);
    await expect(command.run({}, [])).rejects.toThrow(/--out is required/);
    await expect(command.run({ out: dir, format: 'xml' }, [])).rejects.toThrow(/--format must be csv or ndjson/);
  });

  it('--help teaches the defaults and shows examples', () => {
    const stdout = helpText(command);
    expect(stdout).toMatch(/--messages N .*\(default: 200000\)/);
    expect(stdout).toMatch(/--from-year Y .*\(default: 2010\)/);
    expect(stdout).toMatch(/Examples:\n {2}portal-pulse sample --out data\/sample/);
  });
});
