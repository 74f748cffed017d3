// Every rendered Athena query runs on Trino over the golden lakes and a generated sample, and its rows equal
// DuckDB's on the same lake: every column exactly, approx_percentile within its documented error.
import { describe, expect, it } from 'vitest';
import { render } from '../../lib/queries/index.ts';
import { catalogue } from '../helpers/query-catalogue.ts';
import { boundEngine, expectSameRows, percentileColumns, bothEnginesOver } from './helpers.ts';
import { GOLDEN, SAMPLE } from './lakes.ts';

for (const lakeCase of [...GOLDEN, SAMPLE]) {
  describe(`queries on the ${lakeCase.name} lake: Trino = DuckDB`, () => {
    const on = bothEnginesOver(() => lakeCase.build());

    const periods =
      lakeCase === SAMPLE
        ? [
            { from: '2016-01', to: '2017-12', cutoff: '2018-01-07T23:59:59.000Z' },
            { from: '2016-03', to: '2016-03', cutoff: '2017-06-30T00:00:00.000Z' },
          ]
        : [{ from: '2015-01', to: '2017-12', cutoff: '2017-12-31T23:59:59.000Z' }];
    for (const period of periods) {
      for (const e of catalogue(period)) {
        it(`${e.def.name} (${period.from}..${period.to})`, async () => {
          const athena = render(e.def, 'athena', e.values);
          const local = render(e.def, 'duckdb', e.values);
          const [t, d, lo, hi] = await Promise.all([
            on.trino.query(athena),
            on.duck.query(local),
            boundEngine(on.duck, 'low').query(local),
            boundEngine(on.duck, 'high').query(local),
          ]);
          if (lakeCase === SAMPLE) expect(d.length, 'the sample gives every query rows').toBeGreaterThan(0);
          expectSameRows(e.def.name, t, d, lo, hi, percentileColumns(local.sql));
        });
      }
    }
  });
}
