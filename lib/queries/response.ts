// Response time: each patient-side message's reply is the first clinician-side message of the same thread
// strictly later than it (a clinician message at the very same instant is not a reply). Delays are
// differences of epoch milliseconds, never date_diff (Trino counts whole units, DuckDB boundaries).
import { baseSelect } from './base.ts';
import type { Fragments } from './fragments.ts';
import type { QueryDef } from './render.ts';
import { periodExpr, shapeName, type Shape } from './shape.ts';

/** Delay histogram edges in hours: [0,1), [1,4), ... [168, open). Fixed, so written as literals. */
export const DELAY_BUCKETS: { label: string; from_hours: number; to_hours: number | null }[] = [
  { label: 'under 1 h', from_hours: 0, to_hours: 1 },
  { label: '1-4 h', from_hours: 1, to_hours: 4 },
  { label: '4-8 h', from_hours: 4, to_hours: 8 },
  { label: '8-24 h', from_hours: 8, to_hours: 24 },
  { label: '1-3 days', from_hours: 24, to_hours: 72 },
  { label: '3-7 days', from_hours: 72, to_hours: 168 },
  { label: '7 days or more', from_hours: 168, to_hours: null },
];

const DAY_MS = 86_400_000;

/**
 * Working-time milliseconds from a fixed Monday (1969-12-29) to the local wall-clock instant whose epoch
 * milliseconds are `local` and whose day number is `day`: whole weekdays times the window's length plus
 * the part of the window already passed that day (nothing on Saturday and Sunday). The business delay of a
 * reply is the difference of two such values. Values: :bh_start_ms (window start, ms of the day),
 * :bh_len_ms (window length).
 */
function businessClock(local: string, day: string): string {
  const n = `(${day} + 3)`; // days since Monday 1969-12-29 (1970-01-01 was a Thursday)
  const weekday = `(${n} % 7)`; // 0 = Monday .. 6 = Sunday
  const weeks = `CAST(floor(CAST(${n} AS double) / 7) AS bigint)`;
  const msOfDay = `(${local} - ${day} * ${DAY_MS})`;
  return `((${weeks} * 5 + least(${weekday}, 5)) * :bh_len_ms
      + CASE WHEN ${weekday} < 5 THEN least(greatest(${msOfDay} - :bh_start_ms, 0), :bh_len_ms) ELSE 0 END)`;
}

function dayNumber(localMs: string): string {
  return `CAST(floor(CAST(${localMs} AS double) / ${DAY_MS}) AS bigint)`;
}

export interface ResponseOptions {
  /** Adds organisation rows per category of the replying clinician (reply_category set; '' = no reply). */
  byReplyCategory: boolean;
  /** Adds the business-hours columns (b_short, b_long, b_median_hours). */
  businessHours: boolean;
}

/**
 * Rows: period, department_id, reply_category, patient_messages, answered, within_short, within_long,
 * unanswered, pending, median_hours, p90_hours, h0..h6 (DELAY_BUCKETS), and with businessHours b_short,
 * b_long, b_median_hours. Values: base scan (period start .. cut-off), :from_idx, :to_idx, :cutoff_ms,
 * :short_ms, :long_ms, :follow_ms; with businessHours :bh_start_ms, :bh_len_ms, :bh_short_ms, :bh_long_ms.
 */
