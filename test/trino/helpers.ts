// Shared by the Trino suites: a Trino engine over a test lake (tables created by the catalog's DDL), DuckDB
// engines whose exact percentiles become the bounds Trino's approx_percentile must fall within, and the
// comparisons of rows and of result files.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { openDuckDbEngine, type DuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import type { Engine, RenderedQuery, Row, SqlValue } from '../../lib/engines/engine.ts';
import { openTrinoEngine, tableStatements, type TrinoEngine } from '../../lib/engines/trino/index.ts';
import { PERCENTILE_ACCURACY } from '../../lib/queries/fragments.ts';
import type { TestLake } from '../helpers/lake.ts';

export function trinoUri(): string {
  return inject('trinoUri');
}

/** A fresh schema on the suite's server with the lake's tables, and an engine on it. */
export async function trinoOverLake(lakeDir: string, prefix = 't'): Promise<TrinoEngine> {
  const base = openTrinoEngine(trinoUri());
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const { catalog } = base.target;
  for (const sql of tableStatements({ catalog, schema, lakeDir, projectionYears: [2010, 2030] })) {
    await base.query({ name: 'ddl', sql, params: [] });
  }
  await base.close();
  const uri = trinoUri().replace(/\/[^/]+$/, `/${schema}`);
  return openTrinoEngine(uri);
}

/** The engines of one describe block: its lake, read by DuckDB and by Trino; set in beforeAll, closed in afterAll. */
export interface BothEngines {
  lake: TestLake;
  duck: DuckDbEngine;
  trino: TrinoEngine;
}

/** Builds the lake and opens both engines over it for the enclosing describe block (call it in the block's body). */
export function bothEnginesOver(build: () => Promise<TestLake>): BothEngines {
  const on = {} as BothEngines;
  beforeAll(async () => {
    on.lake = await build();
    on.duck = await openDuckDbEngine({ lakeDir: on.lake.lakeDir });
    on.trino = await trinoOverLake(on.lake.lakeDir);
  });
  afterAll(async () => {
    await on.trino?.close();
    await on.duck?.close();
    await on.lake?.cleanup();
  });
  return on;
}

/**
 * The error allowed to approx_percentile: the maximum rank error its accuracy argument sets (the
 * percentile fragment passes PERCENTILE_ACCURACY), widened by one element either way (an exact continuous
 * percentile interpolates between two elements, the approximation may return the neighbour).
 */
export const RANK_ERROR = PERCENTILE_ACCURACY;

/** Splits `quantile_cont(EXPR, P)` at its top-level comma; returns [start, end, expr, p] of each call. */
function quantileCalls(sql: string): [number, number, string, number][] {
  const out: [number, number, string, number][] = [];
  const re = /quantile_cont\(/g;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    let depth = 1;
    let comma = -1;
    let i = m.index + m[0].length;
    for (; i < sql.length && depth > 0; i++) {
      if (sql[i] === '(') depth++;
      else if (sql[i] === ')') depth--;
      else if (sql[i] === ',' && depth === 1) comma = i;
    }
    const expr = sql.slice(m.index + m[0].length, comma);
    out.push([m.index, i, expr, Number(sql.slice(comma + 1, i - 1))]);
  }
  return out;
}

/** The DuckDB SQL with each exact percentile replaced by the lowest or highest value within the error. */
export function boundSql(sql: string, side: 'low' | 'high'): string {
  let out = '';
  let last = 0;
  for (const [start, end, expr, p] of quantileCalls(sql)) {
    const x = `CAST((${expr}) AS DOUBLE)`;
    const sorted = `list_sort(list(${x}) FILTER (WHERE ${x} IS NOT NULL))`;
    const n = `count(${x})`;
    // 1-based ranks: floor((p - e) n) and ceil((p + e) n) + 1, within 1..n.
    const bound =
      side === 'low'
        ? `list_extract(${sorted}, greatest(1, CAST(floor(${p - RANK_ERROR} * ${n}) AS BIGINT)))`
        : `list_extract(${sorted}, least(${n}, CAST(ceil(${p + RANK_ERROR} * ${n}) AS BIGINT) + 1))`;
    out += sql.slice(last, start) + bound;
    last = end;
  }
  return out + sql.slice(last);
}

/** The result columns that are percentiles: `quantile_cont(...) AS name` in the DuckDB rendering. */
export function percentileColumns(duckSql: string): Set<string> {
  return new Set(percentileNames(duckSql));
}

/**
 * The name of each `quantile_cont(...) AS name` call, one per call that has one: in a combined query two
 * parts may name theirs alike (patients' and clinicians' `median`), which percentileColumns counts once.
 */
export function percentileNames(duckSql: string): string[] {
  const names: string[] = [];
  for (const [, end] of quantileCalls(duckSql)) {
    const m = /^\s+AS\s+(\w+)/i.exec(duckSql.slice(end));
    if (m) names.push(m[1]!);
  }
  return names;
}

