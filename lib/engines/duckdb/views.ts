// The lake as DuckDB views: one view per table of lib/lake/layout.ts. A table with no files yet becomes
// an empty view with the layout's columns, so a fresh lake (or one without loads) still answers queries.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lit } from './literal.ts';
import {
  CLINICIAN_COLUMNS,
  DEPARTMENT_COLUMNS,
  LAKE_TABLES,
  LOAD_COLUMNS,
  MESSAGE_COLUMNS,
  MESSAGE_PARTITION_COLUMNS,
} from '../../lake/layout.ts';

type Columns = readonly (readonly [string, string])[];

/** Glue/Athena type names of the layout → DuckDB type names. */
const DUCK_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  int: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

function duckType(t: string): string {
  const d = DUCK_TYPES[t];
  if (!d) throw new Error(`lake layout type '${t}' has no DuckDB equivalent`);
  return d;
}

function hasParquet(dir: string): boolean {
  if (!existsSync(dir)) return false;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name.endsWith('.parquet')) return true;
    if (statSync(p).isDirectory() && hasParquet(p)) return true;
  }
  return false;
}

function emptyView(name: string, columns: Columns): string {
  const cols = columns.map(([c, t]) => `CAST(NULL AS ${duckType(t)}) AS ${c}`).join(', ');
  return `CREATE OR REPLACE VIEW ${name} AS SELECT ${cols} WHERE false`;
}

/** Column name → DuckDB type name as the files hold it (from DESCRIBE), where known. */
export type FileTypes = Record<string, string>;

/**
 * One column of a view, of the layout's type whatever a writer chose. Where the files already hold that
 * type the column is passed through; a UTC-adjusted Parquet timestamp (read as TIMESTAMP WITH TIME ZONE)
 * becomes a naive UTC TIMESTAMP by its epoch microseconds. A plain CAST would give the same value (the
 * session is in UTC) but goes through ICU's calendar for every row: with sent_at read by nearly every
 * query that was the dearest step of a scan (1.4 s of CPU for max(sent_at) over 5 million rows, against
 * 0.2 s), and it hides the column from the Parquet reader's filters.
 */
function viewColumn(c: string, t: string, fileTypes: FileTypes): string {
  const target = duckType(t);
  const actual = fileTypes[c];
  if (actual === target) return c;
  if (target === 'TIMESTAMP' && actual === 'TIMESTAMP WITH TIME ZONE') return `make_timestamp(epoch_us(${c})) AS ${c}`;
  return `CAST(${c} AS ${target}) AS ${c}`;
}

function castList(columns: Columns, fileTypes: FileTypes = {}): string {
  return columns.map(([c, t]) => viewColumn(c, t, fileTypes)).join(', ');
}

/** The messages table's Parquet files (hive-partitioned by year and month), or null if it has none yet. */
export function messagesSource(lakeDir: string): string | null {
  const msgDir = join(lakeDir, LAKE_TABLES.messages);
  if (!hasParquet(msgDir)) return null;
  const hiveTypes = MESSAGE_PARTITION_COLUMNS.map(([c, t]) => `${c}: ${duckType(t)}`).join(', ');
  return (
    `read_parquet(${lit(join(msgDir, '**', '*.parquet'))}, hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = ` +
    `true)`
  );
}

/**
 * The views' DDL. `messageFileTypes`: the column types of the messages files (DESCRIBE of
 * messagesSource), so columns already of the layout's type are not cast row by row.
 */
export function viewStatements(lakeDir: string, messageFileTypes: FileTypes = {}): string[] {
  const stmts: string[] = [];
  const allMsgCols: Columns = [...MESSAGE_COLUMNS, ...MESSAGE_PARTITION_COLUMNS];
  const source = messagesSource(lakeDir);
  if (source) {
    stmts.push(`CREATE OR REPLACE VIEW messages AS SELECT ${castList(MESSAGE_COLUMNS, messageFileTypes)}, year, month FROM ${source}`);
  } else {
    stmts.push(emptyView('messages', allMsgCols));
  }
  const flat: [string, string, Columns][] = [
    ['clinicians', LAKE_TABLES.clinicians, CLINICIAN_COLUMNS],
    ['departments', LAKE_TABLES.departments, DEPARTMENT_COLUMNS],
    ['loads', LAKE_TABLES.loads, LOAD_COLUMNS],
  ];
  for (const [view, folder, cols] of flat) {
    const dir = join(lakeDir, folder);
    stmts.push(
      hasParquet(dir)
        ? `CREATE OR REPLACE VIEW ${view} AS SELECT ${castList(cols)} FROM read_parquet(${lit(join(dir, '*.parquet'))}, union_by_name = ` +
            `true)`
        : emptyView(view, cols),
    );
  }
  return stmts;
}
