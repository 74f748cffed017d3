// Moving the lake between S3 and the Lambda's /tmp: before a load, the roster tables, the loads, the
// manifest and the message partitions the export can touch; after it, exactly the files ingest reports as
// written (uploaded) and deleted (removed). Quarantine files go to the quarantine bucket, not the lake.
import type { S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { LAKE_TABLES } from '../../lib/lake/layout.ts';
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

/** Uploads what the load wrote and removes what it deleted; returns the counts. */
export async function uploadChanges(b: LakeBuckets, lakeDir: string, written: string[], deleted: string[]): Promise<{ uploaded: number; removed: number }> {
  const quarantinePrefix = `${LAKE_TABLES.quarantine}/`;
  // Upload first, delete second: a crash in between leaves a replaced partition file beside its
  // replacement (never a partition missing); re-putting the upload's READY marker loads it again, and the
  // merge by message_id folds both files into one.
  for (const rel of written) {
    const bucket = rel.startsWith(quarantinePrefix) ? b.quarantine : b.lake;
    const type = rel.endsWith('.json') ? 'application/json' : rel.endsWith('.csv') ? 'text/csv' : 'application/vnd.apache.parquet';
    await uploadFile(b.client, bucket, rel, join(lakeDir, ...rel.split('/')), type);
  }
  for (const rel of deleted) {
    if (rel.startsWith(quarantinePrefix)) continue;
    await deleteObject(b.client, b.lake, rel);
  }
  return { uploaded: written.length, removed: deleted.length };
}
