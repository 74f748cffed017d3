// lake.messages, lake.loads and lake.fingerprint, and portal_pulse_version: what lets a reader see that two
// result files were computed by the same code on the same data.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MonthlyResult, StudyResult } from '../../lib/results/types.ts';
import { msg, tinyExport } from '../helpers/exports.ts';
import { withLake } from '../helpers/analysis.ts';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// One cut-off for every run, so only the lake differs between them.
const CUTOFF = '2017-07-05T00:00:00.000Z';

async function run(loads: ReturnType<typeof tinyExport>[]): Promise<{ study: StudyResult; again: StudyResult; monthly: MonthlyResult }> {
  return withLake(loads, async (lake) => ({
    study: await lake.study({ from: '2017-06', to: '2017-06', cutoff: CUTOFF }),
    again: await lake.study({ from: '2017-06', to: '2017-06', cutoff: CUTOFF }),
    monthly: await lake.monthly({ month: '2017-06', cutoff: CUTOFF }),
  }));
}

describe('lake totals and the fingerprint of the loads', () => {
  it('are the same for every result of the same lake, and record the portal-pulse version', async () => {
    const { study, again, monthly } = await run([tinyExport()]);
    expect(study.lake).toMatchObject({ messages: 3, loads: 1 });
    expect(study.lake.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.lake).toEqual(study.lake);
    expect(monthly.lake).toEqual(study.lake);
    expect(study.portal_pulse_version).toBe(version);
    expect(monthly.portal_pulse_version).toBe(version);
  });

  it('change with every load, and count a system message and one after the cut-off', async () => {
    const one = await run([tinyExport()]);
    const second = tinyExport();
    // A system message and a message of July: neither in a June figure, both in the lake.
    second.messages = [msg('s1', 't1', '2017-06-05T10:00:00-05:00', 'system'), msg('m9', 't9', '2017-07-10T09:00:00-05:00', 'patient')];
    const two = await run([tinyExport(), second]);
    expect(two.study.lake).toMatchObject({ messages: 5, loads: 2 });
    expect(two.study.lake.fingerprint).not.toBe(one.study.lake.fingerprint);
    // The June figures are the same (the same cut-off): only the lake grew.
    expect(two.study.years).toEqual(one.study.years);
  });
});
