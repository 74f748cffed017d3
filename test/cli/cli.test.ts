// The command-line tool as a user meets it: the package's bin, --help on every command, unknown
// commands and flags, and `start` (what `npm start` runs) end to end on a small sample.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { validateResult } from '../../lib/analysis/index.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/portal-pulse.js');

async function cli(args: string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const COMMANDS = ['start', 'sample', 'ingest', 'study', 'monthly', 'send'];

describe('portal-pulse CLI', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('lists every command in its help', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it.each(COMMANDS)('%s --help shows usage, options and examples', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: portal-pulse ${name} [options]`);
    expect(r.stdout).toContain('Options:');
    expect(r.stdout).toContain('Examples:');
  });

  it('an unknown command or flag is one clear line and exit code 2, not a stack trace', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const flag = await cli(['study', '--form', '2016-01']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--form'/);
    expect(flag.stderr).not.toMatch(/\n\s+at /);
    const stray = await cli(['study', '2016-01']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("unexpected argument '2016-01'");
  });

  it('a missing lake is a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-cli-'));
    dirs.push(dir);
    const r = await cli(['monthly', '--lake', join(dir, 'nowhere'), '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nowhere');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('start runs the whole local job: sample, lake, study, monthly, emails, pages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-start-'));
    dirs.push(dir);
    const r = await cli(['start', '--data', dir, '--messages', '20000']);
    expect(r.code, r.stderr).toBe(0);
    // The headline figures in the study's shape, and where the files are.
    expect(r.stdout).toMatch(/patient messages replied within 1 day\s+\d+\.\d% \([\d,]+\/[\d,]+\)/);
    expect(r.stdout).toMatch(/threads with at most 4 rounds\s+\d+\.\d% \([\d,]+\/[\d,]+\)/);
    expect(r.stdout).toContain(join(dir, 'results', 'index.html'));

    const results = join(dir, 'results');
    for (const f of ['study.json', 'monthly.json']) {
      const json: unknown = JSON.parse(readFileSync(join(results, f), 'utf8'));
      expect(validateResult(json).errors).toEqual([]);
    }
    const monthly = JSON.parse(readFileSync(join(results, 'monthly.json'), 'utf8')) as { month: string; departments: object };
    const emails = readdirSync(join(results, 'emails', monthly.month));
    expect(emails.filter((f) => f.endsWith('.eml'))).toHaveLength(Object.keys(monthly.departments).length);
    expect(existsSync(join(results, 'pages', `organisation-${monthly.month}.html`))).toBe(true);
    expect(readFileSync(join(results, 'index.html'), 'utf8')).toContain(`organisation-${monthly.month}.html`);

    // A second run reuses the sample and the lake and gives the same figures.
    const again = await cli(['start', '--data', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('Using the sample export');
    expect(again.stderr).toContain('Using the lake');
    const figures = (out: string) => out.split('\n').filter((l) => /\(\d[\d,]*\/\d[\d,]*\)/.test(l));
    expect(figures(again.stdout)).toEqual(figures(r.stdout));

    // study without --from/--to ends at the latest complete month, as start does (the cut-off's own month
    // holds only replies that spilled over).
    const lake = join(dir, 'lake');
    const studyOut = join(dir, 'study');
    const study = await cli(['study', '--lake', lake, '--out', studyOut]);
    expect(study.code, study.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(studyOut, 'study.json'), 'utf8')) as { to: string }).to).toBe(monthly.month);

    // A month after the cut-off has no data: refused, not reported as zeros. A bad cut-off is one clear line.
    const late = await cli([
      'monthly',
      '--lake',
      lake,
      '--month',
      monthly.month,
      '--cutoff',
      '2016-03-01T00:00:00Z',
      '--out',
      join(dir, 'late'),
    ]);
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/--month \d{4}-\d\d is after the data cut-off 2016-03-01T00:00:00.000Z/);
    const bad = await cli(['monthly', '--lake', lake, '--cutoff', 'yesterday', '--out', join(dir, 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("cut-off 'yesterday' is not an ISO 8601 timestamp");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 480_000);
});
