// Glue column lists generated from lib/lake/layout.ts, the one description of the lake that ingestion
// writes and the DuckDB views read, so the Athena tables cannot drift from the files.
import {
  CLINICIAN_COLUMNS,
  LAKE_TABLES,
  DEPARTMENT_COLUMNS,
  LOAD_COLUMNS,
  MESSAGE_COLUMNS,
  MESSAGE_PARTITION_COLUMNS,
  MESSAGE_PROJECTION,
} from '../lake/layout.ts';

export interface GlueColumn {
  name: string;
  type: string;
}

type ColumnList = readonly (readonly [string, string])[];

export function glueColumns(columns: ColumnList): GlueColumn[] {
  return columns.map(([name, type]) => ({ name, type }));
}

export const LAKE_GLUE_COLUMNS = {
  messages: glueColumns(MESSAGE_COLUMNS),
  messagePartitions: glueColumns(MESSAGE_PARTITION_COLUMNS),
  clinicians: glueColumns(CLINICIAN_COLUMNS),
  departments: glueColumns(DEPARTMENT_COLUMNS),
  loads: glueColumns(LOAD_COLUMNS),
};

/**
 * Partition projection for messages/year=YYYY/month=MM/: both keys integers, the month zero-padded to two
 * digits, exactly as ingestion names the folders. These belong in the TABLE's Parameters (Glue accepts
 * them in the storage descriptor too, silently, and Athena then ignores them).
 */
export function messageProjectionParameters(lakeBucket: string, years: [number, number]): Record<string, string> {
  return {
    'projection.enabled': 'true',
    'projection.year.type': MESSAGE_PROJECTION.year.type,
    'projection.year.range': `${years[0]},${years[1]}`,
    'projection.month.type': MESSAGE_PROJECTION.month.type,
    'projection.month.range': MESSAGE_PROJECTION.month.range.join(','),
    'projection.month.digits': String(MESSAGE_PROJECTION.month.digits),
    'storage.location.template': `s3://${lakeBucket}/${LAKE_TABLES.messages}/${MESSAGE_PROJECTION.locationTemplate}`,
  };
}
