// The DuckDB adapter: views over a lake, typed values, UTC session, clear errors for a bad lake.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine, type DuckDbEngine } from '../../../lib/engines/duckdb/index.ts';
import { buildLake, type TestLake } from '../../helpers/lake.ts';
import { tinyExport } from '../../helpers/exports.ts';

describe('openDuckDbEngine', () => {
  let lake: TestLake;
  let engine: DuckDbEngine;
  beforeAll(async () => {
    lake = await buildLake(tinyExport());
    engine = await openDuckDbEngine({ lakeDir: lake.lakeDir, timezone: 'America/Chicago' });
  });
  afterAll(async () => {
    await engine?.close();
    await lake?.cleanup();
  });

  it('returns BIGINT, HUGEINT and DECIMAL as numbers, timestamps as ISO strings, dates as YYYY-MM-DD, lists as arrays', async () => {
    const [row] = await engine.query({
      name: 'types',
      sql: `SELECT CAST(42 AS BIGINT) AS b, CAST(7 AS HUGEINT) AS h, CAST(1.25 AS DECIMAL(10,2)) AS d, count(*) AS c,
        TIMESTAMP '2017-06-05 14:00:00.123' AS ts, DATE '2017-06-05' AS dt, [1, 2, 3] AS l, NULL AS z, 'x' AS s, true AS t`,
      params: [],
    });
    expect(row).toEqual({
      b: 42,
      h: 7,
      d: 1.25,
      c: 1,
      ts: '2017-06-05T14:00:00.123Z',
      dt: '2017-06-05',
      l: [1, 2, 3],
      z: null,
      s: 'x',
      t: true,
    });
    expect(typeof row!.c).toBe('number');
  });

  it('pins the session time zone to UTC whatever the machine says', async () => {
    const [row] = await engine.query({
      name: 'tz',
      sql: `SELECT current_setting('TimeZone') AS tz, CAST(TIMESTAMPTZ '2017-06-05 09:00:00-05' AS VARCHAR) AS t`,
      params: [],
    });
    expect(row).toEqual({ tz: 'UTC', t: '2017-06-05 14:00:00+00' });
  });

  it('binds ? parameters in order, whole numbers as integers', async () => {
    const [row] = await engine.query({ name: 'params', sql: 'SELECT ? AS a, ? AS b, ? AS c, typeof(?) AS t', params: [3, 'x', 1.5, 7] });
    expect(row).toEqual({ a: 3, b: 'x', c: 1.5, t: 'BIGINT' });
  });

  it('exposes messages (with integer partition columns), clinicians, departments and loads', async () => {
    const rows = await engine.query({
      name: 'views',
      sql: `SELECT (SELECT count(*) FROM messages) AS m, (SELECT count(*) FROM clinicians) AS c,
        (SELECT count(*) FROM departments) AS d, (SELECT count(*) FROM loads) AS l,
        (SELECT typeof(min(year)) FROM messages) AS yt, (SELECT min(month) FROM messages) AS mm`,
      params: [],
    });
    expect(rows[0]).toEqual({ m: 3, c: 1, d: 1, l: 1, yt: 'INTEGER', mm: 6 });
  });

  it('names the query in an error', async () => {
    await expect(engine.query({ name: 'broken.one', sql: 'SELECT nope FROM messages', params: [] })).rejects.toThrow(
      /query broken\.one failed on DuckDB/,
    );
  });
});

describe('openDuckDbEngine on a bad lake', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pp-badlake-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('refuses a folder that does not exist, saying how to make one', async () => {
    await expect(openDuckDbEngine({ lakeDir: join(root, 'nope') })).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/no lake at .*nope.*portal-pulse ingest/),
    });
  });

  it('refuses a folder that is not a lake', async () => {
    await mkdir(join(root, 'empty'));
    await expect(openDuckDbEngine({ lakeDir: join(root, 'empty') })).rejects.toThrow(/is not a portal-pulse lake/);
  });

  it('refuses a lake computed in another time zone', async () => {
    const dir = join(root, 'ny');
    await mkdir(dir);
    await writeFile(
      join(dir, 'lake.json'),
      JSON.stringify({ format_version: 1, timezone: 'America/New_York', updated_at: '2020-01-01T00:00:00Z' }),
    );
    await expect(openDuckDbEngine({ lakeDir: dir, timezone: 'America/Chicago' })).rejects.toThrow(
      /America\/New_York but the settings say America\/Chicago/,
    );
  });

  it('opens a lake with no data yet as empty views', async () => {
    const dir = join(root, 'fresh');
    await mkdir(dir);
    await writeFile(
      join(dir, 'lake.json'),
      JSON.stringify({ format_version: 1, timezone: 'America/Chicago', updated_at: '2020-01-01T00:00:00Z' }),
    );
    const e = await openDuckDbEngine({ lakeDir: dir });
    try {
      const [row] = await e.query({ name: 'empty', sql: 'SELECT count(*) AS n, max(sent_at) AS latest FROM messages', params: [] });
      expect(row).toEqual({ n: 0, latest: null });
    } finally {
      await e.close();
    }
  });
});
