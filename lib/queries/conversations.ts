// Response time and thread rounds in ONE query: both need every thread's messages in order, and that
// window sort is the dearest step of the analyses, so it is done once. The query returns two kinds of row,
// told apart by `part`: 'response' rows and 'threads' rows (the other part's columns are NULL).
//
// Response: a patient-side message's reply is the first clinician-side message of the same thread strictly
// later than it; of several clinician messages at that instant, the first by message_id. Delays are
// differences of epoch milliseconds, never date_diff (Trino counts whole units, DuckDB boundaries).
// Threads: a turn is a maximal run of one side in thread order (sent_at, then message_id); rounds =
// ceil(turns / 2). A thread belongs to the period and department of its first message; its later messages
// are followed up to the cut-off.
import { baseSelect } from './base.ts';
import type { Fragments } from './fragments.ts';
import type { QueryDef } from './render.ts';
import { businessClock, dayNumber, DELAY_BUCKETS } from './response.ts';
import { periodExpr, periodFilter, shapeName, type Shape } from './shape.ts';

export interface ConversationOptions {
  /** Adds organisation response rows per category of the replying clinician (reply_category set; '' = no reply). */
  byReplyCategory: boolean;
  /** Adds the business-hours columns (b_within_1d, b_within_3d, b_median_hours). */
  businessHours: boolean;
  /** With businessHours: how many holiday values (:holiday_1 ..) the business clock skips (default 0). */
  holidays?: number;
  /**
   * Adds a `year` column and, beside the period's rows, rows per calendar year of the patient message (response)
   * or of the thread's first message (threads), from the same scan (`year` NULL on the period's rows).
   */
  byYear?: boolean;
}

/** Output columns after part, period, department_id, in order, with their types (for typed NULLs). */
function columns(opts: ConversationOptions): [string, string][] {
  return [
    ...(opts.byYear ? ([['year', 'bigint']] as [string, string][]) : []),
    ['reply_category', 'varchar'],
    ['starter', 'varchar'],
    ['patient_messages', 'bigint'],
    ['answered', 'bigint'],
    ['within_1d', 'bigint'],
    ['within_3d', 'bigint'],
    ['unanswered', 'bigint'],
    ['pending', 'bigint'],
    ['median_hours', 'double'],
    ['p90_hours', 'double'],
    ...DELAY_BUCKETS.map((_, i): [string, string] => [`h${i}`, 'bigint']),
    ...(opts.businessHours
      ? ([
          ['b_within_1d', 'bigint'],
          ['b_within_3d', 'bigint'],
          ['b_median_hours', 'double'],
        ] as [string, string][])
      : []),
    ['threads', 'bigint'],
    ['r1', 'bigint'],
    ['r2', 'bigint'],
    ['r3', 'bigint'],
    ['r4', 'bigint'],
    ['r5plus', 'bigint'],
    ['le4_rounds', 'bigint'],
  ];
}

/** One SELECT list over `columns`: the given expressions, typed NULLs for the rest (UNION ALL needs both). */
function selectList(cols: [string, string][], exprs: Record<string, string>): string {
  return cols.map(([name, type]) => `${exprs[name] ?? `CAST(NULL AS ${type})`} AS ${name}`).join(',\n  ');
}

