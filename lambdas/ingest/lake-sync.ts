// Moving the lake between S3 and the Lambda's /tmp: before a load, the roster tables, the loads, the
// manifest and the message partitions the export can touch; after it, exactly the files ingest reports as
// written (uploaded) and deleted (removed). Quarantine files go to the quarantine bucket, not the lake.
import type { S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { LAKE_TABLES } from '../../lib/lake/layout.ts';
import { publishSharedLoad, settleSharedLake } from '../../lib/lake/shared-lake.ts';
import { S3Storage } from '../../lib/storage/s3-storage.ts';
import { deleteObject, downloadToFile, uploadFile } from '../shared/s3-files.ts';

export interface LakeBuckets {
  client: S3Client;
  lake: string;
  quarantine: string;
}

const PARTITION = /^messages\/year=(\d{4})\/month=(\d{2})\//;

/** Downloads the lake files a load needs into lakeDir; `months` null means every partition. */
export async function downloadLake(b: LakeBuckets, lakeDir: string, months: Set<string> | null): Promise<{ files: number }> {
  const keys = await new S3Storage({ client: b.client, bucket: b.lake }).list('');
  let files = 0;
  for (const key of keys) {
    if (key.startsWith('.') || key.includes('/.')) continue; // staging or lock leftovers are never synced
    const m = PARTITION.exec(key);
    if (m && months && !months.has(`${m[1]}-${m[2]}`)) continue;
    if (!m && key.startsWith(`${LAKE_TABLES.messages}/`)) continue; // not a partition file
    await downloadToFile(b.client, b.lake, key, join(lakeDir, ...key.split('/')));
    files++;
  }
  return { files };
}

/** The lake bucket as the shared-lake protocol sees it, and how it moves one file. */
function lakeStore(b: LakeBuckets, lakeDir: string) {
  const store = new S3Storage({ client: b.client, bucket: b.lake });
  const io = {
    upload: (rel: string) =>
      uploadFile(
        b.client,
        b.lake,
        rel,
        join(lakeDir, ...rel.split('/')),
        rel.endsWith('.json') ? 'application/json' : 'application/vnd.apache.parquet',
      ),
    remove: (rel: string) => deleteObject(b.client, b.lake, rel),
  };
  return { store, io };
}

/** Before downloading: repairs an interrupted load (lease ended) and returns the last committed load. */
export async function settleLake(b: LakeBuckets, lakeDir: string): Promise<string | null> {
  const { store, io } = lakeStore(b, lakeDir);
  return settleSharedLake(store, io.remove);
}

/**
 * Uploads what the load wrote and removes what it replaced, under the shared-lake protocol
 * (lib/lake/shared-lake.ts): no reader ever sees a replaced file beside its replacement, and a crash at
 * any point is repaired by the next load. Quarantine files go to the quarantine bucket first (no reader
 * of the lake reads them).
 */
export async function uploadChanges(
  b: LakeBuckets,
  lakeDir: string,
  loadId: string,
  written: string[],
  deleted: string[],
  basedOn?: string | null,
  onStep?: (step: string) => void | Promise<void>,
): Promise<{ uploaded: number; removed: number }> {
  const quarantinePrefix = `${LAKE_TABLES.quarantine}/`;
  const quarantine = written.filter((rel) => rel.startsWith(quarantinePrefix));
  for (const rel of quarantine) {
    await uploadFile(
      b.client,
      b.quarantine,
      rel,
      join(lakeDir, ...rel.split('/')),
      rel.endsWith('.csv') ? 'text/csv' : 'application/vnd.apache.parquet',
    );
  }
  const { store, io } = lakeStore(b, lakeDir);
  const lakeWritten = written.filter((rel) => !rel.startsWith(quarantinePrefix));
  const lakeDeleted = deleted.filter((rel) => !rel.startsWith(quarantinePrefix));
  await publishSharedLoad(store, { loadId, written: lakeWritten, deleted: lakeDeleted }, io, {
    ...(basedOn !== undefined ? { basedOn } : {}),
    ...(onStep ? { onStep } : {}),
  });
  return { uploaded: written.length, removed: lakeDeleted.length };
}
