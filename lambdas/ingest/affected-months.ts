// Which lake partitions an export can touch, so the handler downloads those and not the whole lake.
// Partitions are by LOCAL year and month; a sent_at as written (wall clock, or with an offset of at most
// ±18 h) lies within a day of its local time, so the written month and its two neighbours cover every
// partition its row can land in. An export DuckDB cannot even read this way returns null: the caller
// then downloads all partitions and lets ingest report the file's problem properly.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { addMonths, isMonth } from '../../lib/period/index.ts';

/** Months ("YYYY-MM") whose partitions the export's messages may land in, or null if unknown. */
export async function affectedMonths(inputDir: string): Promise<Set<string> | null> {
  const csv = join(inputDir, 'messages.csv');
  const ndjson = join(inputDir, 'messages.ndjson');
  const source = existsSync(csv)
    ? `read_csv(${quote(csv)}, header = true, all_varchar = true, ignore_errors = true)`
    : existsSync(ndjson)
      ? `read_json(${quote(ndjson)}, format = 'newline_delimited', columns = {sent_at: 'VARCHAR'}, ignore_errors = true)`
      : null;
  if (!source) return null;
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT DISTINCT left(trim(CAST(sent_at AS VARCHAR)), 7) AS m FROM ${source} WHERE sent_at IS NOT NULL`,
    );
    const months = new Set<string>();
    for (const [m] of reader.getRows()) {
      if (isMonth(m)) for (const by of [-1, 0, 1]) months.add(addMonths(m, by));
    }
    return months;
  } catch {
    return null;
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

function quote(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}
