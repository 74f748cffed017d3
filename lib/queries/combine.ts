// Several parts (part.ts) in ONE query that builds `base` once: the study's metrics all read the same
// messages joined to the same roster, and as separate queries each scanned and joined them again (at 1M
// messages about 0.25 s of CPU each on DuckDB). The combined query names base once; each part's steps are
// nested in a CTE of their own (`q_<key>`), and its rows come out tagged with `query` = its key, every
// column the part lacks a typed NULL. DuckDB builds base once (the MATERIALIZED fragment); Trino/Athena
// inline it per reference, which reads what the separate queries read, in one query instead of five.
import { type BaseOptions, baseParams, baseSelect } from './base.ts';
import type { Row } from '../engines/engine.ts';
import { type ColumnType, type Columns, columnList, type Params, type QueryDef } from './contract.ts';
import type { QueryPart } from './part.ts';
import { checkRows, type TypedRow } from './rows.ts';

type Parts = Record<string, QueryPart>;
/** The columns of a part. */
type PartColumns<P> = P extends QueryPart<infer C> ? C : never;

export interface CombinedQuery<P extends Parts> {
  def: QueryDef;
  parts: P;
}

/** The column that tells the parts' rows apart: the part's key. */
export const PART_KEY_COLUMN = 'query';

/**
 * One query for `parts` (keys: lower-case words, the values of the `query` column). Their base options must
 * agree on picks; base has the category columns if any part needs them (the others do not read them). A
 * parameter two parts use must have one type (and, when run, takes one value for both).
 */
export function combine<P extends Parts>(name: string, parts: P): CombinedQuery<P> {
  const entries = Object.entries(parts);
  if (!entries.length) throw new Error(`combined query ${name}: no parts`);
  for (const [key] of entries) {
    if (!/^[a-z_]+$/.test(key)) throw new Error(`combined query ${name}: part key '${key}' must be lower-case words`);
  }
  const picks = new Set(entries.map(([, p]) => p.base.picks ?? 0));
  if (picks.size > 1) throw new Error(`combined query ${name}: its parts pick different months`);
  const base: BaseOptions = {
    withCategory: entries.some(([, p]) => p.base.withCategory),
    withThreads: entries.some(([, p]) => p.base.withThreads),
    withLocalMs: entries.some(([, p]) => p.base.withLocalMs),
    picks: [...picks][0] || undefined,
  };
  const columns = unionColumns(name, entries);
  const params = unionParams(name, [baseParams(base.picks), ...entries.map(([, p]) => p.params)]);
  const list = (part: QueryPart) =>
    Object.entries(columns)
      .map(([col, type]) => (col === PART_KEY_COLUMN ? null : col in part.columns ? col : `CAST(NULL AS ${type}) AS ${col}`))
      .filter((c) => c !== null)
      .join(', ');
  return {
    parts,
    def: {
      name,
      params,
      columns,
      sql: (f) => `
WITH base AS ${f.materialized}(${baseSelect(f, base)}),
${entries.map(([key, p]) => `q_${key} AS (\nWITH ${p.steps(f).trim()}\n)`).join(',\n')}
${entries.map(([key, p]) => `SELECT '${key}' AS ${PART_KEY_COLUMN}, ${list(p)} FROM q_${key}`).join('\nUNION ALL\n')}`,
    },
  };
}

function unionColumns(name: string, entries: [string, QueryPart][]): Columns {
  const out: Record<string, ColumnType> = { [PART_KEY_COLUMN]: 'varchar' };
  for (const [key, p] of entries) {
    for (const [col, type] of Object.entries(p.columns)) {
      if (type === undefined) continue;
      if (col === PART_KEY_COLUMN) throw new Error(`combined query ${name}: part ${key} has a column named ${PART_KEY_COLUMN}`);
      if (out[col] !== undefined && out[col] !== type) {
        throw new Error(`combined query ${name}: column ${col} is ${out[col]} in one part and ${type} in ${key}`);
      }
      out[col] = type;
    }
  }
  return out;
}

function unionParams(name: string, all: Params[]): Params {
  const out: Record<string, Params[string]> = {};
  for (const params of all) {
    for (const [k, t] of Object.entries(params)) {
      if (out[k] !== undefined && out[k] !== t) throw new Error(`combined query ${name}: parameter :${k} is ${out[k]} and ${t}`);
      out[k] = t;
    }
  }
  return out;
}

/**
 * The combined query's rows split by part, each part's rows holding only its own columns and checked
 * against them (so they read as the part's query of its own would, and errors name that query). The rows
 * are checked against the combined columns first (a column missing or mistyped throws there).
 */
export function splitRows<P extends Parts>(combined: CombinedQuery<P>, rows: Row[]): { [K in keyof P]: TypedRow<PartColumns<P[K]>>[] } {
  checkRows(combined.def, rows);
  const out: Record<string, TypedRow<Columns>[]> = {};
  for (const [key, part] of Object.entries(combined.parts)) {
    const own = { name: part.name, params: part.params, columns: part.columns, sql: () => '' };
    const names = columnList(own).map(([c]) => c);
    const mine = rows.filter((r) => r[PART_KEY_COLUMN] === key).map((r) => Object.fromEntries(names.map((c) => [c, r[c]!])));
    out[key] = checkRows(own, mine);
  }
  return out as unknown as { [K in keyof P]: TypedRow<PartColumns<P[K]>>[] };
}
