// Small queries about the lake itself: its summary (cut-off, months with data, messages), departments, loads.
import { nonSystem } from './base.ts';
import type { QueryDef } from './contract.ts';

const LOAD_COUNTS = { rows_read: 'bigint', accepted: 'bigint', duplicates: 'bigint', quarantined: 'bigint' } as const;

/**
 * Rows: one per month with any message (month_idx, from the partition columns), in order: n, its non-system
 * messages (0 for a month of system messages only); messages, all its rows; latest, its latest sent_at (any
 * sender). What a run first asks of the lake, in one scan: the cut-off (the latest sent_at of all), the months
 * with data (n > 0) and the lake's message count (the sum of messages: ingestion keeps one row per
 * message_id across loads, docs/ingestion.md, so rows are distinct messages). Three queries before, each a
 * scan of the whole lake (and each billed Athena's 10 MB minimum).
 */
const LAKE_SUMMARY_COLUMNS = { month_idx: 'bigint', n: 'bigint', messages: 'bigint', latest: 'timestamp' } as const;
export const lakeSummaryQuery: QueryDef<typeof LAKE_SUMMARY_COLUMNS> = {
  name: 'meta.lake_summary',
  params: {},
  columns: LAKE_SUMMARY_COLUMNS,
  sql: () => `
SELECT year * 12 + month - 1 AS month_idx,
  sum(CASE WHEN ${nonSystem()} THEN 1 ELSE 0 END) AS n,
  count(*) AS messages, max(sent_at) AS latest
FROM messages
GROUP BY year * 12 + month - 1
ORDER BY 1`,
};

/** Rows: department_id, name, care_setting, lead_emails (';'-separated text). */
const DEPARTMENT_COLUMNS = { department_id: 'varchar', name: 'varchar', care_setting: 'varchar', lead_emails: 'varchar' } as const;
export const departmentsQuery: QueryDef<typeof DEPARTMENT_COLUMNS> = {
  name: 'meta.departments',
  params: {},
  columns: DEPARTMENT_COLUMNS,
  sql: () => `SELECT department_id, name, care_setting, lead_emails FROM departments ORDER BY department_id`,
};

/** Row: rows_read, accepted, duplicates, quarantined summed over every load (0 on an empty lake). */
export const loadTotalsQuery: QueryDef<typeof LOAD_COUNTS> = {
  name: 'meta.load_totals',
  params: {},
  columns: LOAD_COUNTS,
  sql: () => `
SELECT coalesce(sum(rows_read), 0) AS rows_read, coalesce(sum(accepted), 0) AS accepted,
  coalesce(sum(duplicates), 0) AS duplicates, coalesce(sum(quarantined), 0) AS quarantined
FROM loads`,
};

/** Rows: one per load (load_id, rows_read, accepted, duplicates, quarantined), in load_id order: the lake's history. */
const LOAD_COLUMNS = { load_id: 'varchar', ...LOAD_COUNTS } as const;
export const loadsQuery: QueryDef<typeof LOAD_COLUMNS> = {
  name: 'meta.loads',
  params: {},
  columns: LOAD_COLUMNS,
  sql: () => `SELECT load_id, rows_read, accepted, duplicates, quarantined FROM loads ORDER BY load_id`,
};

/**
 * Rows: the summary each load recorded (JSON text, with the messages' quarantine reasons), in load_id
 * order, for the study's data-quality counts by reason.
 */
export const loadReasonsQuery: QueryDef<{ load_id: 'varchar'; summary_json: 'varchar' }> = {
  name: 'meta.load_reasons',
  params: {},
  columns: { load_id: 'varchar', summary_json: 'varchar' },
  sql: () => `SELECT load_id, summary_json FROM loads ORDER BY load_id`,
};
