// Response time and thread rounds in ONE query: both need every thread's messages in order, and that
// window sort is the dearest step of the analyses, so it is done once. The query returns two kinds of row,
// told apart by `part`: 'response' rows and 'threads' rows (the other part's columns are NULL).
//
// Response: a patient-side message's reply is the first clinician-side message of the same thread strictly
// later than it; of several clinician messages at that instant, the first by message_id. Delays are
// differences of epoch milliseconds, never date_diff (Trino counts whole units, DuckDB boundaries).
// Threads: a turn is a maximal run of one side in thread order (sent_at, then message_id); rounds =
// ceil(turns / 2). A thread belongs to the period and department of its first message; its later messages
// are followed up to the cut-off. The CTEs are built step by step in conversation-steps.ts.
import { baseParams } from './base.ts';
import { type ColumnType, numberedParams, type Params, type QueryDef } from './contract.ts';
import { orderedCte, replyCtes, type StepOptions, threadCtes } from './conversation-steps.ts';
import type { Fragments } from './fragments.ts';
import { type QueryPart, standalone } from './part.ts';
import { DELAY_BUCKETS } from './response.ts';
import { KEY_COLUMNS, periodParams, shapeName, type Shape } from './shape.ts';

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

/**
 * Every column a conversations query can have, in SELECT order; the names are the JSON results' (within_1d
 * is results.md's within_1d). `year` only with byYear, the b_ (business hours) columns only with businessHours.
 * - response rows: reply_category (NULL on the headline rows; with byReplyCategory, organisation rows per
 *   category, '' for messages without reply), patient_messages .. p90_hours, h0..h6 (one per DELAY_BUCKETS),
 *   b_within_1d, b_within_3d, b_median_hours;
 * - threads rows: starter ('patient' | 'clinician'), threads, r1..r4, r5plus, le4_rounds (rounds <=
 *   :max_rounds, threads.max_rounds, which results.md calls le4_rounds after its default).
 */
export const CONVERSATION_COLUMNS = {
  part: 'varchar',
  ...KEY_COLUMNS,
  year: 'bigint',
  reply_category: 'varchar',
  starter: 'varchar',
  patient_messages: 'bigint',
  answered: 'bigint',
  within_1d: 'bigint',
  within_3d: 'bigint',
  unanswered: 'bigint',
  pending: 'bigint',
  median_hours: 'double',
  p90_hours: 'double',
  h0: 'bigint',
  h1: 'bigint',
  h2: 'bigint',
  h3: 'bigint',
  h4: 'bigint',
  h5: 'bigint',
  h6: 'bigint',
  b_within_1d: 'bigint',
  b_within_3d: 'bigint',
  b_median_hours: 'double',
  threads: 'bigint',
  r1: 'bigint',
  r2: 'bigint',
  r3: 'bigint',
  r4: 'bigint',
  r5plus: 'bigint',
  le4_rounds: 'bigint',
} as const;
export type ConversationColumns = typeof CONVERSATION_COLUMNS;
export type DelayColumn = `h${0 | 1 | 2 | 3 | 4 | 5 | 6}`;

if (DELAY_BUCKETS.length !== 7) throw new Error('conversations: one h<i> column per DELAY_BUCKETS entry');
const BUSINESS_COLUMNS = new Set(['b_within_1d', 'b_within_3d', 'b_median_hours']);

/** The columns of one variant: the full list without what its options leave out. */
function variantColumns(opts: ConversationOptions): Partial<ConversationColumns> {
  return Object.fromEntries(
    Object.entries(CONVERSATION_COLUMNS).filter(
      ([name]) => (name !== 'year' || opts.byYear) && (!BUSINESS_COLUMNS.has(name) || opts.businessHours),
    ),
  );
}

/**
 * Values: base scan (period start .. cut-off), :from_idx, :to_idx, :cutoff_ms, :short_ms, :long_ms,
 * :follow_ms (the settings' hours in ms: any number), :max_rounds; with businessHours :bh_start_ms,
 * :bh_len_ms, :bh_short_ms, :bh_long_ms and :holiday_1 .. :holiday_<holidays> (day numbers).
 */
