// `portal-pulse send` refuses a month that monthly.json marks preliminary unless --preliminary is given,
// before any mail transport is set up (no SMTP server needed to be refused).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSend } from '../../lib/cli/commands/send.ts';
import type { MonthlyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

const FIXTURE = new URL('../fixtures/results/monthly.json', import.meta.url);

describe('send and a preliminary month', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pp-prelim-send-'));
    const m = JSON.parse(await readFile(FIXTURE, 'utf8')) as MonthlyResult;
    // The same month computed 19 h after June's end: not complete.
    const prelim: MonthlyResult = {
      ...m,
      data_cutoff: '2017-07-02T00:00:00.000Z',
      preliminary: true,
      complete_at: '2017-07-04T04:59:59.999Z',
    };
    await writeFile(join(dir, 'monthly.json'), JSON.stringify(prelim));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('is refused with the cut-off, the time the month completes and what to do', async () => {
    const e = await runSend({ outDir: dir, lakeDir: join(dir, 'no-lake'), settings: DEFAULT_SETTINGS, print: () => {} }).catch(
      (x: unknown) => x as Error,
    );
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).name).toBe('UsageError');
    expect((e as Error).message).toBe(
      `${join(dir, 'monthly.json')} holds 2017-06 as preliminary: it was computed with the data cut-off 2017-07-02T00:00:00.000Z, ` +
        `and the month is complete once the data reaches 2017-07-04T04:59:59.999Z. Load newer data and rerun ` +
        `'portal-pulse monthly --month 2017-06 --out ${dir}', or pass --preliminary to send it marked "Preliminary".`,
    );
  });

  it('goes past the check with --preliminary (here to the missing SMTP settings)', async () => {
    const e = await runSend({
      outDir: dir,
      lakeDir: join(dir, 'no-lake'),
      settings: DEFAULT_SETTINGS,
      preliminary: true,
      print: () => {},
    }).catch((x: unknown) => x as Error);
    expect((e as Error).message).not.toMatch(/preliminary/);
  });
});
