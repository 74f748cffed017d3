// Typed access to engine rows, and running a query definition on an engine.
import type { Engine, Row, SqlValue } from '../engines/engine.ts';
import { render, type QueryDef, type Values } from '../queries/index.ts';

export function runQuery(engine: Engine, def: QueryDef, values: Values): Promise<Row[]> {
  return engine.query(render(def, engine.dialect, values));
}

/** A count or sum: NULL (an empty SUM) is 0; numeric text (Athena returns text) is parsed. */
export function num(r: Row, col: string): number {
  const v = r[col];
  if (v === null || v === undefined) return 0;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new Error(`column ${col}: expected a number, got ${JSON.stringify(v)}`);
  return n;
}

/** A statistic that is undefined on no data (a median of nothing): NULL stays null. */
export function numOrNull(r: Row, col: string): number | null {
  const v = r[col];
  return v === null || v === undefined || v === '' ? null : num(r, col);
}

export function str(r: Row, col: string): string | null {
  const v: SqlValue | undefined = r[col];
  return v === null || v === undefined ? null : String(v);
}

/** Rows keyed by period and department ('' = the organisation row). */
export function keyOf(period: number, department: string | null): string {
  return `${period}|${department ?? ''}`;
}

export function groupRows(rows: Row[]): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = keyOf(num(r, 'period'), str(r, 'department_id'));
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Rounds a statistic to 6 decimals: enough for hours and per-sender means, stable across engines' last bits. */
export function round6(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1e6) / 1e6;
}
