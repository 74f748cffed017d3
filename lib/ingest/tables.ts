// The three input tables as metrics.md "Input data" defines them: file names, columns, required fields and
// enums. Validation SQL (validate-sql.ts) and the header check (header.ts) are driven from here.
import type { TableName } from './types.ts';

export interface ColumnSpec {
  name: string;
  /** Required: an empty value (after trimming) quarantines the row. */
  required: boolean;
  /** Allowed values (compared in lower case). */
  enum?: readonly string[];
}

export interface TableSpec {
  name: TableName;
  /** Accepted file names in the input folder, in order of preference. */
  files: readonly string[];
  key: string;
  columns: readonly ColumnSpec[];
}

export const SENDER_TYPES = ['patient', 'proxy', 'clinician', 'system'] as const;
export const ROLES = ['physician', 'registered_nurse', 'np_pa', 'other'] as const;
export const CARE_SETTINGS = ['primary_care', 'specialty'] as const;

export const TABLES: Record<TableName, TableSpec> = {
  messages: {
    name: 'messages',
    files: ['messages.csv', 'messages.ndjson'],
    key: 'message_id',
    columns: [
      { name: 'message_id', required: true },
      { name: 'thread_id', required: true },
      { name: 'sent_at', required: true },
      { name: 'sender_type', required: true, enum: SENDER_TYPES },
      // Required unless sender_type is system: checked in validate-sql.ts.
      { name: 'sender_id', required: false },
      { name: 'patient_id', required: true },
      { name: 'department_id', required: true },
    ],
  },
  clinicians: {
    name: 'clinicians',
    files: ['clinicians.csv'],
    key: 'clinician_id',
    columns: [
      { name: 'clinician_id', required: true },
      { name: 'role', required: true, enum: ROLES },
      { name: 'department_id', required: false },
    ],
  },
  departments: {
    name: 'departments',
    files: ['departments.csv'],
    key: 'department_id',
    columns: [
      { name: 'department_id', required: true },
      { name: 'name', required: true },
      { name: 'care_setting', required: true, enum: CARE_SETTINGS },
      { name: 'lead_emails', required: false },
    ],
  },
};
