// Every rendered Athena query parses with Trino's grammar (dt-sql-parser) and avoids the constructs that
// silently mean something else on DuckDB (docs/metrics-implementation.md).
import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { athenaProblems, render } from '../../lib/queries/index.ts';
import { catalogue } from '../helpers/query-catalogue.ts';

const trino = new TrinoSQL();

describe('Athena renderings', () => {
  const entries = catalogue();
  it('covers every query variant the analyses run', () => {
    expect(entries.length).toBeGreaterThan(15);
  });

  for (const e of entries) {
    it(`${e.def.name}: valid Trino SQL, nothing on the deny-list`, () => {
      const r = render(e.def, 'athena', e.values);
      expect(trino.validate(r.sql)).toEqual([]);
      expect(athenaProblems(r.sql)).toEqual([]);
      expect(r.sql.split('?').length - 1).toBe(r.params.length);
    });
  }
});

describe('the checks themselves can fail', () => {
  it('the grammar rejects DuckDB-only syntax and broken SQL', () => {
    expect(trino.validate('SELECT x::int FROM t').length).toBeGreaterThan(0);
    expect(trino.validate('SELECT x FROM t QUALIFY row_number() OVER () = 1').length).toBeGreaterThan(0);
    expect(trino.validate('SELECT FROM WHERE').length).toBeGreaterThan(0);
  });

  it.each([
    ["SELECT date_diff('hour', a, b) FROM t", /date_diff/],
    ["SELECT date_trunc('month', d) FROM t", /date_trunc/],
    ["SELECT a AT TIME ZONE 'America/Chicago' FROM t", /AT TIME ZONE/i],
    ['SELECT extract(dow FROM a) FROM t', /day of week/],
    ['SELECT day_of_week(a) FROM t', /day of week/],
    ['SELECT first_value(x IGNORE NULLS) OVER (ORDER BY y) FROM t', /IGNORE NULLS/],
    ['SELECT quantile_cont(x, 0.5) FROM t', /percentile/],
    ['SELECT epoch_ms(a) FROM t', /DuckDB-only function/],
    ['SELECT a + INTERVAL 1 HOUR FROM t', /date arithmetic/],
    ['SELECT count(*) / 2 FROM t', /division/],
    ['SELECT a / 2.5 FROM t', /division/],
    ["SELECT * FROM t WHERE month = '2017-06'", /values must be bound parameters/],
    ['SELECT current_timestamp FROM t', /session clock/],
    ['SELECT approx_percentile(n, 0.5) FROM t', /no error bound/],
    ['SELECT approx_percentile(CAST(d AS double) / 3600000, 0.9) FROM t', /no error bound/],
  ])('the deny-list flags %s', (sql, why) => {
    const problems = athenaProblems(sql);
    expect(problems.join('\n')).toMatch(why);
  });

  it('allows the forms the queries use', () => {
    expect(athenaProblems("SELECT CAST(x AS double) / 3600000, 'patient', '' FROM t -- 1/2 in a comment")).toEqual([]);
    expect(athenaProblems('SELECT approx_percentile(CAST(d AS double) / 3600000, 1, 0.5, 0.01) FROM t')).toEqual([]);
    expect(athenaProblems('SELECT first_value(x) IGNORE NULLS OVER (ORDER BY y) FROM t')).toEqual([]);
  });
});
