// Trino's client protocol returns values as JSON, typed by each column's type: integers as JSON numbers,
// DOUBLE as numbers (or "NaN"/"Infinity" text), DECIMAL as text, timestamps and dates as text, arrays as
// JSON arrays. This turns them into the Engine port's values the way the other adapters do: numbers,
// ISO timestamps in UTC with "Z", dates "YYYY-MM-DD", arrays element by element.
import type { SqlValue } from '../engine.ts';
import { baseType, convertValue as convertAthenaText } from '../athena/convert.ts';

/** The element type of "array(timestamp(3))" → "timestamp(3)"; null if `type` is not an array. */
export function arrayElementType(type: string): string | null {
  const m = /^array\((.*)\)$/i.exec(type.trim());
  return m ? m[1]! : null;
}

const INTEGER = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);

export function convertValue(v: unknown, type: string, column: string): SqlValue {
  if (v === null || v === undefined) return null;
  const element = arrayElementType(type);
  if (element !== null) {
    if (!Array.isArray(v)) throw new Error(`column ${column}: expected an array of ${element}, got ${JSON.stringify(v)}`);
    return v.map((x) => convertValue(x, element, column));
  }
  const t = baseType(type);
  if (INTEGER.has(t)) {
    // JSON.parse has already turned the digits into a double: beyond 2^53 it may have rounded them.
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`column ${column}: '${String(v)}' is not an integer`);
    if (!Number.isSafeInteger(v)) throw new Error(`column ${column}: integer ${v} is beyond the exact range of a JavaScript number`);
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return convertAthenaText(v, type, column);
  // row and map values come as JSON objects: no SqlValue form, keep the JSON text (Athena gives text too).
  return JSON.stringify(v);
}
