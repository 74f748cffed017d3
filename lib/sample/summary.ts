// What a generated sample holds, counted as it was written, so ingestion tests can reconcile a load
// against it (rows read = accepted + duplicates + quarantined, DST counts, reasons).

export interface SampleOptions {
  outDir: string;
  /** Data rows of the messages file (header excluded), injected rows included. At least 1,000. */
  messages: number;
  seed?: number;
  format?: 'csv' | 'ndjson';
  fromYear?: number;
  toYear?: number;
  onProgress?: (written: number) => void;
}

export interface SampleSummary {
  outDir: string;
  /** Absolute paths of the files written. */
  files: { messages: string; clinicians: string; departments: string };
  format: 'csv' | 'ndjson';
  seed: number;
  fromYear: number;
  toYear: number;
  /** Data rows in the messages file (= the requested count), every injected row included. */
  rows: number;
  departments: number;
  /** Departments given a very low fixed volume (small-cell suppression). */
  tinyDepartments: string[];
  clinicians: number;
  /** Clinician ids that write messages but are absent from clinicians.csv. */
  unknownClinicianIds: number;
  /** Genuine messages (injected extra rows excluded) by sender type. */
  messagesBySenderType: { patient: number; proxy: number; clinician: number; system: number };
  /** Clinician messages whose sender_id is not on the roster. */
  unknownClinicianMessages: number;
  threads: number;
  threadsStartedByClinician: number;
  /** Threads whose messages fall in more than one local calendar month / year. */
  threadsSpanningMonths: number;
  threadsSpanningYears: number;
  /** Patient turns of two or more messages that a clinician then answered. */
  patientBursts: number;
  /** Patient-side messages with no later clinician message in their thread. */
  unansweredPatientMessages: number;
  /** Latest sent_at written (ISO, UTC): the default data cut-off. */
  lastSentAt: string;
  /** Valid rows written in a non-canonical case (sender_type in messages; role; care_setting). */
  enumCaseVariants: { messages: number; clinicians: number; departments: number };
  /** CSV message rows with every non-empty field quoted (0 for NDJSON). */
  quotedRows: number;
  /** Spellings of sent_at over every row except the broken ones. */
  timestamps: { z: number; offset: number; local: number; withMilliseconds: number };
  /** Wall-clock sent_at values in the repeated hour (read with the earlier offset) and in the skipped hour. */
  dst: { repeated: number; skipped: number };
  injected: {
    /** Extra rows byte-identical to the row before them: each is dropped once as a duplicate. */
    exactDuplicates: number;
    /** message_ids written twice with different content: both rows are quarantined (2 rows each). */
    conflictingIds: number;
    /** Extra rows that break one rule each, by the reason an ingester should give. */
    broken: { missing_field: number; bad_enum: number; bad_timestamp: number };
  };
  /** What a correct ingestion of this sample reports. */
  expectedLoad: { rowsRead: number; accepted: number; duplicates: number; quarantined: number };
  /** Wall-clock seconds the generation took. */
  seconds: number;
}