const count = (cond: string) => `sum(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;

/**
 * Rows: part ('response' | 'threads'), period, department_id (NULL = organisation), [year (byYear: set on
 * the by-year rows, NULL on the others)], then:
 * - response: reply_category (NULL on the headline rows; with byReplyCategory, organisation rows per
 *   category, '' for messages without reply), patient_messages, answered, within_1d, within_3d,
 *   unanswered, pending, median_hours, p90_hours, h0..h6 (DELAY_BUCKETS), [b_within_1d, b_within_3d, b_median_hours];
 * - threads: starter ('patient' | 'clinician'), threads, r1..r4, r5plus, le4_rounds (rounds <= :max_rounds).
 * Values: base scan (period start .. cut-off), :from_idx, :to_idx, :cutoff_ms, :short_ms, :long_ms,
 * :follow_ms, :max_rounds; with businessHours :bh_start_ms, :bh_len_ms, :bh_short_ms, :bh_long_ms and
 * :holiday_1 .. :holiday_<holidays>.
 */
export function conversationsQuery(shape: Shape, opts: ConversationOptions): QueryDef {
  const cols = columns(opts);
  const dept = shape.byDepartment ? 'department_id' : 'CAST(NULL AS varchar) AS department_id';
  const responseSets = [
    ...(shape.byDepartment ? ['(period, department_id)'] : []),
    '(period)',
    ...(opts.byReplyCategory ? ['(period, reply_category)'] : []),
    ...(opts.byYear ? ['(period, year)'] : []),
  ];
  const threadSets = [
    ...(shape.byDepartment ? ['(period, department_id, starter)'] : []),
    '(period, starter)',
    ...(opts.byYear ? ['(period, year, starter)'] : []),
  ];
  const threadGroup = threadSets.length > 1 ? `GROUP BY GROUPING SETS (${threadSets.join(', ')})` : 'GROUP BY period, starter';
  const holidays = opts.businessHours ? (opts.holidays ?? 0) : 0;
  const hist = Object.fromEntries(
    DELAY_BUCKETS.map((b, i) => {
      const lo = b.from_hours * 3_600_000;
      const cond = b.to_hours === null ? `delay_ms >= ${lo}` : `delay_ms >= ${lo} AND delay_ms < ${b.to_hours * 3_600_000}`;
      return [`h${i}`, count(cond)];
    }),
  );
  const bizCte = opts.businessHours
    ? `,
biz_days AS (
  SELECT *, ${dayNumber('local_ms')} AS p_day, ${dayNumber('reply_local_ms')} AS r_day FROM pm
),
pmb AS (
  SELECT *, ${businessClock('reply_local_ms', 'r_day', holidays)} - ${businessClock('local_ms', 'p_day', holidays)} AS bdelay_ms FROM biz_days
)`
    : `,
pmb AS (SELECT * FROM pm)`;
  const responseExprs = (f: Fragments): Record<string, string> => ({
    ...(opts.byYear ? { year: 'year' } : {}),
    reply_category: opts.byReplyCategory ? 'reply_category' : 'CAST(NULL AS varchar)',
    patient_messages: 'count(*)',
    answered: 'count(reply_ms)',
    within_1d: count('delay_ms <= :short_ms'),
    within_3d: count('delay_ms <= :long_ms'),
    unanswered: count('reply_ms IS NULL AND :cutoff_ms - sent_ms >= :follow_ms'),
    pending: count('reply_ms IS NULL AND :cutoff_ms - sent_ms < :follow_ms'),
    median_hours: f.percentile('CAST(delay_ms AS double) / 3600000', 0.5),
    p90_hours: f.percentile('CAST(delay_ms AS double) / 3600000', 0.9),
    ...hist,
    ...(opts.businessHours
      ? {
          b_within_1d: count('bdelay_ms <= :bh_short_ms'),
          b_within_3d: count('bdelay_ms <= :bh_long_ms'),
          b_median_hours: f.percentile('CAST(bdelay_ms AS double) / 3600000', 0.5),
        }
      : {}),
  });
  const threadExprs: Record<string, string> = {
    ...(opts.byYear ? { year: 'year' } : {}),
    starter: 'starter',
    threads: 'count(*)',
    r1: count('rounds = 1'),
    r2: count('rounds = 2'),
    r3: count('rounds = 3'),
    r4: count('rounds = 4'),
    r5plus: count('rounds >= 5'),
    le4_rounds: count('rounds <= :max_rounds'),
  };
  const order = 'PARTITION BY thread_id ORDER BY sent_ms, message_id';
  // The sort's payload carries only what this variant reads: local times for business hours, the
  // replying clinician's category for reply categories (and base joins the roster only then).
  const payload = [...(opts.businessHours ? ['local_ms'] : []), ...(opts.byReplyCategory ? ['category'] : [])];
  const carried = payload.map((c) => `, ${c}`).join('');
  const pmExtra = [
    ...(opts.businessHours ? ['o.local_ms', 'c.local_ms AS reply_local_ms'] : []),
    ...(opts.byReplyCategory ? ["coalesce(c.category, '') AS reply_category"] : []),
    ...(opts.byYear ? ['o.year'] : []),
  ]
    .map((c) => `, ${c}`)
    .join('');
  return {
    name: `conversations.${shapeName(shape)}${opts.byReplyCategory ? '.reply_categories' : ''}${opts.businessHours ? '.business_hours' : ''}${holidays ? `.holidays${holidays}` : ''}${opts.byYear ? '.years' : ''}`,
    sql: (f) => `
