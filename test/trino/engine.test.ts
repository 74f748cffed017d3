// The Trino adapter against a real server: parameters bound (never pasted), values converted by column
// type, results paged, a deadline per query, and Trino's own message when a query fails.
import { afterAll, describe, expect, it } from 'vitest';
import { openTrinoEngine, statementText, TrinoQueryError, TrinoUnreachableError, type TrinoEngine } from '../../lib/engines/trino/index.ts';
import { trinoUri } from './helpers.ts';
import { UserError } from '../../lib/errors/index.ts';

describe('the Trino engine', () => {
  const engine: TrinoEngine = openTrinoEngine(trinoUri());
  afterAll(() => engine.close());

  it('binds values as parameters of EXECUTE IMMEDIATE, quotes and all', async () => {
    const q = {
      name: 'params',
      sql: 'SELECT ? AS s, ? AS i, ? AS d, ? AS b, ? AS nothing, CAST(? AS timestamp) AS t',
      params: ["O'Brien; DROP TABLE x --", 2016, 0.25, true, null, '2017-06-30 12:00:00.000'],
    };
    expect(statementText(q)).toMatch(
      /^EXECUTE IMMEDIATE 'SELECT \? AS s.*' USING 'O''Brien; DROP TABLE x --', 2016, 2\.5E-1, TRUE, NULL, '2017-06-30 12:00:00\.000'$/,
    );
    expect(await engine.query(q)).toEqual([
      { s: "O'Brien; DROP TABLE x --", i: 2016, d: 0.25, b: true, nothing: null, t: '2017-06-30T12:00:00.000Z' },
    ]);
  });

  it('refuses a parameter count that does not match the placeholders, naming the query', async () => {
    await expect(engine.query({ name: 'short', sql: 'SELECT ? + ?', params: [1] })).rejects.toThrow(
      /query "short": the SQL has 2 '\?' placeholder\(s\) but 1 parameter/,
    );
  });

  it('converts by column type: integers, decimals, doubles, dates, timestamps in UTC, arrays, nulls', async () => {
    const [r] = await engine.query({
      name: 'types',
      sql: `SELECT CAST(7 AS bigint) AS n, CAST(12.50 AS decimal(10,2)) AS dec, nan() AS nan, infinity() AS inf, DATE '2017-06-30' AS d,
        TIMESTAMP '2017-06-30 23:59:59.123' AS ts, TIMESTAMP '2017-06-30 18:00:00.000 America/Chicago' AS tz,
        ARRAY[1, 2, NULL] AS arr, ARRAY[TIMESTAMP '2017-01-01 00:00:00.000'] AS tsarr, CAST(NULL AS varchar) AS none,
        current_timezone() AS zone`,
      params: [],
    });
    expect(r).toEqual({
      n: 7,
      dec: 12.5,
      nan: Number.NaN,
      inf: Infinity,
      d: '2017-06-30',
      ts: '2017-06-30T23:59:59.123Z',
      tz: '2017-06-30T23:00:00.000Z',
      arr: [1, 2, null],
      tsarr: ['2017-01-01T00:00:00.000Z'],
      none: null,
      zone: 'UTC',
    });
  });

  it('refuses an integer beyond the exact range of a JavaScript number rather than rounding it', async () => {
    await expect(engine.query({ name: 'big', sql: 'SELECT CAST(9007199254740993 AS bigint) AS n', params: [] })).rejects.toThrow(
      /column n of "big": integer .* beyond the exact range/,
    );
  });

  it('follows nextUri across many pages', async () => {
    const rows = await engine.query({
      name: 'pages',
      sql: 'SELECT a * 1000 + b AS x, CAST(b AS varchar) AS s FROM UNNEST(sequence(1, ?)) t(a) CROSS JOIN UNNEST(sequence(1, 200)) u(b)',
      params: [300],
    });
    expect(rows.length).toBe(60_000);
    expect(new Set(rows.map((r) => r.x)).size).toBe(60_000);
  });

  it("reports Trino's message, error name and query id when a query fails", async () => {
    const err = await engine.query({ name: 'bad', sql: 'SELECT no_such_column FROM (VALUES 1) t(x)', params: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrinoQueryError);
    expect((err as Error).message).toMatch(
      /^Trino query "bad" \(\d{8}_\d+_\d+_\w+\) failed: COLUMN_NOT_FOUND: line 1:8: Column 'no_such_column' cannot be resolved/,
    );
  });

  it('says how to create missing tables, as a user error', async () => {
    const other = openTrinoEngine(trinoUri().replace(/\/[^/]+$/, '/no_such_schema'));
    const err = await other.query({ name: 'meta.cutoff', sql: 'SELECT max(sent_at) FROM messages', params: [] }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/SCHEMA_NOT_FOUND|TABLE_NOT_FOUND/);
    expect((err as Error).message).toMatch(/portal-pulse catalog --engine URI --lake DIR/);
    expect(err).toBeInstanceOf(UserError);
  });

  it('gives up at the deadline and cancels the query on the server', async () => {
    const slow = openTrinoEngine(trinoUri(), { timeoutMs: 1_500 });
    const sql =
      'SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, ' +
      '100)) c(z) WHERE (x * y + z) % 7 = 3';
    const err = await slow.query({ name: 'slow', sql, params: [] }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/Trino query "slow".*TIMEOUT: no result within 1500 ms/);
    const id = (err as TrinoQueryError).queryId;
    expect(id).toBeTruthy();
    // The server forgets nothing at once: ask it for the abandoned query's state until it is no longer running.
    let state = 'RUNNING';
    for (let i = 0; i < 40 && ['QUEUED', 'PLANNING', 'STARTING', 'RUNNING', 'FINISHING'].includes(state); i++) {
      await new Promise((r) => setTimeout(r, 250));
      const [row] = await engine.query({
        name: 'state',
        sql: 'SELECT state FROM system.runtime.queries WHERE query_id = ?',
        params: [id!],
      });
      state = String(row?.state);
    }
    expect(state).toBe('FAILED'); // a cancelled query ends FAILED with USER_CANCELED
  });

  it('says the server is not reachable, as a user error', async () => {
    const none = openTrinoEngine('trino://127.0.0.1:1/hive/x');
    const err = await none.query({ name: 'ping', sql: 'SELECT 1', params: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrinoUnreachableError);
    expect((err as Error).message).toMatch(/cannot reach Trino at http:\/\/127\.0\.0\.1:1 .*npm run trino:start/);
  });

  it('counts the bytes each query read from the lake files', () => {
    expect(engine.stats.length).toBeGreaterThan(3);
    for (const s of engine.stats) expect(s.physicalInputBytes).toBeGreaterThanOrEqual(0);
  });
});