function conversationParams(shape: Shape, opts: ConversationOptions, holidays: number): Params {
  const business: Params = { bh_start_ms: 'bigint', bh_len_ms: 'bigint', bh_short_ms: 'bigint', bh_long_ms: 'bigint' };
  return {
    ...baseParams(),
    ...periodParams(shape),
    cutoff_ms: 'bigint',
    short_ms: 'double',
    long_ms: 'double',
    follow_ms: 'double',
    max_rounds: 'bigint',
    ...(opts.businessHours ? business : {}),
    ...numberedParams('holiday_', holidays, 'bigint'),
  };
}

function conversationsName(shape: Shape, opts: ConversationOptions, holidays: number): string {
  const parts = [
    `conversations.${shapeName(shape)}`,
    opts.byReplyCategory ? '.reply_categories' : '',
    opts.businessHours ? '.business_hours' : '',
    holidays ? `.holidays${holidays}` : '',
    opts.byYear ? '.years' : '',
  ];
  return parts.join('');
}

const count = (cond: string) => `sum(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;

/** The response rows' aggregates, by column. */
function responseExprs(f: Fragments, opts: ConversationOptions): Record<string, string> {
  const hist = DELAY_BUCKETS.map((b, i) => {
    const lo = b.from_hours * 3_600_000;
    const cond = b.to_hours === null ? `delay_ms >= ${lo}` : `delay_ms >= ${lo} AND delay_ms < ${b.to_hours * 3_600_000}`;
    return [`h${i}`, count(cond)];
  });
  const business = {
    b_within_1d: count('bdelay_ms <= :bh_short_ms'),
    b_within_3d: count('bdelay_ms <= :bh_long_ms'),
    b_median_hours: f.percentile('CAST(bdelay_ms AS double) / 3600000', 0.5),
  };
  return {
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
    ...Object.fromEntries(hist),
    ...(opts.businessHours ? business : {}),
  };
}

/** The threads rows' aggregates, by column. */
function threadExprs(opts: ConversationOptions): Record<string, string> {
  return {
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
}

/** One SELECT list over the part-specific columns: the given expressions, typed NULLs for the rest (UNION ALL needs both). */
function selectList(columns: Partial<ConversationColumns>, exprs: Record<string, string>): string {
  return (Object.entries(columns) as [string, ColumnType | undefined][])
    .filter((e): e is [string, ColumnType] => e[1] !== undefined && !['part', 'period', 'department_id'].includes(e[0]))
    .map(([name, type]) => `${exprs[name] ?? `CAST(NULL AS ${type})`} AS ${name}`)
    .join(',\n  ');
}

/** The grouping of each part: department rows beside the organisation's, reply categories and years as asked. */
function groupings(shape: Shape, opts: ConversationOptions): { response: string; threads: string } {
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
  return {
    response: `GROUP BY GROUPING SETS (${responseSets.join(', ')})`,
    threads: threadSets.length > 1 ? `GROUP BY GROUPING SETS (${threadSets.join(', ')})` : 'GROUP BY period, starter',
  };
}

/** See CONVERSATION_COLUMNS for the rows and conversationParams for the values. */
export function conversationsQuery(shape: Shape, opts: ConversationOptions): QueryDef<ConversationColumns> {
  return standalone(conversationsPart(shape, opts));
}

/** conversationsQuery's steps over `base` (part.ts), also a part of the study's combined query. */
export function conversationsPart(shape: Shape, opts: ConversationOptions): QueryPart<ConversationColumns> {
  const holidays = opts.businessHours ? (opts.holidays ?? 0) : 0;
  const columns = variantColumns(opts);
  const stepOpts: StepOptions = { ...opts, byYear: opts.byYear ?? false, holidays };
  const dept = shape.byDepartment ? 'department_id' : 'CAST(NULL AS varchar) AS department_id';
  const group = groupings(shape, opts);
  return {
    name: conversationsName(shape, opts, holidays),
    params: conversationParams(shape, opts, holidays),
    columns,
    base: { withCategory: opts.byReplyCategory, withThreads: true, withLocalMs: opts.businessHours },
    steps: (f) => `${orderedCte(shape, stepOpts, f)},
${replyCtes(shape, stepOpts)},
${threadCtes(shape, stepOpts)}
SELECT 'response' AS part, period, ${dept},
  ${selectList(columns, responseExprs(f, opts))}
FROM pmb
${group.response}
UNION ALL
SELECT 'threads' AS part, period, ${dept},
  ${selectList(columns, threadExprs(opts))}
FROM t
${group.threads}`,
  };
}
