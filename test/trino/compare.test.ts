// The comparisons of this suite can fail: a count off by one, a percentile outside its error bound, a
// missing field. And the reason the percentile fragment passes an accuracy: without one, Trino's
// t-digest strays beyond a 1% rank error on the sample's reply delays.
import { describe, expect, it } from 'vitest';
import { athenaProblems, render } from '../../lib/queries/index.ts';
import { catalogue } from '../helpers/query-catalogue.ts';
import { boundEngine, boundSql, expectSameResult, expectSameRows, percentileColumns, percentileNames, bothEnginesOver } from './helpers.ts';
import { SAMPLE } from './lakes.ts';

describe('the comparisons fail where they should', () => {
  const pcols = new Set(['median']);
  const duck = [
    { k: 'a', n: 3, median: 2.5 },
    { k: 'b', n: 1, median: null },
  ];
  const low = [
    { k: 'b', n: 1, median: null },
    { k: 'a', n: 3, median: 2 },
  ];
  const high = [
    { k: 'a', n: 3, median: 3 },
    { k: 'b', n: 1, median: null },
  ];

  it('accepts equal rows in another order, percentiles within the bounds', () => {
    expectSameRows(
      'q',
      [
        { k: 'b', n: 1, median: null },
        { k: 'a', n: 3, median: 3 },
      ],
      duck,
      low,
      high,
      pcols,
    );
  });
  it('rejects a count off by one, a missing row and a percentile outside its bounds', () => {
    expect(() => expectSameRows('q', [{ k: 'a', n: 4, median: 2.5 }, duck[1]!], duck, low, high, pcols)).toThrow(/without a DuckDB twin/);
    expect(() => expectSameRows('q', [duck[0]!], duck, low, high, pcols)).toThrow(/row count/);
    expect(() => expectSameRows('q', [{ k: 'a', n: 3, median: 3.5 }, duck[1]!], duck, low, high, pcols)).toThrow(/outside its error bound/);
    expect(() =>
      expectSameRows(
        'q',
        [
          { k: 'a', n: 3, median: 2.5 },
          { k: 'b', n: 1, median: 1 },
        ],
        duck,
        low,
        high,
        pcols,
      ),
    ).toThrow(/outside its error bound/);
  });
  it('rejects results that differ in a count, a key or a percentile beyond its bounds', () => {
    const d = { generated_at: 'x', n: 5, r: { median: 2.5, keys: [1, 2] } };
    const lo = { generated_at: 'x', n: 5, r: { median: 2, keys: [1, 2] } };
    const hi = { generated_at: 'x', n: 5, r: { median: 3, keys: [1, 2] } };
    expectSameResult({ generated_at: 'y', n: 5, r: { median: 2.9, keys: [1, 2] } }, d, lo, hi);
    expect(() => expectSameResult({ generated_at: 'y', n: 6, r: d.r }, d, lo, hi)).toThrow(/\$\.n: trino 6, duckdb 5/);
    expect(() => expectSameResult({ generated_at: 'y', n: 5, r: { median: 3.1, keys: [1, 2] } }, d, lo, hi)).toThrow(/\$\.r\.median/);
    expect(() => expectSameResult({ generated_at: 'y', n: 5, r: { keys: [1, 2] } }, d, lo, hi)).toThrow(/keys/);
    expect(() => expectSameResult({ generated_at: 'y', n: 5, r: { median: 2.5, keys: [1, 3] } }, d, lo, hi)).toThrow(/\$\.r\.keys\[1\]/);
  });
  it('finds every percentile of every query, and rewrites each into a bound', () => {
    for (const e of catalogue()) {
      const sql = render(e.def, 'duckdb', e.values).sql;
      const n = (sql.match(/quantile_cont\(/g) ?? []).length;
      expect(percentileNames(sql).length, e.def.name).toBe(n);
      expect(boundSql(sql, 'low')).not.toMatch(/quantile_cont/);
    }
  });
});

describe("approx_percentile without an accuracy (Trino's t-digest) misses the 1% bound", () => {
  const on = bothEnginesOver(() => SAMPLE.build());

  it('on the reply delays by replying category, while the fragment (accuracy 0.01) stays within it', async () => {
    const e = catalogue({ from: '2016-01', to: '2017-12', cutoff: '2018-01-07T23:59:59.000Z' }).find(
      (c) => c.def.name.startsWith('conversations.all.reply_categories') && !c.def.name.includes('business_hours'),
    )!;
    const athena = render(e.def, 'athena', e.values);
    const tdigest = { ...athena, sql: athena.sql.replace(/approx_percentile\((.+?), 1, (0\.\d+), 0\.01\)/g, 'approx_percentile($1, $2)') };
    expect(tdigest.sql).not.toBe(athena.sql);
    expect(athenaProblems(tdigest.sql).join('\n')).toMatch(/no error bound/);
    const local = render(e.def, 'duckdb', e.values);
    const [d, lo, hi, withAccuracy, without] = await Promise.all([
      on.duck.query(local),
      boundEngine(on.duck, 'low').query(local),
      boundEngine(on.duck, 'high').query(local),
      on.trino.query(athena),
      on.trino.query(tdigest),
    ]);
    const pcols = percentileColumns(local.sql);
    expectSameRows(e.def.name, withAccuracy, d, lo, hi, pcols);
    expect(() => expectSameRows(e.def.name, without, d, lo, hi, pcols)).toThrow(/outside its error bound/);
  });
});