export function responseQuery(shape: Shape, opts: ResponseOptions): QueryDef {
  const sets = [
    ...(shape.byDepartment ? ['(period, department_id)'] : []),
    '(period)',
    ...(opts.byReplyCategory ? ['(period, reply_category)'] : []),
  ];
  const hist = DELAY_BUCKETS.map((b, i) => {
    const lo = b.from_hours * 3_600_000;
    const cond = b.to_hours === null ? `delay_ms >= ${lo}` : `delay_ms >= ${lo} AND delay_ms < ${b.to_hours * 3_600_000}`;
    return `sum(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS h${i}`;
  }).join(',\n  ');
  const bizCte = opts.businessHours
    ? `,
biz_days AS (
  SELECT *, ${dayNumber('local_ms')} AS p_day, ${dayNumber('reply_local_ms')} AS r_day FROM pm
),
pmb AS (
  SELECT *, ${businessClock('reply_local_ms', 'r_day')} - ${businessClock('local_ms', 'p_day')} AS bdelay_ms FROM biz_days
)`
    : `,
pmb AS (SELECT * FROM pm)`;
  const bizCols = (f: Fragments): string =>
    opts.businessHours
      ? `,
  sum(CASE WHEN bdelay_ms <= :bh_short_ms THEN 1 ELSE 0 END) AS b_short,
  sum(CASE WHEN bdelay_ms <= :bh_long_ms THEN 1 ELSE 0 END) AS b_long,
  ${f.percentile('CAST(bdelay_ms AS double) / 3600000', 0.5)} AS b_median_hours`
      : '';
  return {
    name: `response.${shapeName(shape)}${opts.byReplyCategory ? '.reply_categories' : ''}${opts.businessHours ? '.business_hours' : ''}`,
    sql: (f) => `
WITH base AS (${baseSelect(f, { withCategory: true })}),
clinician_at AS (
  -- One row per instant a clinician wrote in a thread; several at one instant: the first by message_id.
  SELECT thread_id, sent_ms, min_by(category, message_id) AS reply_category, min(local_ms) AS reply_local_ms
  FROM base
  WHERE side = 'clinician'
  GROUP BY thread_id, sent_ms
),
ordered AS (
  -- Clinician messages sort before patient messages at the same instant, so the frame "every later row"
  -- of a patient message holds only clinician messages strictly later than it.
  SELECT thread_id, side, department_id, year, month_idx, sent_ms, local_ms,
    min(CASE WHEN side = 'clinician' THEN sent_ms END) OVER (
      PARTITION BY thread_id
      ORDER BY sent_ms, CASE WHEN side = 'clinician' THEN 0 ELSE 1 END, message_id
      ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS reply_ms
  FROM base
),
pm AS (
  SELECT ${periodExpr(shape.grain, 'o')} AS period, o.department_id, o.sent_ms, o.local_ms, o.reply_ms,
    o.reply_ms - o.sent_ms AS delay_ms,
    coalesce(c.reply_category, '') AS reply_category, c.reply_local_ms
  FROM ordered o
  LEFT JOIN clinician_at c ON c.thread_id = o.thread_id AND c.sent_ms = o.reply_ms
  WHERE o.side = 'patient' AND o.month_idx BETWEEN :from_idx AND :to_idx
)${bizCte}
SELECT period, ${shape.byDepartment ? 'department_id' : 'CAST(NULL AS varchar) AS department_id'},
  ${opts.byReplyCategory ? 'reply_category' : 'CAST(NULL AS varchar) AS reply_category'},
  count(*) AS patient_messages,
  count(reply_ms) AS answered,
  sum(CASE WHEN delay_ms <= :short_ms THEN 1 ELSE 0 END) AS within_short,
  sum(CASE WHEN delay_ms <= :long_ms THEN 1 ELSE 0 END) AS within_long,
  sum(CASE WHEN reply_ms IS NULL AND :cutoff_ms - sent_ms >= :follow_ms THEN 1 ELSE 0 END) AS unanswered,
  sum(CASE WHEN reply_ms IS NULL AND :cutoff_ms - sent_ms < :follow_ms THEN 1 ELSE 0 END) AS pending,
  ${f.percentile('CAST(delay_ms AS double) / 3600000', 0.5)} AS median_hours,
  ${f.percentile('CAST(delay_ms AS double) / 3600000', 0.9)} AS p90_hours,
  ${hist}${bizCols(f)}
FROM pmb
GROUP BY GROUPING SETS (${sets.join(', ')})`,
  };
}
