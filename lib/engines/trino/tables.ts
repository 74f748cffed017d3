// The lake as external Hive tables on Trino, generated from lib/lake/layout.ts, the one description of the
// lake that ingestion writes, the DuckDB views read and the CDK's Glue tables declare (lib/constructs/
// glue-columns.ts). messages is partitioned by year and month with Athena-compatible partition projection,
// the same keys, ranges and digits as the Glue table, so no partition is ever registered by hand.
import { resolve } from 'node:path';
import {
  CLINICIAN_COLUMNS,
  DEPARTMENT_COLUMNS,
  LAKE_TABLES,
  LOAD_COLUMNS,
  MESSAGE_COLUMNS,
  MESSAGE_PARTITION_COLUMNS,
  MESSAGE_PROJECTION,
} from '../../lake/layout.ts';

type Columns = readonly (readonly [string, string])[];

/** Glue/Athena type names of the layout → Trino's. Timestamps are stored with millisecond precision. */
const TRINO_TYPES: Record<string, string> = {
  string: 'varchar',
  timestamp: 'timestamp(3)',
  date: 'date',
  int: 'integer',
  bigint: 'bigint',
  double: 'double',
  boolean: 'boolean',
};

function trinoType(t: string): string {
  const v = TRINO_TYPES[t];
  if (!v) throw new Error(`lake layout type '${t}' has no Trino equivalent`);
  return v;
}

/** A single-quoted Trino string literal (table properties cannot take parameters). */
function lit(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** local:///abs/path: a location under the catalog's `local.location=/` root. */
export function localLocation(dir: string): string {
  return `local://${resolve(dir)}`;
}

export const LAKE_TRINO_TABLES = ['messages', 'clinicians', 'departments', 'loads'] as const;

export interface TableOptions {
  catalog: string;
  schema: string;
  lakeDir: string;
  /** First and last year that partition projection enumerates for messages. */
  projectionYears: [number, number];
  /** The lake's time zone (lake.json), kept in the messages table's comment so runs can check it. */
  timezone?: string;
}

const ZONE_COMMENT = /timezone=([^;\s]+)/;

/** The messages table's comment: what the lake is, and the zone its local columns were computed in. */
export function messagesComment(timezone: string | undefined): string {
  return `portal-pulse lake messages${timezone ? `; timezone=${timezone}` : ''}`;
}

/** The time zone a messages table's comment records, if any. */
export function zoneOfComment(comment: string | null | undefined): string | null {
  return ZONE_COMMENT.exec(comment ?? '')?.[1] ?? null;
}

/**
 * The DDL, in order: the schema, then for each table a DROP (external tables: Trino drops the metadata
 * and never the files) and a CREATE, so a second run replaces a table whose lake moved or whose layout
 * changed instead of keeping the old definition.
 */
export function tableStatements(o: TableOptions): string[] {
  const q = (t: string) => `${o.catalog}.${o.schema}.${t}`;
  const cols = (c: Columns) => c.map(([n, t]) => `  ${n} ${trinoType(t)}`);
  const loc = (t: keyof typeof LAKE_TABLES) => localLocation(`${o.lakeDir}/${LAKE_TABLES[t]}`);
  const flat = (t: 'clinicians' | 'departments' | 'loads', c: Columns) =>
    `CREATE TABLE ${q(t)} (\n${cols(c).join(',\n')}\n)\nWITH (format = 'PARQUET', external_location = ${lit(loc(t))})`;
  const [yearCol, monthCol] = MESSAGE_PARTITION_COLUMNS;
  const { year, month } = MESSAGE_PROJECTION;
  const projected = (name: string, type: string, p: { type: string; range: readonly [number, number]; digits?: number }) =>
    `  ${name} ${trinoType(type)} WITH (partition_projection_type = ${lit(p.type)}, ` +
    `partition_projection_range = ARRAY[${lit(String(p.range[0]))}, ${lit(String(p.range[1]))}]` +
    `${p.digits ? `, partition_projection_digits = ${p.digits}` : ''})`;
  const messages =
    `CREATE TABLE ${q('messages')} (\n${[
      ...cols(MESSAGE_COLUMNS),
      projected(yearCol[0], yearCol[1], { ...year, range: o.projectionYears }),
      projected(monthCol[0], monthCol[1], month),
    ].join(
      ',\n',
    )}\n)\nCOMMENT ${lit(messagesComment(o.timezone))}\nWITH (\n  format = 'PARQUET',\n  external_location = ${lit(loc('messages'))},\n` +
    `  partitioned_by = ARRAY[${lit(yearCol[0])}, ${lit(monthCol[0])}],\n  partition_projection_enabled = true,\n` +
    `  partition_projection_location_template = ${lit(`${loc('messages')}/${MESSAGE_PROJECTION.locationTemplate}`)}\n)`;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${o.catalog}.${o.schema}`,
    ...LAKE_TRINO_TABLES.map((t) => `DROP TABLE IF EXISTS ${q(t)}`),
    messages,
    flat('clinicians', CLINICIAN_COLUMNS),
    flat('departments', DEPARTMENT_COLUMNS),
    flat('loads', LOAD_COLUMNS),
  ];
}
