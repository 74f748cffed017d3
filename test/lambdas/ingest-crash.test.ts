// Issue 8, item 11: the ingest Lambda uploads a load's new partition files, then deletes the ones they
// replace; a crash in between used to leave both on S3, and Athena counted those messages twice. Now the
// lake's state says "deleting" (committed, not finished), the monthly run refuses that lake, and the next
// ingest finishes the deletes: afterwards every partition holds one file and no message is in the lake twice.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { awaitConsistentLake, SHARED_STATE_KEY } from '../../lib/lake/shared-lake.ts';
import { resolveSettings } from '../../lib/settings/index.ts';
import { S3Storage } from '../../lib/storage/s3-storage.ts';
import { createIngestHandler } from '../../lambdas/ingest/handler.ts';
import { startS3rver, type S3rverHandle } from '../storage/s3rver.ts';
import { query } from '../ingest/helpers.ts';
import { BUCKETS, downloadBucket, putText, readyEvent, uploadFolder } from './stand-ins.ts';

const settings = resolveSettings({});
let s3: S3rverHandle;
let work: string;
const HEADER = 'message_id,thread_id,sent_at,sender_type,sender_id,patient_id,department_id';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pp-ingest-crash-'));
  s3 = await startS3rver(Object.values(BUCKETS));
}, 30_000);
afterAll(async () => {
  await s3?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function upload(name: string, rows: string[]): Promise<ReturnType<typeof readyEvent>> {
  const dir = join(work, name);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'messages.csv'), [HEADER, ...rows].join('\n') + '\n');
  writeFileSync(join(dir, 'clinicians.csv'), 'clinician_id,role,department_id\nc1,physician,d1\n');
  writeFileSync(join(dir, 'departments.csv'), 'department_id,name,care_setting,lead_emails\nd1,Family Medicine,primary_care,\n');
  await uploadFolder(s3.client(), BUCKETS.raw, `uploads/${name}/`, dir);
  await putText(s3.client(), BUCKETS.raw, `uploads/${name}/READY`, '');
  return readyEvent(BUCKETS.raw, `uploads/${name}/READY`);
}

it('a crash between the uploads and the deletes: the monthly run refuses the lake, the next load finishes it, no message ' +
  'twice', async () => {
  const handler = (onSyncStep?: (s: string) => void) =>
    createIngestHandler({
      client: s3.client(),
      rawBucket: BUCKETS.raw,
      lakeBucket: BUCKETS.lake,
      quarantineBucket: BUCKETS.quarantine,
      settings,
      workRoot: work,
      ...(onSyncStep ? { onSyncStep } : {}),
    });
  const lake = new S3Storage({ client: s3.client(), bucket: BUCKETS.lake });
  expect(
    (
      await handler()(
        await upload('first', ['m1,t1,2017-06-01T10:00:00Z,patient,p1,p1,d1', 'm2,t1,2017-06-02T10:00:00Z,clinician,c1,p1,d1']),
      )
    ).status,
  ).toBe('loaded');

  // The second load rewrites June (m3 joins it): crash right after its commit, before the old June file goes.
  const second = await upload('second', ['m3,t1,2017-06-03T10:00:00Z,patient,p1,p1,d1']);
  await expect(
    handler((s) => {
      if (s === 'phase:deleting') throw new Error('Lambda timed out');
    })(second),
  ).rejects.toThrow('Lambda timed out');
  const june = (await lake.list('messages/year=2017/month=06/')).length;
  expect(june).toBe(2); // the old June file beside its replacement: what Athena used to double count

  // The monthly run does not read it: it waits (here not at all) while the load's lease lasts...
  await expect(awaitConsistentLake(lake, { waitMs: 0 })).rejects.toThrow(/has been loading since .* timed out/);
  // ...and refuses once the lease has run out (moved into the past here instead of waiting 20 minutes).
  const state = JSON.parse((await lake.get(SHARED_STATE_KEY))!.toString('utf8'));
  expect(state).toMatchObject({ phase: 'deleting', deleted: [expect.stringMatching(/^messages\/year=2017\/month=06\//)] });
  await lake.put(SHARED_STATE_KEY, JSON.stringify({ ...state, lease_until: '2000-01-01T00:00:00.000Z' }));
  await expect(awaitConsistentLake(lake, { waitMs: 0 })).rejects.toThrow(
    /a load was interrupted at .*; run ingest to finish or roll it back/,
  );

  // The next load (the READY marker put again) finishes the interrupted one first.
  const again = await handler()(second);
  expect(again.status).toBe('loaded');
  expect(await lake.list('messages/year=2017/month=06/')).toHaveLength(1);
  await (await awaitConsistentLake(lake))();
  const dir = join(work, 'downloaded');
  await downloadBucket(s3.client(), BUCKETS.lake, dir);
  const [counts] = await query(
    `SELECT count(*)::INTEGER AS n, count(DISTINCT message_id)::INTEGER AS ids FROM read_parquet('${dir}/messages/*/*/*.parquet')`,
  );
  expect(counts).toEqual({ n: 3, ids: 3 });
}, 120_000);
