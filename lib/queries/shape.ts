// The structure of a metric query (not its values): the period grain and whether departments get rows of
// their own beside the organisation. Structure changes the SQL text; values are always bound parameters.
import { numberedParams, type Params } from './contract.ts';

/** year: one row per calendar year; month: per month (month_idx = year*12 + month-1); all: the whole range. */
export type Grain = 'year' | 'month' | 'all';

export interface Shape {
  grain: Grain;
  /** Adds department rows (department_id set) beside the organisation rows (department_id NULL). */
  byDepartment: boolean;
  /**
   * Only some months of the period count: the values :pick_1 .. :pick_<n> (month indexes), with
   * :pick_<n>_year and :pick_<n>_month for the scan (values.ts pickValues). A monthly report needs its
   * month, the month before and the same month a year before, not the 10 between.
   */
  picks?: number;
}

export function shapeName(s: Shape): string {
  return `${s.grain}${s.byDepartment ? '.departments' : ''}${s.picks ? `.picks${s.picks}` : ''}`;
}

/** The condition a row's month must meet to count in the period (table alias optional). */
export function periodFilter(s: Shape, alias = ''): string {
  const col = `${alias ? `${alias}.` : ''}month_idx`;
  const picks = s.picks ? ` AND ${col} IN (${Array.from({ length: s.picks }, (_, i) => `:pick_${i + 1}`).join(', ')})` : '';
  return `${col} BETWEEN :from_idx AND :to_idx${picks}`;
}

/** The parameters periodFilter's text uses. */
export function periodParams(s: Shape): Params {
  return { from_idx: 'bigint', to_idx: 'bigint', ...numberedParams('pick_', s.picks ?? 0, 'bigint') };
}

/** The columns that key every metric query's rows: the period (see periodExpr) and the department (NULL = organisation). */
export const KEY_COLUMNS = { period: 'bigint', department_id: 'varchar' } as const;

/** The period key of a row of `base` (see base.ts) for the grain. */
export function periodExpr(grain: Grain, alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return grain === 'year' ? `${a}year` : grain === 'month' ? `${a}month_idx` : '0';
}

/**
 * GROUP BY for rows keyed by `period` (+ `department_id` when by department) + `extra` columns. With
 * departments it is GROUPING SETS: the organisation rows come out with department_id NULL (department_id
 * is required in the data, so NULL never means anything else).
 */
export function groupBy(s: Shape, extra: string[] = []): string {
  const tail = extra.length ? `, ${extra.join(', ')}` : '';
  return s.byDepartment ? `GROUP BY GROUPING SETS ((period, department_id${tail}), (period${tail}))` : `GROUP BY period${tail}`;
}

/** The department column of the output: the real one with departments, else a typed NULL. */
export function departmentColumn(s: Shape): string {
  return s.byDepartment ? 'department_id' : 'CAST(NULL AS varchar) AS department_id';
}
