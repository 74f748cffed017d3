// The catalogue the dialect tests check must hold every query the analyses really run: run a study and a
// monthly report (business hours on and off) through a recording engine and compare the names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine, type DuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import type { Engine, RenderedQuery } from '../../lib/engines/engine.ts';
import { runMonthly, runStudy } from '../../lib/analysis/index.ts';
import { buildLake, type TestLake } from '../helpers/lake.ts';
import { msg } from '../helpers/exports.ts';
import { catalogue } from '../helpers/query-catalogue.ts';
import { settingsWith } from '../helpers/analysis.ts';

describe('query catalogue', () => {
  let lake: TestLake;
  let duck: DuckDbEngine;
  const seen = new Set<string>();
  beforeAll(async () => {
    lake = await buildLake({
      departments: [{ department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care' }],
      clinicians: [{ clinician_id: 'C1', role: 'physician', department_id: 'D1' }],
      messages: [
        msg('a', 't1', '2016-06-05T14:00:00Z', 'patient'),
        msg('b', 't1', '2016-06-05T15:00:00Z', 'clinician'),
        msg('c', 't2', '2017-05-05T14:00:00Z', 'patient'),
        msg('d', 't3', '2017-06-05T14:00:00Z', 'patient'),
      ],
    });
    duck = await openDuckDbEngine({ lakeDir: lake.lakeDir });
  });
  afterAll(async () => {
    await duck?.close();
    await lake?.cleanup();
  });

  it('lists every query runStudy and runMonthly run', async () => {
    const recorder: Engine = {
      dialect: 'duckdb',
      percentiles: 'exact',
      query: (q: RenderedQuery) => {
        seen.add(q.name);
        return duck.query(q);
      },
      close: async () => undefined,
    };
    for (const business of [false, true]) {
      const settings = settingsWith({ business_hours: { study: business, monthly: business } });
      await runStudy({ engine: recorder, settings, from: '2016-01', to: '2017-12' });
      await runMonthly({ engine: recorder, settings, month: '2017-06' });
      // An old month: its replies are followed only as far as its threads go (follow.horizon).
      await runMonthly({ engine: recorder, settings, month: '2016-06' });
    }
    const listed = new Set(catalogue().map((e) => e.def.name));
    expect([...seen].filter((n) => !listed.has(n))).toEqual([]);
    expect(seen.size).toBeGreaterThan(15);
  });
});
