// Vega-Lite compiles a chart's spec to Vega once per shape, not once per chart (issue 13: compile was 2.8 s of
// the 12 s that 42 departments' charts took). A month's department charts differ only in their data rows and
// their title lines; the rest (marks, encodings, scales, the months on the axis) is the same for every
// department, so the 126 charts of a 42-department month have about 7 shapes. The cache compiles a skeleton
// (no rows, each title string replaced by a placeholder) and fills each chart's rows and titles into a copy of
// the compiled skeleton. The result is the very Vega spec `compile(spec)` returns (test/charts checks this on
// every chart of a real month), so the SVG and PNG bytes are unchanged. The same goes one step further for
// vega.parse (about 1.2 s of the 12 s): the skeleton's parsed dataflow is kept, and each chart gets a copy
// with its rows as the dataset's input and its titles put back into the text encoders' code.
import { parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** What `compile(spec).spec` returns: a Vega spec (kept loose here; vega.parse takes it as is). */
export type VegaSpec = ReturnType<typeof compile>['spec'];

/** What `vega.parse` returns: the dataflow description a vega.View is built from. */
export type VegaRuntime = ReturnType<typeof parse>;

interface Skeleton {
  /** The compiled skeleton, or null when this shape cannot be filled safely (then every chart compiles). */
  compiled: VegaSpec | null;
  /** The parsed skeleton (made on first use), or null when it cannot be filled safely. */
  runtime?: VegaRuntime | null;
}

/** Enough for every shape a run draws (study and month); a cache that fills up starts again. */
const MAX_SHAPES = 64;
const cache = new Map<string, Skeleton>();

/** A placeholder no chart text contains: U+E000 is a private-use character. */
const token = (i: number): string => `\uE000pp-title-${i}\uE000`;

/** Compiles `spec` to Vega, reusing the compiled shape when an earlier chart had the same one. */
export function compileChart(spec: TopLevelSpec): VegaSpec {
  const parts = splitSpec(spec);
  const hit = parts && skeletonOf(parts);
  if (!parts || !hit?.compiled) return compile(spec).spec;
  const filled = fill(hit.compiled, parts.titles, parts.values) as VegaSpec & { data: Array<{ values?: unknown }> };
  // compileSkeleton checked that exactly one dataset holds the inline rows.
  for (const d of filled.data) if ('values' in d) d.values = parts.values;
  return filled;
}

/** `vega.parse(compile(spec).spec)`, reusing the parsed shape when an earlier chart had the same one. */
export function parseChart(spec: TopLevelSpec): VegaRuntime {
  const parts = splitSpec(spec);
  const hit = parts && skeletonOf(parts);
  if (!parts || !hit?.compiled) return parse(compile(spec).spec);
  if (hit.runtime === undefined) hit.runtime = checkedRuntime(hit.compiled, parts.titles.length);
  if (!hit.runtime) return parse(compileChart(spec));
  return fill(hit.runtime, parts.titles, parts.values) as VegaRuntime;
}

function skeletonOf(parts: Parts): Skeleton {
  let hit = cache.get(parts.key);
  if (!hit) {
    if (cache.size >= MAX_SHAPES) cache.clear();
    hit = { compiled: compileSkeleton(parts.skeleton, parts.titles.length) };
    cache.set(parts.key, hit);
  }
  return hit;
}

interface Parts {
  key: string;
  skeleton: TopLevelSpec;
  titles: string[];
  values: unknown[];
}

/** The spec without its rows and title strings (the skeleton and its key), or null for a spec of another form. */
function splitSpec(spec: TopLevelSpec): Parts | null {
  const s = spec as unknown as Record<string, unknown>;
  const data = s.data as { values?: unknown } | undefined;
  const title = s.title as { text?: unknown; subtitle?: unknown } | undefined;
  if (!data || Object.keys(data).length !== 1 || !Array.isArray(data.values)) return null;
  if (!title || typeof title !== 'object') return null;
  const titles: string[] = [];
  const tokenize = (v: unknown): unknown => {
    if (typeof v === 'string') return token(titles.push(v) - 1);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map(tokenize);
    throw new Error('not a title');
  };
  let skeletonTitle: Record<string, unknown>;
  try {
    skeletonTitle = Object.fromEntries(Object.entries(title).map(([k, v]) => [k, k === 'text' || k === 'subtitle' ? tokenize(v) : v]));
  } catch {
    return null;
  }
  const skeleton = { ...s, data: { values: [] }, title: skeletonTitle } as unknown as TopLevelSpec;
  return { key: JSON.stringify(skeleton), skeleton, titles, values: data.values };
}

/**
 * Compiles the skeleton and checks that it can be filled: each placeholder appears exactly once, as a whole
 * string (not inside an expression, where the text would need escaping), and exactly one dataset holds the
 * inline rows. Anything else returns null, and that shape is compiled chart by chart as before.
 */
function compileSkeleton(skeleton: TopLevelSpec, titleCount: number): VegaSpec | null {
  const compiled = compile(skeleton).spec;
  const seen = new Array<number>(titleCount).fill(0);
  let inline = 0;
  let stray = false;
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const i = tokenIndex(v);
      if (i !== null && i < titleCount) seen[i]!++;
      else if (v.includes('\uE000')) stray = true;
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(compiled);
  for (const d of (compiled as { data?: Array<{ values?: unknown }> }).data ?? []) if ('values' in d) inline++;
  return !stray && inline === 1 && seen.every((n) => n === 1) ? compiled : null;
}

/**
 * Parses the compiled skeleton and checks that it can be filled: a placeholder appears either as a whole
 * string or, inside generated code, as a quoted string literal (vega writes the title's text encoder as
 * code), and exactly one operator ingests the (empty) inline rows; other inline data (an axis's [0]) stays.
 */
function checkedRuntime(compiled: VegaSpec, titleCount: number): VegaRuntime | null {
  const runtime = parse(compiled);
  let ingests = 0;
  let stray = false;
  const walk = (v: unknown, key: string): void => {
    if (key === '$ingest' && Array.isArray(v) && v.length === 0) ingests++;
    if (typeof v === 'string') {
      const i = tokenIndex(v);
      if (i === null && v.replace(QUOTED_TOKEN, (t, n: string) => (Number(n) < titleCount ? '' : t)).includes('\uE000')) stray = true;
    } else if (Array.isArray(v)) for (const x of v) walk(x, '');
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(runtime, '');
  return !stray && ingests === 1 ? runtime : null;
}

function tokenIndex(v: string): number | null {
  const m = /^\uE000pp-title-(\d+)\uE000$/.exec(v);
  return m ? Number(m[1]) : null;
}

/** A placeholder as vega's code generator quotes it (vega-util's stringValue: JSON with U+2028/9 escaped). */
const QUOTED_TOKEN = /"\uE000pp-title-(\d+)\uE000"/g;
const stringValue = (s: string): string => JSON.stringify(s).replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');

/**
 * A deep copy of a compiled or parsed skeleton with this chart's title strings put back and its rows as the
 * parsed dataflow's input (`$ingest`); the copy is the chart's own, so vega may change it.
 */
function fill(v: unknown, titles: string[], values: unknown[]): unknown {
  if (typeof v === 'string') {
    if (!v.includes('\uE000')) return v;
    const i = tokenIndex(v);
    return i === null ? v.replace(QUOTED_TOKEN, (_, n: string) => stringValue(titles[Number(n)]!)) : titles[i];
  }
  if (Array.isArray(v)) return v.map((x) => fill(x, titles, values));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      out[k] = k === '$ingest' && Array.isArray(x) && x.length === 0 ? values : fill(x, titles, values);
    return out;
  }
  return v;
}

/** The shapes seen so far, how many are compiled chart by chart, and how many have their parse kept (for tests). */
export function compiledShapes(): { shapes: number; uncached: number; parsed: number } {
  let uncached = 0;
  let parsed = 0;
  for (const s of cache.values()) {
    if (!s.compiled) uncached++;
    if (s.runtime) parsed++;
  }
  return { shapes: cache.size, uncached, parsed };
}
