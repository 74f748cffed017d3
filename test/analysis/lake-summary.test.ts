// lakeSummary: the cut-off, the months with data and the lake's message count from one query
// (meta.lake_summary), which every run reads first and hands on instead of asking the lake three times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine, type DuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import type { Engine, RenderedQuery } from '../../lib/engines/engine.ts';
import { dataCutoff, lakeSummary, monthsWithData, runMonthly, runStudy } from '../../lib/analysis/index.ts';
import { monthIndex } from '../../lib/period/index.ts';
import { buildLake, type TestLake } from '../helpers/lake.ts';
import { msg } from '../helpers/exports.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

describe('lakeSummary', () => {
  let lake: TestLake;
  let duck: DuckDbEngine;
  beforeAll(async () => {
    lake = await buildLake({
      departments: [{ department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care' }],
      clinicians: [{ clinician_id: 'C1', role: 'physician', department_id: 'D1' }],
      messages: [
        msg('a1', 'a', '2017-05-05T14:00:00Z', 'patient'),
        msg('a2', 'a', '2017-05-05T16:00:00Z', 'clinician'),
        // 22:00 on 30 June in Chicago: June's partition, though July in UTC.
        msg('b1', 'b', '2017-07-01T03:00:00Z', 'proxy'),
        // A month of system messages only: in the lake's count and the cut-off, not a month with data.
        msg('s1', 's', '2017-08-10T12:00:00Z', 'system'),
        // The latest message of all is a system message: the cut-off is the latest of any sender.
        msg('s2', 'b', '2017-07-01T03:30:00.250Z', 'system'),
        msg('s3', 's', '2017-08-11T09:15:30.125Z', 'system'),
      ],
    });
    duck = await openDuckDbEngine({ lakeDir: lake.lakeDir });
  });
  afterAll(async () => {
    await duck?.close();
    await lake?.cleanup();
  });

  it('gives the latest sent_at of any sender, the non-system messages per local month, and every message', async () => {
    const s = await lakeSummary(duck);
    expect(s.cutoff).toBe('2017-08-11T09:15:30.125Z');
    expect([...s.coverage]).toEqual([
      [monthIndex('2017-05'), 2],
      [monthIndex('2017-06'), 1],
    ]);
    expect(s.messages).toBe(6);
    // The single-purpose readers say the same: they are the summary's parts.
    expect(await dataCutoff(duck)).toBe(s.cutoff);
    expect(await monthsWithData(duck)).toEqual(s.coverage);
  });

  it('is read once by a study or a month given it, and once by one that is not', async () => {
    const names: string[] = [];
    const recorder: Engine = {
      dialect: 'duckdb',
      percentiles: 'exact',
      query: (q: RenderedQuery) => {
        names.push(q.name);
        return duck.query(q);
      },
      close: async () => undefined,
    };
    const summaries = () => names.filter((n) => n === 'meta.lake_summary').length;
    const given = await lakeSummary(recorder);
    const study = await runStudy({ engine: recorder, settings: DEFAULT_SETTINGS, from: '2017-05', to: '2017-06', lake: given });
    const month = await runMonthly({ engine: recorder, settings: DEFAULT_SETTINGS, month: '2017-06', lake: given });
    expect(summaries()).toBe(1);
    expect(study.data_cutoff).toBe(given.cutoff);
    expect(month.data_cutoff).toBe(given.cutoff);
    expect(study.lake.messages).toBe(6);
    expect(month.lake).toEqual(study.lake);
    // Without one, each run reads it itself, once, and gets the same result.
    const alone = await runStudy({ engine: recorder, settings: DEFAULT_SETTINGS, from: '2017-05', to: '2017-06' });
    expect(summaries()).toBe(2);
    expect({ ...alone, generated_at: '' }).toEqual({ ...study, generated_at: '' });
  });
});

describe('lakeSummary of a lake without messages', () => {
  let lake: TestLake;
  let duck: DuckDbEngine;
  beforeAll(async () => {
    lake = await buildLake({
      departments: [{ department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care' }],
      clinicians: [{ clinician_id: 'C1', role: 'physician', department_id: 'D1' }],
      messages: [],
    });
    duck = await openDuckDbEngine({ lakeDir: lake.lakeDir });
  });
  afterAll(async () => {
    await duck?.close();
    await lake?.cleanup();
  });

  it('has no cut-off, no months and no messages', async () => {
    expect(await lakeSummary(duck)).toEqual({ cutoff: null, coverage: new Map(), messages: 0 });
  });
});
