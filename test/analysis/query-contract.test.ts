// A query's rows are held against its declared columns when they arrive (lib/queries/rows.ts): a renamed SQL
// column fails there, naming the query and the column, where reading it by name used to give zeros; and a
// missing parameter fails before anything runs. On a real DuckDB lake, through the analyses' runQuery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine, type DuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { runQuery } from '../../lib/analysis/rows.ts';
import { responseHeadline } from '../../lib/analysis/assemble.ts';
import { conversationsQuery, type QueryDef } from '../../lib/queries/index.ts';
import { buildLake, type TestLake } from '../helpers/lake.ts';
import { tinyExport } from '../helpers/exports.ts';
import { catalogue, type CatalogueEntry } from '../helpers/query-catalogue.ts';

const entries = catalogue({ from: '2017-01', to: '2017-12', cutoff: '2017-07-01T00:00:00.000Z', picks: ['2017-06', '2017-05', '2016-06'] });
const entry = (name: string): CatalogueEntry => {
  const e = entries.find((x) => x.def.name === name);
  if (!e) throw new Error(`no catalogue entry ${name}`);
  return e;
};
/** The same query with its SQL text changed as `edit` says, and nothing else. */
const withSql = <D extends QueryDef>(def: D, edit: (sql: string) => string): D => ({ ...def, sql: (f) => edit(def.sql(f)) });

describe('query contracts on DuckDB', () => {
  let lake: TestLake;
  let engine: DuckDbEngine;
  beforeAll(async () => {
    lake = await buildLake(tinyExport());
    engine = await openDuckDbEngine({ lakeDir: lake.lakeDir });
  });
  afterAll(async () => {
    await engine?.close();
    await lake?.cleanup();
  });

  // Typed as the analyses type it (the catalogue's entries are untyped), with the catalogue's values.
  const def = conversationsQuery({ grain: 'month', byDepartment: true }, { byReplyCategory: false, businessHours: false });
  const conversations = { def, values: entry(def.name).values };

  it('reads the declared columns by name', async () => {
    const rows = await runQuery(engine, conversations.def, conversations.values);
    const head = responseHeadline(rows.find((r) => r.str('part') === 'response'));
    expect(head.within_1d.N).toBeGreaterThan(0);
  });

  it('a renamed SQL column is an error naming the query and the column, not zeros', async () => {
    const renamed = withSql(conversations.def, (sql) => sql.replace(' AS within_1d', ' AS within_short'));
    await expect(runQuery(engine, renamed, conversations.values)).rejects.toThrow(
      /query conversations\.month\.departments: column within_1d is missing from its rows/,
    );
  });

  it('a column the query does not declare is an error', async () => {
    const volume = entry('volume.month.departments');
    const extra = withSql(volume.def, (sql) => sql.replace('count(*) AS n', 'count(*) AS n, count(*) AS n_again'));
    await expect(runQuery(engine, extra, volume.values)).rejects.toThrow(
      /query volume\.month\.departments: column n_again is in its rows but not among its declared columns/,
    );
  });

  it('a value of the wrong type is an error naming the column', async () => {
    const volume = entry('volume.month.departments');
    const text = withSql(volume.def, (sql) => sql.replace('count(*) AS n', "'x' || CAST(count(*) AS varchar) AS n"));
    await expect(runQuery(engine, text, volume.values)).rejects.toThrow(
      /query volume\.month\.departments: column n is declared bigint, got "x\d+"/,
    );
  });

  it('a column this variant leaves out cannot be read (no business hours, no b_within_1d)', async () => {
    const [row] = await runQuery(engine, conversations.def, conversations.values);
    expect(() => row!.num('b_within_1d')).toThrow(/query conversations\.month\.departments: has no column b_within_1d/);
  });

  it('a missing parameter is an error before the query runs', async () => {
    const { short_ms: _, ...values } = conversations.values;
    await expect(runQuery(engine, conversations.def, values)).rejects.toThrow(
      /query conversations\.month\.departments: no value for :short_ms/,
    );
  });
});
