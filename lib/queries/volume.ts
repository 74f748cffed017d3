// Message volume: counts per period by side and (clinician side) by clinician category.
import type { QueryDef } from './contract.ts';
import { type QueryPart, standalone } from './part.ts';
import { departmentColumn, groupBy, KEY_COLUMNS, periodExpr, periodFilter, periodParams, shapeName, type Shape } from './shape.ts';

export const VOLUME_COLUMNS = { ...KEY_COLUMNS, side: 'varchar', category: 'varchar', n: 'bigint' } as const;
export type VolumeColumns = typeof VOLUME_COLUMNS;

/**
 * Rows: period, department_id, side, category (NULL on the patient side, or when !byCategory), n.
 * Values: base scan (= the period) + :from_idx, :to_idx.
 */
export function volumeQuery(shape: Shape, opts: { byCategory: boolean }): QueryDef<VolumeColumns> {
  return standalone(volumePart(shape, opts));
}

/** volumeQuery's steps over `base` (part.ts), also a part of the study's combined query. */
export function volumePart(shape: Shape, opts: { byCategory: boolean }): QueryPart<VolumeColumns> {
  const cat = opts.byCategory ? 'category' : 'CAST(NULL AS varchar) AS category';
  return {
    name: `volume.${shapeName(shape)}${opts.byCategory ? '.categories' : ''}`,
    params: periodParams(shape),
    columns: VOLUME_COLUMNS,
    base: { withCategory: opts.byCategory, picks: shape.picks },
    steps: () => `b AS (
  SELECT ${periodExpr(shape.grain)} AS period, department_id, side, ${cat}
  FROM base
  WHERE ${periodFilter(shape)}
)
SELECT period, ${departmentColumn(shape)}, side, category, count(*) AS n
FROM b
${groupBy(shape, ['side', 'category'])}`,
  };
}
