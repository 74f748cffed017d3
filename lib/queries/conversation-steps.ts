// The steps (CTEs) of the conversations query (conversations.ts), in the order the query runs them:
// thread order, replies, business-hours delays, then the threads and their rounds.
import { nonSystem } from './base.ts';
import type { Fragments } from './fragments.ts';
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
/** Every later message of the thread, in thread order: where each message's next clinician message is looked for. */
const LATER = `${ORDER} ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING`;

/**
 * What the sort carries beside its keys: only what this variant reads, local times for business hours and
 * the replying clinician's category for reply categories (and base joins the roster only then).
 */
function carried(o: StepOptions): string[] {
  return [...(o.businessHours ? ['local_ms'] : []), ...(o.byReplyCategory ? ['category'] : [])];
}

/** The message's own local time (`table` its qualifier, e.g. 'o.'), which only the business-hours variant reads. */
function ownLocal(o: StepOptions, table = ''): string {
  return o.businessHours ? `, ${table}local_ms` : '';
}

/** Of the next clinician message: its instant, and what the variant reads of it (carried). */
function nextColumns(o: StepOptions): { from: string; as: string }[] {
  return ['sent_ms', ...carried(o)].map((c) => ({ from: c, as: c === 'sent_ms' ? 'next_ms' : `next_${c}` }));
}

/** `ordered`: every message of the scan in thread order, with what the turns and the replies need. */
export function orderedCte(shape: Shape, o: StepOptions, f: Fragments): string {
  const input = carried(o)
    .map((c) => `, ${c}`)
    .join('');
  // The department rides along only when there are department rows (the sort carries every column).
  const dept = shape.byDepartment ? 'department_id' : 'CAST(NULL AS varchar) AS department_id';
  // IGNORE NULLS skips the patient messages (the CASE gives them NULL). Each carried column is set on every
  // clinician message (base: the category falls back to 'unknown/...'; ingestion sets every row's local_ts), so
  // all next_ columns come from the same message.
  const next = nextColumns(o)
    .map((c) => `,\n    ${f.firstNonNull(`CASE WHEN is_clinician = 1 THEN ${c.from} END`)} OVER (${LATER}) AS ${c.as}`)
    .join('');
  return `ordered AS (
  -- Thread order (sent_at, then message_id), in ONE sort. prev_is_clinician (the previous message's side;
  -- NULL on a thread's first message) tells where a turn starts and which message starts the thread.
  -- next_ms (and next_<column>) is of the next clinician message after this one in thread order; prev_ms,
  -- the previous message's instant, finds the instants that several messages share (shared).
  -- (is_clinician, 0 or 1, keeps the sort's payload narrow.)
  SELECT thread_id, is_clinician, ${dept}, year, month_idx, sent_ms${ownLocal(o)},
    lag(is_clinician) OVER (${ORDER}) AS prev_is_clinician,
    lag(sent_ms) OVER (${ORDER}) AS prev_ms${next}
  FROM (SELECT thread_id, message_id, CASE WHEN side = 'clinician' THEN 1 ELSE 0 END AS is_clinician, department_id, year,
      month_idx, sent_ms${input} FROM base) b
)`;
}

/**
 * `shared`, `pm_reply` (each patient message of the period with its reply), `pm` (with the delay) and `pmb`
 * (the same with the business-hours delay, when asked).
 */
export function replyCtes(shape: Shape, o: StepOptions): string {
  const next = nextColumns(o);
  const nextList = next.map((c) => `, ${c.as}`).join('');
  // The reply is the next clinician message unless that one was sent at the patient message's own instant:
  // the reply must be strictly later. Then it is the one after that instant's last message, which every
  // message of the instant whose next clinician message is strictly later shares (so DISTINCT gives one row).
  const pick = (col: string) => `CASE WHEN o.next_ms = o.sent_ms THEN s.${col} ELSE o.${col} END`;
  const reply = next.map((c) => `,\n    ${pick(c.as)} AS ${c.as.replace('next_', 'reply_')}`).join('');
  const pmExtra = [
    ...(o.businessHours ? ['o.local_ms', 'o.reply_local_ms'] : []),
    ...(o.byReplyCategory ? ["coalesce(o.reply_category, '') AS reply_category"] : []),
    ...(o.byYear ? ['o.year'] : []),
  ]
    .map((c) => `, ${c}`)
    .join('');
  return `shared AS (
  SELECT DISTINCT thread_id, sent_ms${nextList} FROM ordered WHERE prev_ms = sent_ms AND next_ms > sent_ms
),
pm_reply AS (
  SELECT o.department_id, o.year, o.month_idx, o.sent_ms${ownLocal(o, 'o.')}${reply}
  FROM ordered o
  LEFT JOIN shared s ON s.thread_id = o.thread_id AND s.sent_ms = o.sent_ms
  WHERE o.is_clinician = 0 AND ${periodFilter(shape, 'o')}
),
pm AS (
  SELECT ${periodExpr(shape.grain, 'o')} AS period, o.department_id, o.sent_ms, o.reply_ms,
    o.reply_ms - o.sent_ms AS delay_ms${pmExtra}
  FROM pm_reply o
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
