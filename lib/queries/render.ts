// Rendering a query for an engine: a pure function of the query, the dialect and the values. Queries name
// their values `:like_this`; rendering replaces each by `?` and lists the values in the same order, so
// nothing a user supplies (period, department, cut-off, settings) is ever concatenated into SQL text.
import type { DialectName, RenderedQuery, SqlParam } from '../engines/engine.ts';
import type { ParamType, QueryDef } from './contract.ts';
import { FRAGMENTS } from './fragments.ts';

export type Values = Record<string, SqlParam>;
export type { QueryDef };

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
 * Renders `def` for `dialect`: every `:name` becomes `?` and its value joins `params` in order. Throws if the
 * SQL uses a parameter the query does not declare or the reverse (the declaration is the contract callers
 * read), if a declared value is missing or of the wrong type, or if a given one is unused (a typo would
 * otherwise bind the wrong value silently).
 */
export function render(def: QueryDef, dialect: DialectName, values: Values): RenderedQuery {
  const text = def.sql(FRAGMENTS[dialect]);
  const masked = stripLiteralsAndComments(text);
  const found = [...masked.matchAll(PLACEHOLDER)];
  checkDeclared(def, new Set(found.map((m) => m[1]!)));
  const params: SqlParam[] = [];
  let out = '';
  let last = 0;
  for (const m of found) {
    const name = m[1]!;
    if (!(name in values)) throw new Error(`query ${def.name}: no value for :${name} (a ${def.params[name]})`);
    params.push(checkValue(def.name, name, def.params[name]!, values[name]!));
    out += text.slice(last, m.index) + '?';
    last = m.index! + m[0].length;
  }
  out += text.slice(last);
  for (const k of Object.keys(values)) {
    if (!(k in def.params)) throw new Error(`query ${def.name}: value :${k} is given but the query does not use it`);
  }
  return { name: def.name, sql: out.trim(), params };
}

/** The SQL's parameters are exactly the declared ones. */
function checkDeclared(def: QueryDef, used: Set<string>): void {
  const undeclared = [...used].filter((n) => !(n in def.params));
  if (undeclared.length) {
    throw new Error(`query ${def.name}: its SQL uses ${undeclared.map((n) => `:${n}`).join(', ')}, not among its declared parameters`);
  }
  const unused = Object.keys(def.params).filter((n) => !used.has(n));
  if (unused.length) throw new Error(`query ${def.name}: declares ${unused.map((n) => `:${n}`).join(', ')}, which its SQL does not use`);
}

function checkValue(query: string, name: string, type: ParamType, v: SqlParam): SqlParam {
  const ok =
    type === 'varchar' ? typeof v === 'string' : typeof v === 'number' && Number.isFinite(v) && (type === 'double' || Number.isInteger(v));
  if (ok) return v;
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`query ${query}: :${name} is not a finite number`);
  throw new Error(`query ${query}: :${name} is declared ${type}, got ${JSON.stringify(v)}`);
}
