// The ingest handler: an upload's READY marker → download the export and the lake partitions it can
// touch into /tmp → lib/ingest → upload what it wrote, delete what it replaced → log and metric.
// A user-fixable problem in the export (its message names the file, line and reason) is logged and
// counted (IngestRejected), not thrown: retrying the same file cannot fix it.
import type { S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { UserError } from '../../lib/errors/index.ts';
import { ingest, type LoadSummary } from '../../lib/ingest/index.ts';
import type { Settings } from '../../lib/settings/index.ts';
import { S3Storage } from '../../lib/storage/s3-storage.ts';
import { PREFIXES, UPLOAD_READY_MARKER } from '../../lib/handler-contract/index.ts';
import { createLogger, errorFields, type Logger } from '../shared/log.ts';
import { downloadToFile } from '../shared/s3-files.ts';
import { affectedMonths } from './affected-months.ts';
import { downloadLake, settleLake, uploadChanges } from './lake-sync.ts';

/** The EventBridge "Object Created" event of the READY marker (fields the handler reads). */
export interface UploadReadyEvent {
  detail: { bucket: { name: string }; object: { key: string } };
}

export interface IngestDeps {
  client: S3Client;
  rawBucket: string;
  lakeBucket: string;
  quarantineBucket: string;
  settings: Settings;
  /** Parent of the per-run work folder (default the OS temp dir, /tmp on Lambda). */
  workRoot?: string;
  logger?: Logger;
  /** Test seam: each step of publishing the load to the lake bucket (lib/lake/shared-lake.ts). */
  onSyncStep?: (step: string) => void | Promise<void>;
}

export type IngestOutcome =
  | { status: 'loaded'; export: string; summary: Omit<LoadSummary, 'written' | 'deleted'>; uploaded: number; removed: number }
  | { status: 'rejected'; export: string; error: string };

/** uploads/<export>/READY; export names use letters, digits, '.', '_' and '-' (docs/deploy.md). */
const MARKER = new RegExp(`^(${PREFIXES.uploads}[A-Za-z0-9._-]+/)${UPLOAD_READY_MARKER}$`);

export function createIngestHandler(deps: IngestDeps): (event: UploadReadyEvent) => Promise<IngestOutcome> {
  return async (event) => {
    const key = event?.detail?.object?.key;
    const bucket = event?.detail?.bucket?.name;
    const m = typeof key === 'string' ? MARKER.exec(key) : null;
    if (!m || bucket !== deps.rawBucket) {
      throw new Error(
        `ingest: expected the READY marker of an upload, s3://${deps.rawBucket}/uploads/<export>/READY with <export> made of letters, ` +
          `digits, '.', '_' or '-'; got s3://${bucket}/${key}`,
      );
    }
    const prefix = m[1]!;
    const exportName = prefix.slice(PREFIXES.uploads.length, -1);
    const log = (deps.logger ?? createLogger({ handler: 'ingest' })).with({ export: exportName });
    const work = mkdtempSync(join(deps.workRoot ?? tmpdir(), 'ingest-'));
    try {
      const inputDir = join(work, 'input');
      const lakeDir = join(work, 'lake');
      const raw = new S3Storage({ client: deps.client, bucket: deps.rawBucket, prefix });
      const files = (await raw.list('')).filter((k) => k !== UPLOAD_READY_MARKER && !k.includes('/'));
      for (const f of files) await downloadToFile(deps.client, deps.rawBucket, prefix + f, join(inputDir, f));
      log.info('export downloaded', { files });

      const months = await affectedMonths(inputDir);
      const buckets = { client: deps.client, lake: deps.lakeBucket, quarantine: deps.quarantineBucket };
      // Repair an interrupted load first (and refuse while a live one holds the lake), so the copy is whole.
      const basedOn = await settleLake(buckets, lakeDir);
      const got = await downloadLake(buckets, lakeDir, months);
      log.info('lake partitions downloaded', { lake_files: got.files, months: months ? [...months].sort() : 'all' });

      let summary: LoadSummary;
      try {
        summary = await ingest({
          inputDir,
          lakeDir,
          settings: deps.settings,
          onProgress: (p) => log.info('progress', { stage: p.stage, rows: p.rows }),
        });
      } catch (e) {
        if (e instanceof UserError) {
          const error = String((e as Error).message)
            .split(inputDir + posix.sep)
            .join('');
          log.error('export rejected', { ...errorFields(e), error });
          log.metrics({ IngestRejected: 1 });
          return { status: 'rejected', export: exportName, error };
        }
        throw e;
      }
      const sync = await uploadChanges(buckets, lakeDir, summary.load_id, summary.written, summary.deleted, basedOn, deps.onSyncStep);
      const { written: _w, deleted: _d, ...rest } = summary;
      log.info('load complete', { load_id: summary.load_id, summary: rest, uploaded: sync.uploaded, removed: sync.removed });
      log.metrics(
        {
          RowsRead: summary.rows_read,
          Accepted: summary.accepted,
          Duplicates: summary.duplicates,
          Quarantined: summary.quarantined,
          IngestRejected: 0,
        },
        { load_id: summary.load_id },
      );
      return { status: 'loaded', export: exportName, summary: rest, ...sync };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
}
