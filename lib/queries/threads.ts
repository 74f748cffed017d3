// Thread complexity: turns (maximal runs of one side) and rounds = ceil(turns / 2), for the threads whose
// first non-system message falls in the period; their later messages are followed up to the cut-off.
import { baseSelect } from './base.ts';
import type { QueryDef } from './render.ts';
import { departmentColumn, groupBy, periodExpr, shapeName, type Shape } from './shape.ts';

/**
 * Rows: period, department_id, starter ('patient' | 'clinician'), threads, r1, r2, r3, r4, r5plus
 * (threads by rounds), le_max (threads with rounds <= :max_rounds). Values: base scan (period start ..
 * cut-off), :from_idx, :to_idx, :max_rounds, and :cutoff again for the "earlier threads" scan.
 */
export function threadsQuery(shape: Shape): QueryDef {
  return {
    name: `threads.${shapeName(shape)}`,
    sql: (f) => `
WITH earlier AS (
  -- Threads with a message before the period started before it: they belong to an earlier period.
  SELECT DISTINCT thread_id
  FROM messages
  WHERE sender_type IN ('patient', 'proxy', 'clinician')
    AND sent_at <= CAST(:cutoff AS timestamp)
    AND year <= :scan_from_year
    AND year * 12 + month - 1 < :from_idx
),
base AS (${baseSelect(f, { withCategory: false })}),
ordered AS (
  SELECT b.thread_id, b.side, b.department_id, b.year, b.month_idx,
    row_number() OVER (PARTITION BY b.thread_id ORDER BY b.sent_ms, b.message_id) AS rn,
    CASE WHEN b.side = lag(b.side) OVER (PARTITION BY b.thread_id ORDER BY b.sent_ms, b.message_id)
      THEN 0 ELSE 1 END AS new_turn
  FROM base b
  LEFT JOIN earlier e ON e.thread_id = b.thread_id
  WHERE e.thread_id IS NULL
),
per_thread AS (
  SELECT thread_id, sum(new_turn) AS turns,
    max(CASE WHEN rn = 1 THEN side END) AS starter,
    max(CASE WHEN rn = 1 THEN department_id END) AS department_id,
    max(CASE WHEN rn = 1 THEN year END) AS year,
    max(CASE WHEN rn = 1 THEN month_idx END) AS month_idx
  FROM ordered
  GROUP BY thread_id
),
t AS (
  SELECT ${periodExpr(shape.grain)} AS period, department_id, starter,
    CAST(ceil(CAST(turns AS double) / 2) AS bigint) AS rounds
  FROM per_thread
  WHERE month_idx BETWEEN :from_idx AND :to_idx
)
SELECT period, ${departmentColumn(shape)}, starter, count(*) AS threads,
  sum(CASE WHEN rounds = 1 THEN 1 ELSE 0 END) AS r1,
  sum(CASE WHEN rounds = 2 THEN 1 ELSE 0 END) AS r2,
  sum(CASE WHEN rounds = 3 THEN 1 ELSE 0 END) AS r3,
  sum(CASE WHEN rounds = 4 THEN 1 ELSE 0 END) AS r4,
  sum(CASE WHEN rounds >= 5 THEN 1 ELSE 0 END) AS r5plus,
  sum(CASE WHEN rounds <= :max_rounds THEN 1 ELSE 0 END) AS le_max
FROM t
${groupBy(shape, ['starter'])}`,
  };
}
