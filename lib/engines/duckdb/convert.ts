// Turns DuckDB's JS values into the plain values the Engine port promises: BIGINT/HUGEINT/DECIMAL become
// number, TIMESTAMP an ISO string (UTC, the session time zone), DATE "YYYY-MM-DD", lists arrays.
import { DuckDBTypeId, type DuckDBType, type JS } from '@duckdb/node-api';
import type { SqlValue } from '../engine.ts';

function bigintToNumber(v: bigint, column: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    // Counts never come near 2^53; if one does, silently rounding it would corrupt a result.
    throw new Error(`column ${column}: integer ${v} is beyond the exact range of a JavaScript number`);
  }
  return Number(v);
}

/** Converts one value of column `column` whose DuckDB type is `type`. */
export function toSqlValue(v: JS, type: DuckDBType, column: string): SqlValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return bigintToNumber(v, column);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    return type.typeId === DuckDBTypeId.DATE ? v.toISOString().slice(0, 10) : v.toISOString();
  }
  if (Array.isArray(v)) {
    const child = type.typeId === DuckDBTypeId.LIST || type.typeId === DuckDBTypeId.ARRAY ? type.valueType : type;
    return v.map((x) => toSqlValue(x, child, column));
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  // Structs, maps and intervals never come out of the analysis queries: say so rather than guess.
  throw new Error(`column ${column}: unsupported DuckDB value of type ${type.toString()}`);
}
