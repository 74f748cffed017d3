// `portal-pulse study` and `portal-pulse monthly`: files written and valid, clear errors, teaching --help.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpText } from '../../lib/cli/command.ts';
import { command as study } from '../../lib/cli/commands/study.ts';
import { command as monthly } from '../../lib/cli/commands/monthly.ts';
import { buildLake, type TestLake } from '../helpers/lake.ts';
import { msg } from '../helpers/exports.ts';
import { expectValid } from '../helpers/analysis.ts';
import { UserError } from '../../lib/errors/index.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../bin/portal-pulse.js');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: join(import.meta.dirname, '../..') });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('study and monthly commands', () => {
  let lake: TestLake;
  beforeAll(async () => {
    lake = await buildLake({
      departments: [{ department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care' }],
      clinicians: [{ clinician_id: 'C1', role: 'physician', department_id: 'D1' }],
      messages: [
        msg('a1', 'a', '2017-05-05T14:00:00Z', 'patient'),
        msg('a2', 'a', '2017-05-05T16:00:00Z', 'clinician'),
        msg('b1', 'b', '2017-06-05T14:00:00Z', 'patient'),
        msg('b2', 'b', '2017-06-06T16:00:00Z', 'clinician'),
        msg('c1', 'c', '2017-07-02T14:00:00Z', 'patient'),
      ],
    });
  });
  afterAll(async () => lake?.cleanup());

  it('study writes a valid study.json over the given range and prints the headline as x% (n/N)', async () => {
    const out = join(lake.root, 'out-study');
    const logs: string[] = [];
    const orig = console.log;
    console.log = (...a: unknown[]) => void logs.push(a.join(' '));
    try {
      expect(await study.run({ lake: lake.lakeDir, from: '2017-05', to: '2017-06', out }, [])).toBe(0);
    } finally {
      console.log = orig;
    }
    const json = JSON.parse(await readFile(join(out, 'study.json'), 'utf8'));
    expectValid(json);
    expect(json).toMatchObject({ from: '2017-05', to: '2017-06', response: { within_1d: { n: 1, N: 2 } } });
    expect(logs.join('\n')).toMatch(/replied within 1 day: 50\.0% \(1\/2\)/);
    // May and June: a and b answered (2 h, 26 h), none unanswered; c (July) is outside the range.
    expect(logs.join('\n')).toMatch(
      /of all patient messages \(unanswered 0 in N, pending 0 in neither\): within 1 day 50\.0% \(1\/2\); reply rate 100\.0% \(2\/2\)/,
    );
    expect(logs.join('\n')).toContain(join(out, 'study.json'));
  });

  it('study without --from/--to runs from the first month with data to the latest complete month', async () => {
    const out = join(lake.root, 'out-all');
    const orig = console.log;
    console.log = () => undefined;
    try {
      await study.run({ lake: lake.lakeDir, out }, []);
    } finally {
      console.log = orig;
    }
    const json = JSON.parse(await readFile(join(out, 'study.json'), 'utf8'));
    // The latest message is July 2 (14:00 UTC): July has not ended, and June is complete only 72 h after its
    // end (July 4 05:00 UTC), so May is the latest complete month.
    expect([json.from, json.to]).toEqual(['2017-05', '2017-05']);
  });

  it('monthly writes a valid monthly.json; without --month it takes the latest complete month', async () => {
    const out = join(lake.root, 'out-monthly');
    const orig = console.log;
    console.log = () => undefined;
    try {
      // June ends 2017-07-01 05:00 UTC (midnight CDT): complete from 2017-07-04 04:59:59.999 UTC on.
      expect(await monthly.run({ lake: lake.lakeDir, month: '2017-06', out, cutoff: '2017-07-04T04:59:59.999Z' }, [])).toBe(0);
      const json = JSON.parse(await readFile(join(out, 'monthly.json'), 'utf8'));
      expectValid(json);
      expect(json).toMatchObject({
        month: '2017-06',
        data_cutoff: '2017-07-04T04:59:59.999Z',
        preliminary: false,
        previous_month: { month: '2017-05' },
      });
      expect(json.lake).toMatchObject({ messages: 5, loads: 1 });
      // The latest message is July 2: July has not ended and June is not complete, May is the latest complete month.
      await monthly.run({ lake: lake.lakeDir, out: join(out, 'latest') }, []);
      expect(JSON.parse(await readFile(join(out, 'latest', 'monthly.json'), 'utf8'))).toMatchObject({
        month: '2017-05',
        preliminary: false,
      });
    } finally {
      console.log = orig;
    }
  });

  it('monthly refuses a month that is not complete, naming the cut-off and when it will be; --preliminary reports it as such', async () => {
    const out = join(lake.root, 'out-preliminary');
    const refused = await monthly
      .run({ lake: lake.lakeDir, month: '2017-06', out, cutoff: '2017-07-04T04:59:59.998Z' }, [])
      .catch((e: unknown) => e as Error);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toBe(
      '2017-06 is not complete yet: the data cut-off is 2017-07-04T04:59:59.998Z, ' +
        "less than 72 h after the month's end (2017-07-01T05:00:00.000Z), " +
        'so some of its patient messages are still pending. It will be complete once the data reaches 2017-07-04T04:59:59.999Z. ' +
        'Load newer data, or pass --preliminary to report it marked "Preliminary".',
    );
    // Without --cutoff: the data ends on July 2, so July has not even finished.
    const july = await monthly.run({ lake: lake.lakeDir, month: '2017-07', out }, []).catch((e: unknown) => e as Error);
    expect((july as Error).message).toMatch(
      new RegExp(
        /^2017-07 has not finished in the data: the data cut-off is 2017-07-02T14:00:00.000Z, /.source +
          /before the month ends \(2017-08-01T05:00:00.000Z\)\. It will be complete once the data reaches 2017-08-04T04:59:59.999Z\./
            .source,
      ),
    );
    const r = await cli(['monthly', '--lake', lake.lakeDir, '--month', '2017-06', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^portal-pulse: 2017-06 is not complete yet/);
    expect(r.stderr).not.toMatch(/\n\s+at /);

    const orig = console.log;
    const logs: string[] = [];
    console.log = (...a: unknown[]) => void logs.push(a.join(' '));
    try {
      expect(await monthly.run({ lake: lake.lakeDir, month: '2017-06', out, preliminary: true }, [])).toBe(0);
    } finally {
      console.log = orig;
    }
    const json = JSON.parse(await readFile(join(out, 'monthly.json'), 'utf8'));
    expectValid(json);
    expect(json).toMatchObject({
      month: '2017-06',
      preliminary: true,
      complete_at: '2017-07-04T04:59:59.999Z',
      data_cutoff: '2017-07-02T14:00:00.000Z',
    });
    expect(logs.join('\n')).toMatch(/monthly 2017-06 PRELIMINARY \(complete once the data reaches 2017-07-04T04:59:59.999Z\)/);
  });

  it('explains a missing lake in one line on stderr, exit code 2, no stack', async () => {
    const r = await cli([
      'study',
      '--lake',
      join(lake.root, 'nope'),
      '--from',
      '2017-01',
      '--to',
      '2017-02',
      '--out',
      join(lake.root, 'never'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^portal-pulse: no lake at .*nope/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('explains a bad month, from after to, half a range and a month with no data', async () => {
    const out = join(lake.root, 'never');
    const cases: [() => Promise<number>, RegExp][] = [
      [() => monthly.run({ lake: lake.lakeDir, month: '2017-6', out }, []), /--month '2017-6' is not a month: use YYYY-MM/],
      [() => study.run({ lake: lake.lakeDir, from: '2017-06', to: '2017-05', out }, []), /--from 2017-06 is after --to 2017-05/],
      [() => study.run({ lake: lake.lakeDir, from: '2017-06', out }, []), /give both --from and --to, or neither/],
      [
        () => monthly.run({ lake: lake.lakeDir, month: '2016-01', out }, []),
        /no messages in 2016-01: the lake holds messages from 2017-05 to 2017-07/,
      ],
    ];
    for (const [fn, why] of cases) {
      const e = await fn().then(
        () => null,
        (x: unknown) => x as Error,
      );
      expect(e?.message).toMatch(why);
      // A UserError (a UsageError is one): the dispatcher prints the message alone.
      expect(e).toBeInstanceOf(UserError);
    }
  });

  it('--help teaches: what it does, every option, examples', () => {
    for (const c of [study, monthly]) {
      const h = helpText(c);
      expect(h).toMatch(/Examples:/);
      for (const flag of ['--lake', '--out', '--cutoff', '--settings']) expect(h).toContain(flag);
      expect(h).not.toContain('../shared');
    }
    expect(helpText(study)).toMatch(/--from YYYY-MM/);
    expect(helpText(monthly)).toMatch(/--month YYYY-MM/);
  });
});