/** A DuckDB engine whose percentiles are the low or high bound (every other column is unchanged). */
export function boundEngine(duck: Engine, side: 'low' | 'high'): Engine {
  return {
    dialect: duck.dialect,
    percentiles: duck.percentiles,
    query: (q: RenderedQuery) => duck.query({ ...q, name: `${q.name}.${side}`, sql: boundSql(q.sql, side) }),
    close: async () => {},
  };
}

/** Engines differ in the last bits of sums of doubles: numbers are compared to 9 significant digits. */
function norm(v: SqlValue): SqlValue {
  if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) return Number(v.toPrecision(9));
  if (Array.isArray(v)) return v.map(norm);
  return v;
}

function keyOf(r: Row, skip: Set<string>): string {
  return JSON.stringify(
    Object.keys(r)
      .sort()
      .filter((k) => !skip.has(k))
      .map((k) => [k, norm(r[k]!)]),
  );
}

const within = (v: number, a: number, b: number) => v >= Math.min(a, b) - 1e-9 && v <= Math.max(a, b) + 1e-9;

/**
 * Trino's rows equal DuckDB's: every column but the percentiles exactly (as a multiset of rows), and each
 * percentile within [low, high] of the row with the same other columns (null where DuckDB's is null).
 */
export function expectSameRows(name: string, trino: Row[], duck: Row[], low: Row[], high: Row[], pcols: Set<string>): void {
  expect(trino.length, `${name}: row count`).toBe(duck.length);
  // Rows come in no fixed order: the bound runs are matched to the exact one by their other columns.
  const bounds = new Map<string, Record<string, [number, number]>>();
  for (const [rows, side] of [
    [low, 0],
    [high, 1],
  ] as const) {
    for (const r of rows) {
      const b = bounds.get(keyOf(r, pcols)) ?? {};
      for (const c of pcols) {
        if (r[c] === null) continue;
        const v = Number(r[c]);
        const cur = b[c] ?? [Infinity, -Infinity];
        b[c] = side === 0 ? [Math.min(cur[0], v), cur[1]] : [cur[0], Math.max(cur[1], v)];
      }
      bounds.set(keyOf(r, pcols), b);
    }
  }
  const pool = new Map<string, { exact: Row; low: Row; high: Row }[]>();
  for (const r of duck) {
    const k = keyOf(r, pcols);
    const b = bounds.get(k);
    expect(b, `${name}: bound runs lack the row ${k}`).toBeDefined();
    const low: Row = {};
    const high: Row = {};
    for (const c of pcols) {
      low[c] = b![c]?.[0] ?? null;
      high[c] = b![c]?.[1] ?? null;
    }
    const list = pool.get(k) ?? [];
    list.push({ exact: r, low, high });
    pool.set(k, list);
  }
  for (const t of trino) {
    const k = keyOf(t, pcols);
    const candidates = pool.get(k);
    if (!candidates?.length) expect.fail(`${name}: Trino row without a DuckDB twin: ${k}`);
    const fits = (c: { exact: Row; low: Row; high: Row }) =>
      [...pcols].every((col) => {
        const v = t[col];
        if (v === null || c.exact[col] === null) return v === c.exact[col];
        return typeof v === 'number' && within(v, Number(c.low[col]), Number(c.high[col]));
      });
    const i = candidates!.findIndex(fits);
    if (i < 0) {
      const c = candidates![0]!;
      const detail = [...pcols]
        .map((col) => `${col}: trino ${t[col]}, duckdb ${c.exact[col]} in [${c.low[col]}, ${c.high[col]}]`)
        .join('; ');
      expect.fail(`${name}: percentile outside its error bound for ${k}: ${detail}`);
    }
    candidates!.splice(i, 1);
  }
}

type Json = unknown;

/**
 * Two result files agree field by field: every leaf equal (numbers to 9 significant digits), except a
 * number that lies within [low, high] of the bound runs (only percentiles differ between those). The
 * engine's name and the generation time are left out.
 */
export function expectSameResult(trino: Json, duck: Json, low: Json, high: Json, path = '$'): void {
  if (path === '$.generated_at' || path === '$.engine') return;
  if (typeof duck === 'number' && typeof trino === 'number') {
    if (norm(trino) === norm(duck)) return;
    if (typeof low === 'number' && typeof high === 'number' && low !== high && within(trino, low, high)) return;
    expect.fail(`${path}: trino ${trino}, duckdb ${duck} (bounds ${JSON.stringify(low)}..${JSON.stringify(high)})`);
  }
  if (duck !== null && typeof duck === 'object' && trino !== null && typeof trino === 'object') {
    const d = duck as Record<string, Json>;
    const t = trino as Record<string, Json>;
    expect(Object.keys(t).sort(), `${path}: keys`).toEqual(Object.keys(d).sort());
    for (const k of Object.keys(d)) {
      const sub = Array.isArray(d) ? `${path}[${k}]` : `${path}.${k}`;
      expectSameResult(t[k], d[k], (low as Record<string, Json> | null)?.[k], (high as Record<string, Json> | null)?.[k], sub);
    }
    return;
  }
  if (trino !== duck) {
    // A percentile that is null on one side only is still a difference, unless the bounds say it may be.
    expect.fail(`${path}: trino ${JSON.stringify(trino)}, duckdb ${JSON.stringify(duck)}`);
  }
}
