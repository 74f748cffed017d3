// The lake as DuckDB views: one view per table of lib/lake/layout.ts. A table with no files yet becomes
// an empty view with the layout's columns, so a fresh lake (or one without loads) still answers queries.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

/** Single-quoted SQL string literal (view DDL cannot take bound parameters; paths are ours, not user data). */
function lit(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
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

/** Explicit casts keep each view's column types those of the layout, whatever a writer chose. */
function castList(columns: Columns): string {
  return columns.map(([c, t]) => `CAST(${c} AS ${duckType(t)}) AS ${c}`).join(', ');
}

export function viewStatements(lakeDir: string): string[] {
  const stmts: string[] = [];
  const msgDir = join(lakeDir, LAKE_TABLES.messages);
  const allMsgCols: Columns = [...MESSAGE_COLUMNS, ...MESSAGE_PARTITION_COLUMNS];
  if (hasParquet(msgDir)) {
    const hiveTypes = MESSAGE_PARTITION_COLUMNS.map(([c, t]) => `${c}: ${duckType(t)}`).join(', ');
    stmts.push(
      `CREATE OR REPLACE VIEW messages AS SELECT ${castList(MESSAGE_COLUMNS)}, year, month FROM read_parquet(${lit(
        join(msgDir, '**', '*.parquet'),
      )}, hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`,
    );
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
        ? `CREATE OR REPLACE VIEW ${view} AS SELECT ${castList(cols)} FROM read_parquet(${lit(join(dir, '*.parquet'))}, union_by_name = true)`
        : emptyView(view, cols),
    );
  }
  return stmts;
}
