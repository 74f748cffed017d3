// Sender-based metrics: active patients and clinicians, and messages per active sender.
import type { QueryDef } from './contract.ts';
import { type QueryPart, standalone } from './part.ts';
import { departmentColumn, groupBy, KEY_COLUMNS, periodExpr, periodFilter, periodParams, shapeName, type Shape } from './shape.ts';

/** Messages per active sender: mean, median and p90 (NULL on no sender). */
const PER_SENDER = { mean: 'double', median: 'double', p90: 'double' } as const;
export const PATIENTS_COLUMNS = { ...KEY_COLUMNS, active: 'bigint', ...PER_SENDER } as const;
export const CLINICIANS_COLUMNS = { ...KEY_COLUMNS, category: 'varchar', active: 'bigint', ...PER_SENDER } as const;
export type PatientsColumns = typeof PATIENTS_COLUMNS;
export type CliniciansColumns = typeof CLINICIANS_COLUMNS;

/**
 * Patient side (patients and proxies, each their own sender). Rows: period, department_id, active,
 * mean, median, p90 (messages per active sender). Values: base scan + :from_idx, :to_idx.
 */
export function patientsQuery(shape: Shape): QueryDef<PatientsColumns> {
  return standalone(patientsPart(shape));
}

/** patientsQuery's steps over `base` (part.ts). */
export function patientsPart(shape: Shape): QueryPart<PatientsColumns> {
  return {
    name: `senders.patients.${shapeName(shape)}`,
    params: periodParams(shape),
    columns: PATIENTS_COLUMNS,
    base: { withCategory: false, picks: shape.picks },
    steps: (f) => `b AS (
  SELECT ${periodExpr(shape.grain)} AS period, department_id, sender_id
  FROM base
  WHERE side = 'patient' AND ${periodFilter(shape)}
),
per_sender AS (
  SELECT period, ${departmentColumn(shape)}, sender_id, CAST(count(*) AS double) AS n
  FROM b
  ${groupBy(shape, ['sender_id'])}
)
SELECT period, department_id, count(*) AS active, avg(n) AS mean,
  ${f.percentile('n', 0.5)} AS median, ${f.percentile('n', 0.9)} AS p90
FROM per_sender
GROUP BY period, department_id`,
  };
}

/**
 * Clinician side. Rows: period, department_id, category, active, mean, median, p90; plus one row per
 * period (and department) with category NULL holding the distinct total (a clinician missing from the
 * roster can fall in two categories, so the total is not the sum). Values: base scan + :from_idx, :to_idx.
 */
export function cliniciansQuery(shape: Shape): QueryDef<CliniciansColumns> {
  return standalone(cliniciansPart(shape));
}

/** cliniciansQuery's steps over `base` (part.ts). */
export function cliniciansPart(shape: Shape): QueryPart<CliniciansColumns> {
  return {
    name: `senders.clinicians.${shapeName(shape)}`,
    params: periodParams(shape),
    columns: CLINICIANS_COLUMNS,
    base: { withCategory: true, picks: shape.picks },
    steps: (f) => `b AS (
  SELECT ${periodExpr(shape.grain)} AS period, department_id, category, sender_id
  FROM base
  WHERE side = 'clinician' AND ${periodFilter(shape)}
),
per_sender AS (
  SELECT period, ${departmentColumn(shape)}, category, sender_id, CAST(count(*) AS double) AS n
  FROM b
  ${groupBy(shape, ['category', 'sender_id'])}
),
by_category AS (
  SELECT period, department_id, category, count(*) AS active, avg(n) AS mean,
    ${f.percentile('n', 0.5)} AS median, ${f.percentile('n', 0.9)} AS p90
  FROM per_sender
  GROUP BY period, department_id, category
),
total AS (
  SELECT period, ${departmentColumn(shape)}, CAST(NULL AS varchar) AS category, count(DISTINCT sender_id) AS active,
    CAST(NULL AS double) AS mean, CAST(NULL AS double) AS median, CAST(NULL AS double) AS p90
  FROM b
  ${groupBy(shape)}
)
SELECT * FROM by_category
UNION ALL
SELECT * FROM total`,
  };
}
