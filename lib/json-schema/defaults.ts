// What a schema says about data beyond valid or not: the value when nothing is given, and the order of keys.
import type { JsonSchema } from './json-schema.ts';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The value `schema` describes when nothing is given: its `default`, with the defaults of an object's
 * properties filled in where the default leaves them out (an object whose default is `{}` takes all its
 * properties' defaults). The same values ajv fills in with `useDefaults`, computed without compiling anything.
 */
export function defaultsOf(schema: JsonSchema, given: unknown = schema.default): unknown {
  if (!isPlainObject(given) || !schema.properties) return given === undefined ? undefined : structuredClone(given);
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(schema.properties)) {
    const v = key in given ? defaultsOf(sub, given[key]) : defaultsOf(sub);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * `value` with every object's keys in the order its schema lists them, and without the file's own `$` keys
 * (`$schema`, `$comment`). Results record the settings as JSON, so the order must not depend on how a file
 * happened to be written, nor on which values ajv filled in.
 */
export function inSchemaOrder(schema: JsonSchema | boolean | undefined, value: unknown): unknown {
  if (typeof schema !== 'object') return value;
  if (Array.isArray(value)) {
    return value.map((v, i) => inSchemaOrder(schema.prefixItems?.[i] ?? schema.items, v));
  }
  if (!isPlainObject(value) || !schema.properties) return value;
  const out: Record<string, unknown> = {};
  const known = Object.keys(schema.properties);
  for (const key of [...known, ...Object.keys(value).filter((k) => !known.includes(k))]) {
    if (key.startsWith('$') || !(key in value)) continue;
    out[key] = inSchemaOrder(schema.properties[key] ?? schema.additionalProperties, value[key]);
  }
  return out;
}
