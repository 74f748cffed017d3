// ajv's errors turned into the lines a user reads: the key's path as it is written in the file
// (`windows.working.start`, `business_hours.holidays[2]`), the reason from the schema's `errorMessage`, and
// the value found, e.g. `reply.within_short_hours: must be a positive number, got -1`.
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { JsonSchema } from './json-schema.ts';

export interface ProblemWording {
  /** How an unknown key is named: "unknown setting", "unknown key". */
  unknownKey: string;
}

type Segment = string | number;

/** `windows.working.start`, `business_hours.holidays[2]`. */
export function pathText(path: readonly Segment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function pointerSegments(pointer: string): Segment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, path: readonly Segment[]): unknown {
  let v = data;
  for (const s of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

const shown = (v: unknown) => JSON.stringify(v) ?? 'nothing';

/**
 * The schema node an error's keyword sits in, and the nearest node on the way down that has an errorMessage
 * with the number of path segments leading to it: a list's own message speaks for items that have none.
 */
function nodesOf(root: JsonSchema, schemaPath: string): { node: JsonSchema; worded?: { node: JsonSchema; depth: number } } {
  const segs = schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1); // the last one is the keyword
  let node = root;
  let depth = 0;
  let worded = root.errorMessage ? { node: root, depth } : undefined;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    let next: JsonSchema | boolean | undefined;
    if (s === 'properties' || s === 'prefixItems') {
      const key = segs[++i]!;
      next = s === 'properties' ? node.properties?.[key] : node.prefixItems?.[Number(key)];
    } else if (s === 'items' || s === 'additionalProperties') next = node[s];
    else break; // a keyword that holds no data of its own (none is used here)
    if (typeof next !== 'object') break;
    node = next;
    depth++;
    if (node.errorMessage) worded = { node, depth };
  }
  return { node, worded };
}

/** One line per key at fault (the first reason found for it), in the order ajv found them. */
export function problemsFromErrors(errors: readonly ErrorObject[], root: JsonSchema, data: unknown, wording: ProblemWording): string[] {
  const byPath = new Map<string, string>();
  const add = (path: readonly Segment[], line: string) => {
    const key = pathText(path);
    if (!byPath.has(key)) byPath.set(key, `${key || '(the whole file)'}: ${line}`);
  };
  for (const e of errors) {
    const at = pointerSegments(e.instancePath);
    const { node, worded } = nodesOf(root, e.schemaPath);
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(node.properties ?? {}).filter((k) => !k.startsWith('$'));
      add([...at, key], `${wording.unknownKey}${known.length ? ` (known: ${known.join(', ')})` : ''}`);
    } else if (e.keyword === 'required') {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      const reason = node.properties?.[key]?.errorMessage;
      add([...at, key], `required${reason ? `; ${reason}` : ''}`);
    } else if (worded) {
      const path = at.slice(0, worded.depth);
      add(path, `${worded.node.errorMessage}, got ${shown(valueAt(data, path))}`);
    } else {
      add(at, `${e.message ?? e.keyword}, got ${shown(valueAt(data, at))}`);
    }
  }
  return [...byPath.values()];
}
