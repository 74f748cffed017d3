// Rendering a query for an engine: a pure function of the query, the dialect and the values. Queries name
// their values `:like_this`; rendering replaces each by `?` and lists the values in the same order, so
// nothing a user supplies (period, department, cut-off, settings) is ever concatenated into SQL text.
import type { DialectName, RenderedQuery, SqlParam } from '../engines/engine.ts';
import { FRAGMENTS, type Fragments } from './fragments.ts';

export type Values = Record<string, SqlParam>;

/** A query written once: `sql` builds the Athena-dialect text, calling fragments where engines differ. */
export interface QueryDef {
  /** Stable name for logs and errors, e.g. "response.month.departments". */
  name: string;
  sql(f: Fragments): string;
}

const PLACEHOLDER = /(?<![\w:]):([a-z][a-z0-9_]*)\b/g;

/** Named values in the text, in order of appearance (a name may appear several times). */
export function placeholders(sqlText: string): string[] {
  return [...stripLiteralsAndComments(sqlText).matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Blanks out string literals and comments (same length) so placeholders inside them are not seen. */
function stripLiteralsAndComments(s: string): string {
  return s.replace(/'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length));
}

/**
 * Renders `def` for `dialect`: every `:name` becomes `?` and its value joins `params` in order. Throws if a
 * named value is missing or a given one is unused (a typo would otherwise bind the wrong value silently).
 */
export function render(def: QueryDef, dialect: DialectName, values: Values): RenderedQuery {
  const text = def.sql(FRAGMENTS[dialect]);
  const masked = stripLiteralsAndComments(text);
  const params: SqlParam[] = [];
  const used = new Set<string>();
  let out = '';
  let last = 0;
  for (const m of masked.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    if (!(name in values)) throw new Error(`query ${def.name}: no value for :${name}`);
    const v = values[name]!;
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`query ${def.name}: :${name} is not a finite number`);
    params.push(v);
    used.add(name);
    out += text.slice(last, m.index) + '?';
    last = m.index! + m[0].length;
  }
  out += text.slice(last);
  for (const k of Object.keys(values)) {
    if (!used.has(k)) throw new Error(`query ${def.name}: value :${k} is given but the query does not use it`);
  }
  return { name: def.name, sql: out.trim(), params };
}
