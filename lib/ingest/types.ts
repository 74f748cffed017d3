// Public types of the ingestion API (see lib/ingest/index.ts and docs/ingestion.md).
import type { Settings } from '../settings/index.ts';

export type TableName = 'messages' | 'clinicians' | 'departments';

export interface IngestProgress {
  stage: string;
  rows?: number;
}

export interface IngestOptions {
  inputDir: string;
  lakeDir: string;
  settings: Settings;
  onProgress?: (p: IngestProgress) => void;
  /**
   * Test seam: called at each named step ('staged', 'journal', 'switch:<n>' after each rename or link,
   * 'committed', 'switched'); a throw (or a kill) there simulates a load failing half-way, which must leave
   * the lake exactly as it was before the commit (the last 'switch:<n>') and exactly as loaded after it.
   */
  onStep?: (step: string) => void | Promise<void>;
  /** Test seam for reproducible loads: the load's time (default now) and id (default from the time). */
  now?: Date;
  loadId?: string;
  /** DuckDB memory limit (default '1GB'): DuckDB spills to disk above it, keeping peak memory bounded. */
  memoryLimit?: string;
}

/** Rows read = accepted + duplicates + quarantined, for each table. */
export interface TableCounts {
  source_file: string;
  rows_read: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  by_reason: Record<string, number>;
}

export interface LoadSummary {
  load_id: string;
  loaded_at: string;
  source: string;
  timezone: string;
  /** Top-level counts are the messages table's (the unit every report counts); see `tables` for all three. */
  rows_read: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  by_reason: Record<string, number>;
  /** Wall-clock sent_at values that fell in a repeated hour (earlier offset taken) or a skipped one (moved forward). */
  dst: { repeated: number; skipped: number };
  /** Accepted messages split by what they did to the lake (new + updated + unchanged = accepted). */
  messages: { new: number; updated: number; unchanged: number };
  tables: Record<TableName, TableCounts>;
  /** Lake-relative paths written and removed by this load ('/'-separated), for syncing to S3. */
  written: string[];
  deleted: string[];
  seconds: number;
}
