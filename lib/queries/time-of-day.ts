// Clinician workload by local time: messages per local hour, and per settings window and weekend.
import type { Params, QueryDef } from './contract.ts';
import { type QueryPart, standalone } from './part.ts';
import { departmentColumn, groupBy, KEY_COLUMNS, periodExpr, periodFilter, periodParams, shapeName, type Shape } from './shape.ts';

export const TIME_OF_DAY_COLUMNS = {
  ...KEY_COLUMNS,
  role: 'varchar',
  category: 'varchar',
  hour: 'bigint',
  n: 'bigint',
  working: 'bigint',
  evening: 'bigint',
  night: 'bigint',
  weekend: 'bigint',
} as const;
export type TimeOfDayColumns = typeof TIME_OF_DAY_COLUMNS;

/** The windows' bounds, in minutes of the day (windowValues). */
const WINDOW_PARAMS: Params = Object.fromEntries(
  ['working', 'evening', 'night'].flatMap((w) => [`${w}_start`, `${w}_end`]).map((n) => [n, 'bigint']),
);

/** Half-open window [start, end) of minute-of-day; end <= start wraps past midnight (the night window). */
function inWindow(col: string, w: string): string {
  return `((:${w}_start < :${w}_end AND ${col} >= :${w}_start AND ${col} < :${w}_end)
      OR (:${w}_start >= :${w}_end AND (${col} >= :${w}_start OR ${col} < :${w}_end)))`;
}

/**
 * Clinician side. Rows: period, department_id, role (NULL unless byRole), category (NULL unless
 * byCategory), hour (local 0-23), n, working, evening, night, weekend (Saturday/Sunday local). With both
 * byRole and byCategory, each row is one or the other (the other NULL): one scan groups both ways.
 * Values: base scan + :from_idx, :to_idx and the windows :working_start/_end, :evening_start/_end,
 * :night_start/_end in minutes of the day.
 */
export function timeOfDayQuery(shape: Shape, opts: { byRole: boolean; byCategory?: boolean }): QueryDef<TimeOfDayColumns> {
  return standalone(timeOfDayPart(shape, opts));
}

/** timeOfDayQuery's steps over `base` (part.ts). */
export function timeOfDayPart(shape: Shape, opts: { byRole: boolean; byCategory?: boolean }): QueryPart<TimeOfDayColumns> {
  const byCategory = opts.byCategory ?? false;
  const role = opts.byRole ? 'role' : 'CAST(NULL AS varchar) AS role';
  // Role and category are never NULL on the clinician side (base.ts: 'unknown'), so NULL tells the sets apart.
  const grouping =
    opts.byRole && byCategory && !shape.byDepartment
      ? 'GROUP BY GROUPING SETS ((period, role, hour), (period, category, hour))'
      : groupBy(shape, ['role', ...(byCategory ? ['category'] : []), 'hour']);
  if (opts.byRole && byCategory && shape.byDepartment)
    throw new Error('time_of_day: roles and categories together are for the organisation only');
  return {
    name: `time_of_day.${shapeName(shape)}${opts.byRole ? '.roles' : ''}${byCategory ? '.categories' : ''}`,
    params: { ...periodParams(shape), ...WINDOW_PARAMS },
    columns: TIME_OF_DAY_COLUMNS,
    base: { withCategory: opts.byRole || byCategory, picks: shape.picks },
    steps: () => `b AS (
  SELECT ${periodExpr(shape.grain)} AS period, department_id, ${role},${byCategory ? ' category,' : ''} local_hour AS hour,
    CASE WHEN ${inWindow('local_minute_of_day', 'working')} THEN 1 ELSE 0 END AS is_working,
    CASE WHEN ${inWindow('local_minute_of_day', 'evening')} THEN 1 ELSE 0 END AS is_evening,
    CASE WHEN ${inWindow('local_minute_of_day', 'night')} THEN 1 ELSE 0 END AS is_night,
    CASE WHEN local_iso_dow >= 6 THEN 1 ELSE 0 END AS is_weekend
  FROM base
  WHERE side = 'clinician' AND ${periodFilter(shape)}
)
SELECT period, ${departmentColumn(shape)}, role, ${byCategory ? 'category' : 'CAST(NULL AS varchar) AS category'}, hour, count(*) AS n,
  sum(is_working) AS working, sum(is_evening) AS evening, sum(is_night) AS night, sum(is_weekend) AS weekend
FROM b
${grouping}`,
  };
}