WITH base AS (${baseSelect(f, { withCategory: opts.byReplyCategory })}),
ordered AS (
  -- Thread order (sent_at, then message_id). clinician_seq numbers the clinician messages in that order;
  -- clinicians_by_now counts those sent at or before this instant (RANGE: same-instant rows are peers).
  -- A patient message that has k clinician messages by its instant is answered by the (k+1)-th: the
  -- first strictly later, first by message_id at its instant. (is_clinician, 0 or 1, keeps the sort's
  -- payload narrow.)
  SELECT thread_id, is_clinician, department_id, year, month_idx, sent_ms${carried},
    row_number() OVER (${order}) AS rn,
    CASE WHEN is_clinician = lag(is_clinician) OVER (${order}) THEN 0 ELSE 1 END AS new_turn,
    sum(is_clinician) OVER (${order} ROWS UNBOUNDED PRECEDING) AS clinician_seq,
    sum(is_clinician) OVER (PARTITION BY thread_id ORDER BY sent_ms RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS clinicians_by_now
  FROM (SELECT thread_id, message_id, CASE WHEN side = 'clinician' THEN 1 ELSE 0 END AS is_clinician, department_id, year, month_idx,
      sent_ms${carried} FROM base) b
),
clinician_turn AS (
  SELECT thread_id, clinician_seq, sent_ms${carried} FROM ordered WHERE is_clinician = 1
),
pm AS (
  SELECT ${periodExpr(shape.grain, 'o')} AS period, o.department_id, o.sent_ms, c.sent_ms AS reply_ms,
    c.sent_ms - o.sent_ms AS delay_ms${pmExtra}
  FROM ordered o
  LEFT JOIN clinician_turn c ON c.thread_id = o.thread_id AND c.clinician_seq = o.clinicians_by_now + 1
  WHERE o.is_clinician = 0 AND ${periodFilter(shape, 'o')}
)${bizCte},
per_thread AS (
  SELECT thread_id, sum(new_turn) AS turns,
    max(CASE WHEN rn = 1 THEN is_clinician END) AS starter_is_clinician,
    max(CASE WHEN rn = 1 THEN department_id END) AS department_id,
    max(CASE WHEN rn = 1 THEN year END) AS year,
    max(CASE WHEN rn = 1 THEN month_idx END) AS month_idx
  FROM ordered
  GROUP BY thread_id
),
earlier AS (
  -- Threads of the scan with a message before the period started before it: an earlier period's. Only
  -- the threads that would count are looked up (a semi-join), not every thread of the years before.
  -- The lookup set is per_thread's (one row per thread, in the period), not base's (one per message):
  -- a small distinct build side lets the engine push its thread_id range into the Parquet scan of the
  -- earlier years and skip row groups by their statistics (DuckDB did not with base's 1M rows: it
  -- read 4M rows at 5M messages; now ~80k), and each probe is cheaper. The answer is the same.
  SELECT DISTINCT m.thread_id
  FROM messages m
  WHERE m.sender_type IN ('patient', 'proxy', 'clinician')
    AND m.sent_at <= CAST(:cutoff AS timestamp)
    AND m.year <= :scan_from_year
    AND m.year * 12 + m.month - 1 < :from_idx
    AND m.thread_id IN (SELECT thread_id FROM per_thread p WHERE ${periodFilter(shape, 'p')})
),
t AS (
  SELECT ${periodExpr(shape.grain, 'p')} AS period, p.department_id,${opts.byYear ? ' p.year,' : ''}
    CASE WHEN p.starter_is_clinician = 1 THEN 'clinician' ELSE 'patient' END AS starter,
    CAST(ceil(CAST(p.turns AS double) / 2) AS bigint) AS rounds
  FROM per_thread p
  LEFT JOIN earlier e ON e.thread_id = p.thread_id
  WHERE e.thread_id IS NULL AND ${periodFilter(shape, 'p')}
)
SELECT 'response' AS part, period, ${dept},
  ${selectList(cols, responseExprs(f))}
FROM pmb
GROUP BY GROUPING SETS (${responseSets.join(', ')})
UNION ALL
SELECT 'threads' AS part, period, ${dept},
  ${selectList(cols, threadExprs)}
FROM t
${threadGroup}`,
  };
}
