// Athena returns every value as a string (VarCharValue, absent for NULL). This turns them into the
// Engine port's values by the column's type, the same way the DuckDB adapter does: integers and
// decimals to number, timestamps to ISO strings (UTC, "Z"), dates "YYYY-MM-DD", arrays to arrays.
import type { SqlValue } from '../engine.ts';

const INTEGER = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const FLOAT = new Set(['double', 'real', 'float', 'decimal']);

/** The base type name: "decimal(10,2)" → "decimal", "timestamp(3) with time zone" → "timestamp with time zone". */
export function baseType(type: string): string {
  return type
    .toLowerCase()
    .replace(/\(\s*\d+(\s*,\s*\d+)?\s*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function convertValue(raw: string | undefined, type: string, column: string): SqlValue {
  if (raw === undefined) return null;
  const t = baseType(type);
  if (INTEGER.has(t)) return toInteger(raw, column);
  if (FLOAT.has(t)) return toNumber(raw, column);
  if (t === 'boolean') {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw new Error(`column ${column}: '${raw}' is not a boolean`);
  }
  if (t === 'date') return raw;
  if (t === 'timestamp') return toIsoTimestamp(raw, column, false);
  if (t === 'timestamp with time zone') return toIsoTimestamp(raw, column, true);
  if (t === 'array') return parseArray(raw);
  if (t === 'json') return fromJson(raw, column);
  // varchar, char, time, uuid, map, row and anything newer: the text Athena gave.
  return raw;
}

function toInteger(raw: string, column: string): number {
  if (!/^-?\d+$/.test(raw)) throw new Error(`column ${column}: '${raw}' is not an integer`);
  const v = BigInt(raw);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    // Rounding a count silently would corrupt a result; the DuckDB adapter refuses the same way.
    throw new Error(`column ${column}: integer ${raw} is beyond the exact range of a JavaScript number`);
  }
  return Number(v);
}

function toNumber(raw: string, column: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || Number.isNaN(v)) {
    if (raw === 'NaN') return Number.NaN;
    throw new Error(`column ${column}: '${raw}' is not a number`);
  }
  return v;
}

/**
 * Athena prints timestamps as "2024-05-01 13:45:00.000" (naive: read as UTC, as the lake stores
 * instants) or with a zone, "2024-05-01 13:45:00.000 UTC" / "... America/Chicago".
 */
function toIsoTimestamp(raw: string, column: string, withZone: boolean): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(?: (.+))?$/.exec(raw);
  if (!m) throw new Error(`column ${column}: '${raw}' is not a timestamp`);
  const [, date, time, frac = '', zone] = m;
  const ms = (frac + '000').slice(1, 4).padEnd(3, '0');
  const naive = `${date}T${time}.${ms}`;
  if (!withZone || !zone || zone === 'UTC' || zone === 'Z') return `${naive}Z`;
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (offset) return new Date(`${naive}${offset[1]}${offset[2]}:${offset[3]}`).toISOString();
  return zonedToUtcIso(naive, zone, column);
}

/** Converts a wall-clock time in an IANA zone to the UTC instant (two passes settle DST edges). */
function zonedToUtcIso(naive: string, zone: string, column: string): string {
  const asUtc = Date.parse(`${naive}Z`);
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw new Error(`column ${column}: unknown time zone '${zone}'`);
  }
  const offsetAt = (t: number): number => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    const wall = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
    return wall - Math.floor(t / 1000) * 1000;
  };
  let t = asUtc - offsetAt(asUtc);
  t = asUtc - offsetAt(t);
  return new Date(t).toISOString();
}

/**
 * Athena prints arrays as "[1, 2, 3]" without quoting strings, so only numbers, booleans and nulls are
 * recognised inside; anything else stays text. Queries that need string arrays should cast to JSON.
 */
function parseArray(raw: string): SqlValue[] | string {
  const s = raw.trim();
  if (!s.startsWith('[') || !s.endsWith(']')) return raw;
  const inner = s.slice(1, -1).trim();
  if (inner === '') return [];
  if (inner.includes('[')) return raw; // nested arrays: ambiguous in this format
  return inner.split(', ').map((x): SqlValue => {
    if (x === 'null') return null;
    if (x === 'true' || x === 'false') return x === 'true';
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(x)) return Number(x);
    return x;
  });
}

function fromJson(raw: string, column: string): SqlValue {
  try {
    return jsonToSqlValue(JSON.parse(raw) as unknown);
  } catch (e) {
    throw new Error(`column ${column}: invalid JSON value (${(e as Error).message})`);
  }
}

function jsonToSqlValue(v: unknown): SqlValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(jsonToSqlValue);
  return JSON.stringify(v); // objects have no SqlValue form: keep the JSON text
}
