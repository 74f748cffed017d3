// Running a query definition on an engine and grouping its typed rows.
import type { Engine } from '../engines/engine.ts';
import { checkRows, type Columns, type QueryDef, render, type TypedRow, type Values } from '../queries/index.ts';

/** Runs `def` and checks its rows against its declared columns (a missing or mistyped column throws here). */
export async function runQuery<C extends Columns>(engine: Engine, def: QueryDef<C>, values: Values): Promise<TypedRow<C>[]> {
  return checkRows(def, await engine.query(render(def as QueryDef, engine.dialect, values)));
}

/** Rows keyed by period and department ('' = the organisation row). */
export function keyOf(period: number, department: string | null): string {
  return `${period}|${department ?? ''}`;
}

/** What groupRows reads: the key columns every metric query has (shape.ts KEY_COLUMNS). */
interface Keyed {
  num(col: 'period'): number;
  str(col: 'department_id'): string | null;
}

export function groupRows<R extends Keyed>(rows: R[]): Map<string, R[]> {
  const m = new Map<string, R[]>();
  for (const r of rows) {
    const k = keyOf(r.num('period'), r.str('department_id'));
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
