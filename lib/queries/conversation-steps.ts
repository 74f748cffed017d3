// The steps (CTEs) of the conversations query (conversations.ts), in the order the query runs them:
// thread order, replies, business-hours delays, then the threads and their rounds.
import { nonSystem } from './base.ts';
import { businessClock, dayNumber } from './response.ts';
import { periodExpr, periodFilter, type Shape } from './shape.ts';

export interface StepOptions {
  byReplyCategory: boolean;
  businessHours: boolean;
  byYear: boolean;
  /** How many holiday values the business clock skips (0 without business hours). */
  holidays: number;
}

const ORDER = 'PARTITION BY thread_id ORDER BY sent_ms, message_id';

/**
 * What the sort carries beside its keys: only what this variant reads, local times for business hours and
 * the replying clinician's category for reply categories (and base joins the roster only then).
 */
function carried(o: StepOptions): string {
  const payload = [...(o.businessHours ? ['local_ms'] : []), ...(o.byReplyCategory ? ['category'] : [])];
  return payload.map((c) => `, ${c}`).join('');
}

/** `ordered`: every message of the scan in thread order, with its turn and clinician counts. */
export function orderedCte(shape: Shape, o: StepOptions): string {
  const c = carried(o);
  // The department rides along only when there are department rows (the sort carries every column).
  const dept = shape.byDepartment ? 'department_id' : 'CAST(NULL AS varchar) AS department_id';
  return `ordered AS (
  -- Thread order (sent_at, then message_id). clinician_seq numbers the clinician messages in that order;
  -- clinicians_by_now counts those sent at or before this instant (RANGE: same-instant rows are peers).
  -- A patient message that has k clinician messages by its instant is answered by the (k+1)-th: the
  -- first strictly later, first by message_id at its instant. prev_is_clinician (the previous message's
  -- side; NULL on a thread's first message) tells where a turn starts and which message starts the thread.
  -- (is_clinician, 0 or 1, keeps the sort's payload narrow.)
  SELECT thread_id, is_clinician, ${dept}, year, month_idx, sent_ms${c},
    lag(is_clinician) OVER (${ORDER}) AS prev_is_clinician,
    sum(is_clinician) OVER (${ORDER} ROWS UNBOUNDED PRECEDING) AS clinician_seq,
    sum(is_clinician) OVER (PARTITION BY thread_id ORDER BY sent_ms RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
      AS clinicians_by_now
  FROM (SELECT thread_id, message_id, CASE WHEN side = 'clinician' THEN 1 ELSE 0 END AS is_clinician, department_id, year,
      month_idx, sent_ms${c} FROM base) b
)`;
}

/**
 * `clinician_turn`, `pm` (each patient message of the period with its reply) and `pmb` (the same with the
 * business-hours delay, when asked).
 */
export function replyCtes(shape: Shape, o: StepOptions): string {
  const pmExtra = [
    ...(o.businessHours ? ['o.local_ms', 'c.local_ms AS reply_local_ms'] : []),
    ...(o.byReplyCategory ? ["coalesce(c.category, '') AS reply_category"] : []),
    ...(o.byYear ? ['o.year'] : []),
  ]
    .map((c) => `, ${c}`)
    .join('');
  return `clinician_turn AS (
  SELECT thread_id, clinician_seq, sent_ms${carried(o)} FROM ordered WHERE is_clinician = 1
),
pm AS (
  SELECT ${periodExpr(shape.grain, 'o')} AS period, o.department_id, o.sent_ms, c.sent_ms AS reply_ms,
    c.sent_ms - o.sent_ms AS delay_ms${pmExtra}
  FROM ordered o
  LEFT JOIN clinician_turn c ON c.thread_id = o.thread_id AND c.clinician_seq = o.clinicians_by_now + 1
  WHERE o.is_clinician = 0 AND ${periodFilter(shape, 'o')}
),
${businessCtes(o)}`;
}

function businessCtes(o: StepOptions): string {
  if (!o.businessHours) return 'pmb AS (SELECT * FROM pm)';
  const clock = (local: string, day: string) => businessClock(local, day, o.holidays);
  return `biz_days AS (
  SELECT *, ${dayNumber('local_ms')} AS p_day, ${dayNumber('reply_local_ms')} AS r_day FROM pm
),
pmb AS (
  SELECT *, ${clock('reply_local_ms', 'r_day')} - ${clock('local_ms', 'p_day')} AS bdelay_ms FROM biz_days
)`;
}

/** `per_thread` (turns, starter and first message), `earlier` (threads begun before the period) and `t`. */
export function threadCtes(shape: Shape, o: StepOptions): string {
  // A turn starts where the side changes, and at the first message (prev_is_clinician NULL: the comparison
  // is not true); the first message is the one without a previous one.
  return `per_thread AS (
  SELECT thread_id, sum(CASE WHEN is_clinician = prev_is_clinician THEN 0 ELSE 1 END) AS turns,
    max(CASE WHEN prev_is_clinician IS NULL THEN is_clinician END) AS starter_is_clinician,
    max(CASE WHEN prev_is_clinician IS NULL THEN department_id END) AS department_id,
    max(CASE WHEN prev_is_clinician IS NULL THEN year END) AS year,
    max(CASE WHEN prev_is_clinician IS NULL THEN month_idx END) AS month_idx
  FROM ordered
  GROUP BY thread_id
),
earlier AS (
  -- Threads of the scan with a message before the period started before it: an earlier period's. Only
  -- the threads that would count are looked up (a semi-join), not every thread of the years before.
  -- The lookup set is per_thread's (one row per thread, in the period), not base's (one per message):
  -- a small distinct build side lets the engine push its thread_id range into the Parquet scan of the
  -- earlier years and skip row groups by their statistics (DuckDB did not with base's 1M rows: it
  -- read 4M rows at 5M messages; now ~80k), and each probe is cheaper. The answer is the same. The months
  -- before the period are also written on year and month (base.ts: no engine prunes folders on month_idx),
  -- so the period's first year is read only for its months before the period (none for a study from January).
  SELECT DISTINCT m.thread_id
  FROM messages m
  WHERE ${nonSystem('m')}
    AND m.sent_at <= CAST(:cutoff AS timestamp)
    AND m.year <= :scan_from_year
    AND (m.year < :scan_from_year OR m.month < :scan_from_month)
    AND m.year * 12 + m.month - 1 < :from_idx
    AND m.thread_id IN (SELECT thread_id FROM per_thread p WHERE ${periodFilter(shape, 'p')})
),
t AS (
  SELECT ${periodExpr(shape.grain, 'p')} AS period, p.department_id,${o.byYear ? ' p.year,' : ''}
    CASE WHEN p.starter_is_clinician = 1 THEN 'clinician' ELSE 'patient' END AS starter,
    CAST(ceil(CAST(p.turns AS double) / 2) AS bigint) AS rounds
  FROM per_thread p
  LEFT JOIN earlier e ON e.thread_id = p.thread_id
  WHERE e.thread_id IS NULL AND ${periodFilter(shape, 'p')}
)`;
}
