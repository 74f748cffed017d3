// Message volume: counts per period by side and (clinician side) by clinician category.
import { baseParams, baseSelect } from './base.ts';
import type { QueryDef } from './contract.ts';
import { departmentColumn, groupBy, KEY_COLUMNS, periodExpr, periodFilter, periodParams, shapeName, type Shape } from './shape.ts';

export const VOLUME_COLUMNS = { ...KEY_COLUMNS, side: 'varchar', category: 'varchar', n: 'bigint' } as const;
export type VolumeColumns = typeof VOLUME_COLUMNS;

/**
 * Rows: period, department_id, side, category (NULL on the patient side, or when !byCategory), n.
 * Values: base scan (= the period) + :from_idx, :to_idx.
 */
export function volumeQuery(shape: Shape, opts: { byCategory: boolean }): QueryDef<VolumeColumns> {
  const cat = opts.byCategory ? 'category' : 'CAST(NULL AS varchar) AS category';
  return {
    name: `volume.${shapeName(shape)}${opts.byCategory ? '.categories' : ''}`,
    params: { ...baseParams(shape.picks), ...periodParams(shape) },
    columns: VOLUME_COLUMNS,
    sql: (f) => `
WITH base AS (${baseSelect(f, { withCategory: opts.byCategory, picks: shape.picks })}),
b AS (
  SELECT ${periodExpr(shape.grain)} AS period, department_id, side, ${cat}
  FROM base
  WHERE ${periodFilter(shape)}
)
SELECT period, ${departmentColumn(shape)}, side, category, count(*) AS n
FROM b
${groupBy(shape, ['side', 'category'])}`,
  };
}
