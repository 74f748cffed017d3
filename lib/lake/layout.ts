// The lake layout, shared by ingestion (which writes it), the DuckDB engine (which reads it as views)
// and the Glue tables in the CDK app (which describe it to Athena). Change it here and in all three.

export const LAKE_FORMAT_VERSION = 1;

/** Relative folders (local) or key prefixes (S3) of each table. */
export const LAKE_TABLES = {
  /** messages/year=YYYY/month=MM/<load_id>-<n>.parquet, partitioned by LOCAL year and month. */
  messages: 'messages',
  /** clinicians/clinicians.parquet: the current roster (later loads upsert by clinician_id). */
  clinicians: 'clinicians',
  /** departments/departments.parquet: current departments (later loads upsert by department_id). */
  departments: 'departments',
  /** loads/<load_id>.parquet: one summary row per load, for the results' load totals. */
  loads: 'loads',
  /** quarantine/<load_id>.parquet (+ .csv for people): every rejected row with file, line and reason. */
  quarantine: 'quarantine',
} as const;

/** lake.json at the lake's root: the lake's format and the site time zone its local columns use. */
export const LAKE_MANIFEST = 'lake.json';

export interface LakeManifest {
  format_version: number;
  timezone: string;
  updated_at: string;
}

/**
 * Columns of the messages table, in order, with their Athena (Glue) types. Local columns are wall-clock
 * values in the lake's time zone, computed once at ingestion so no query converts time zones.
 * Partition columns (year, month) are not stored in the files; they come from the folder names.
 */
export const MESSAGE_COLUMNS = [
  ['message_id', 'string'],
  ['thread_id', 'string'],
  ['sent_at', 'timestamp'], // UTC instant, millisecond precision
  ['sender_type', 'string'], // patient | proxy | clinician | system (lower case)
  ['sender_id', 'string'], // null for system messages
  ['patient_id', 'string'],
  ['department_id', 'string'],
  ['local_ts', 'timestamp'], // wall-clock local time (naive), millisecond precision
  ['local_date', 'date'],
  ['local_hour', 'int'], // 0..23
  ['local_minute_of_day', 'int'], // 0..1439
  ['local_iso_dow', 'int'], // 1 = Monday .. 7 = Sunday
  ['load_id', 'string'], // the load that wrote the row
] as const;

export const MESSAGE_PARTITION_COLUMNS = [
  ['year', 'int'], // folder year=YYYY
  ['month', 'int'], // folder month=MM (zero-padded)
] as const;

/**
 * Partition projection of messages/year=YYYY/month=MM/ (Athena's Glue table and the Trino table alike):
 * both keys integers, the month zero-padded to two digits, exactly as ingestion names the folders. The
 * year range is the deployment's (a setting), so it is not fixed here.
 */
export const MESSAGE_PROJECTION = {
  year: { type: 'integer' },
  month: { type: 'integer', range: [1, 12], digits: 2 },
  /** Below the table's location; `${key}` is replaced by each projected value. */
  locationTemplate: 'year=${year}/month=${month}/',
} as const;

export const CLINICIAN_COLUMNS = [
  ['clinician_id', 'string'],
  ['role', 'string'], // physician | registered_nurse | np_pa | other
  ['department_id', 'string'],
] as const;

export const DEPARTMENT_COLUMNS = [
  ['department_id', 'string'],
  ['name', 'string'],
  ['care_setting', 'string'], // primary_care | specialty
  ['lead_emails', 'string'], // ';'-separated, may be empty
] as const;

export const LOAD_COLUMNS = [
  ['load_id', 'string'],
  ['loaded_at', 'timestamp'],
  ['source', 'string'],
  ['rows_read', 'bigint'],
  ['accepted', 'bigint'],
  ['duplicates', 'bigint'],
  ['quarantined', 'bigint'],
  ['summary_json', 'string'], // the load's summary (quarantine reasons, DST counts) as JSON text
] as const;

export const QUARANTINE_COLUMNS = [
  ['load_id', 'string'],
  ['table_name', 'string'], // messages | clinicians | departments
  ['source_file', 'string'],
  ['line', 'bigint'], // 1-based line of the row in its file (header is line 1 in CSV)
  ['reason', 'string'],
  ['raw', 'string'], // the row as read, for the analytics team only (may hold patient ids)
] as const;
