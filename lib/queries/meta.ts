// Small queries about the lake itself: cut-off, months with data, departments, load totals.
import type { QueryDef } from './contract.ts';

const LOAD_COUNTS = { rows_read: 'bigint', accepted: 'bigint', duplicates: 'bigint', quarantined: 'bigint' } as const;

/** Row: cutoff (ISO timestamp of the latest sent_at loaded, any sender), or NULL on an empty lake. */
export const cutoffQuery: QueryDef<{ cutoff: 'timestamp' }> = {
  name: 'meta.cutoff',
  params: {},
  columns: { cutoff: 'timestamp' },
  sql: () => `SELECT max(sent_at) AS cutoff FROM messages`,
};

/** Rows: month_idx, n (non-system messages) for every month with data; reads partition columns only. */
export const coverageQuery: QueryDef<{ month_idx: 'bigint'; n: 'bigint' }> = {
  name: 'meta.coverage',
  params: {},
  columns: { month_idx: 'bigint', n: 'bigint' },
  sql: () => `
SELECT year * 12 + month - 1 AS month_idx, count(*) AS n
FROM messages
WHERE sender_type IN ('patient', 'proxy', 'clinician')
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

/**
 * Row: messages, the distinct messages in the lake now (system messages included, whatever the cut-off).
 * Ingestion keeps one row per message_id across loads (docs/ingestion.md), so a count of rows is the count
 * of distinct messages, and Parquet answers it from its footers without reading a column.
 */
export const lakeTotalsQuery: QueryDef<{ messages: 'bigint' }> = {
  name: 'meta.lake_totals',
  params: {},
  columns: { messages: 'bigint' },
  sql: () => `SELECT count(*) AS messages FROM messages`,
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
