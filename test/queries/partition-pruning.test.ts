// The scan windows are also written on year and month separately so engines read only the months they
// need (base.ts): check on a real lake that DuckDB reads only those folders and that no month at a year's
// edge is lost or added.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine, type DuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { monthIndex, monthOfIndex } from '../../lib/period/index.ts';
import { pickValues, render, scanValues, volumeQuery, type Values } from '../../lib/queries/index.ts';
import { buildLake, type TestLake } from '../helpers/lake.ts';
import { msg } from '../helpers/exports.ts';
import type { TestMessage } from '../helpers/lake.ts';

// One patient message in the middle of every month from 2016-11 to 2018-02 (16 month folders).
const FIRST = monthIndex('2016-11');
const LAST = monthIndex('2018-02');
const CUTOFF = '2018-03-31T00:00:00.000Z';

describe('partition pruning of the scan window', () => {
  let lake: TestLake;
  let engine: DuckDbEngine;
  beforeAll(async () => {
    const messages: TestMessage[] = [];
    for (let i = FIRST; i <= LAST; i++) messages.push(msg(`m${i}`, `t${i}`, `${monthOfIndex(i)}-15T12:00:00`, 'patient'));
    lake = await buildLake({
      departments: [{ department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care' }],
      clinicians: [],
      messages,
    });
    engine = await openDuckDbEngine({ lakeDir: lake.lakeDir });
  });
  afterAll(async () => {
    await engine?.close();
    await lake?.cleanup();
  });

  const byMonth = { grain: 'month', byDepartment: false } as const;

  async function run(from: number, to: number, picks: number[] = []): Promise<{ months: number[]; files: number }> {
    const shape = picks.length ? { ...byMonth, picks: picks.length } : byMonth;
    const values: Values = { ...scanValues(from, to, CUTOFF), from_idx: from, to_idx: to, ...pickValues(picks) };
    const q = render(volumeQuery(shape, { byCategory: false }), 'duckdb', values);
    const rows = await engine.query(q);
    const [plan] = await engine.query({ ...q, name: 'explain', sql: `EXPLAIN ANALYZE ${q.sql}` });
    // "Scanning Files: <read>/<listed>"; only the first number is stable (DuckDB may list lazily).
    const files = Number(/Scanning Files: *(\d+)\//.exec(String(Object.values(plan!)[1]))?.[1] ?? NaN);
    return { months: rows.map((r) => Number(r['period'])).sort((a, b) => a - b), files };
  }

  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

  it('a window from December to January of the year after next reads those 14 months only', async () => {
    const from = monthIndex('2016-12');
    const to = monthIndex('2018-01');
    const r = await run(from, to);
    expect(r.months).toEqual(range(from, to));
    expect(r.files).toBe(14); // not the 2016, 2017 and 2018 folders (16)
  });

  it('a window inside one year reads its months only', async () => {
    const r = await run(monthIndex('2017-03'), monthIndex('2017-05'));
    expect(r.months).toEqual(range(monthIndex('2017-03'), monthIndex('2017-05')));
    expect(r.files).toBe(3); // not all of 2017 (12)
  });

  it('picked months read only their folders, across years', async () => {
    const picks = ['2017-12', '2017-11', '2016-12'].map(monthIndex);
    const r = await run(monthIndex('2016-12'), monthIndex('2017-12'), picks);
    expect(r.months).toEqual([...picks].sort((a, b) => a - b));
    expect(r.files).toBe(3); // not all of 2016 and 2017 (14)
  });
});
