// Every DuckDB rendering runs, on a small lake and on an empty one, and returns the columns it declares.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine, type DuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { checkRows, columnList, render } from '../../lib/queries/index.ts';
import { buildLake, type TestLake } from '../helpers/lake.ts';
import { tinyExport } from '../helpers/exports.ts';
import { catalogue } from '../helpers/query-catalogue.ts';

describe('DuckDB renderings run', () => {
  let lake: TestLake;
  let engine: DuckDbEngine;
  let emptyRoot: string;
  let empty: DuckDbEngine;
  beforeAll(async () => {
    lake = await buildLake(tinyExport());
    engine = await openDuckDbEngine({ lakeDir: lake.lakeDir });
    emptyRoot = await mkdtemp(join(tmpdir(), 'pp-empty-'));
    await writeFile(
      join(emptyRoot, 'lake.json'),
      JSON.stringify({ format_version: 1, timezone: 'America/Chicago', updated_at: '2020-01-01T00:00:00Z' }),
    );
    empty = await openDuckDbEngine({ lakeDir: emptyRoot });
  });
  afterAll(async () => {
    await engine?.close();
    await empty?.close();
    await lake?.cleanup();
    await rm(emptyRoot, { recursive: true, force: true });
  });

  for (const e of catalogue({
    from: '2017-01',
    to: '2017-12',
    cutoff: '2017-07-01T00:00:00.000Z',
    picks: ['2017-06', '2017-05', '2016-06'],
  })) {
    it(e.def.name, async () => {
      const q = render(e.def, 'duckdb', e.values);
      const rows = await engine.query(q);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) for (const v of Object.values(r)) expect(typeof v).not.toBe('bigint');
      // The rows have exactly the declared columns, in the declared order, each value of its declared type.
      expect(() => checkRows(e.def, rows)).not.toThrow();
      expect(Object.keys(rows[0]!)).toEqual(columnList(e.def).map(([name]) => name));
      await expect(empty.query(q)).resolves.toBeInstanceOf(Array);
    });
  }
});
