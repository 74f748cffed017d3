// `portal-pulse ingest` as a user meets it: a distinct exit code per ending, one clear line and no stack
// trace for each user mistake, --recover, and readers (study) refusing a lake with an interrupted load.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../lib/ingest/index.ts';
import { acquireLock } from '../../lib/ingest/lock.ts';
import { CHICAGO, cleanup, exportDir, fixture, messagesCsv, tempDir } from './helpers.ts';

afterAll(cleanup);

const BIN = join(import.meta.dirname, '../../bin/portal-pulse.js');
// Root writes anywhere: to meet a folder it may not write, the CLI runs as root without the capabilities that
// override file permissions (it still reads the checkout, which root owns, however private its folder is).
const NO_DAC = '-dac_override,-dac_read_search';
const cli = (args: string[], withoutOverride = false) => {
  const cmd = withoutOverride
    ? (['setpriv', [`--inh-caps=${NO_DAC}`, `--bounding-set=${NO_DAC}`, process.execPath, BIN, ...args]] as const)
    : ([process.execPath, [BIN, ...args]] as const);
  return spawnSync(cmd[0], [...cmd[1]], { encoding: 'utf8', timeout: 120_000 });
};
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

describe('ingest exit codes', () => {
  it('are listed in --help', () => {
    const r = cli(['ingest', '--help']);
    expect(r.status).toBe(0);
    for (const line of [
      /0\s+loaded/,
      /3\s+an export file was refused/,
      /4\s+nothing accepted/,
      /5\s+another load holds the lake's lock/,
      /6\s+an interrupted load/,
    ])
      expect(r.stdout).toMatch(line);
  });

  it('3 for a refused file, 4 when nothing is accepted, 5 when the lock is held', () => {
    const refused = cli([
      'ingest',
      '--input',
      exportDir({ 'messages.csv': messagesCsv('m1,"t1,2017-06-01T10:00:00Z,patient,p,p,d1') }),
      '--lake',
      tempDir(),
      '--quiet',
    ]);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(/^portal-pulse: .*messages\.csv, line 2: this record has a quoted field that is never closed/m);
    noStack(refused.stderr);

    const nothing = cli([
      'ingest',
      '--input',
      exportDir({ 'messages.csv': messagesCsv('m1,t1,2017-06-01T10:00:00Z,robot,p,p,d1') }),
      '--lake',
      tempDir(),
      '--quiet',
    ]);
    expect(nothing.status).toBe(4);
    expect(nothing.stderr).toMatch(/every one of the 1 message rows was quarantined/);

    const lake = tempDir();
    const release = acquireLock(lake); // this (running) test process holds it
    try {
      const held = cli(['ingest', '--input', fixture('base'), '--lake', lake, '--quiet']);
      expect(held.status).toBe(5);
      expect(held.stderr).toMatch(new RegExp(`another load is running \\(process ${process.pid}\\)`));
    } finally {
      release();
    }
  });

  it('a repeated flag is an error (it used to take the last value)', () => {
    const r = cli(['ingest', '--input', fixture('base'), '--lake', tempDir(), '--lake', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--lake is given more than once/);
  });

  it('sample --out FILE is a clear error, not EEXIST', () => {
    const file = join(tempDir(), 'f');
    writeFileSync(file, 'x');
    const r = cli(['sample', '--out', file, '--messages', '1000']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out .* is a file; give a folder/);
    noStack(r.stderr);
  });

  it('a lake that is not writable is a clear error, not EACCES', () => {
    const lake = join(tempDir(), 'lake');
    mkdirSync(lake);
    const root = process.getuid?.() === 0;
    const input = join(tempDir(), 'in');
    cpSync(fixture('base'), input, { recursive: true });
    chmodSync(lake, 0o555);
    const r = cli(['ingest', '--input', input, '--lake', lake, '--quiet'], root);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/the lake folder is not writable \(permission denied while creating its lock file/);
    noStack(r.stderr);
  });
});

describe('an interrupted load', () => {
  it('study refuses the lake (exit 6); ingest --recover rolls it back; study then reads it', async () => {
    const lake = tempDir();
    await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    // A real crash: a child load SIGKILLed after the first rename of its switch.
    const child = join(import.meta.dirname, 'children/load.ts');
    const update = exportDir({ 'messages.csv': messagesCsv('m2,t1,2017-08-02T15:30:00Z,clinician,c1,p1,d1') });
    const k = spawnSync(
      process.execPath,
      ['--import', 'tsx', child, 'kill', update, lake, 'switch:1', '20260101T000000000Z-0000aa', '2026-01-01T00:00:00Z'],
      {
        cwd: join(import.meta.dirname, '../..'),
        encoding: 'utf8',
      },
    );
    expect(k.signal, k.stderr).toBe('SIGKILL');

    const study = cli(['study', '--lake', lake, '--out', tempDir()]);
    expect(study.status).toBe(6);
    expect(study.stderr).toMatch(/a load was interrupted at 20\d\d-\d\d-\d\dT[\d:.]+Z .*; run ingest to finish or roll it back/);
    noStack(study.stderr);

    const recover = cli(['ingest', '--recover', '--lake', lake]);
    expect(recover.status, recover.stderr).toBe(0);
    expect(recover.stdout).toMatch(/interrupted load .* rolled back/);
    expect(cli(['ingest', '--recover', '--lake', lake]).stdout).toMatch(/no interrupted load; nothing to do/);
    const after = cli(['study', '--lake', lake, '--out', tempDir()]);
    expect(after.status, after.stderr).toBe(0);
  });
});
