// The shared-lake protocol (lib/lake/shared-lake.ts) against s3rver, a real S3 API on loopback: a load
// failing at every step leaves, after repair, exactly the old lake or exactly the new one; readers refuse
// an interrupted load and wait for a live one; a reader's lease keeps a load from uploading. s3rver ignores
// If-None-Match / If-Match (docs: stack notes), so the conditional requests themselves are checked at the
// SDK boundary below with aws-sdk-client-mock.
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitConsistentLake, publishSharedLoad, SHARED_STATE_KEY, settleSharedLake, type Clock } from '../../lib/lake/shared-lake.ts';
import { S3Storage } from '../../lib/storage/s3-storage.ts';
import { startS3rver, type S3rverHandle } from '../storage/s3rver.ts';

let s3: S3rverHandle;
let n = 0;
beforeAll(async () => {
  s3 = await startS3rver(['lake']);
}, 30_000);
afterAll(async () => s3?.stop());

const OLD: Record<string, string> = {
  'messages/year=2017/month=06/A-0.parquet': 'A june',
  'clinicians/clinicians.parquet': 'A roster',
  'lake.json': 'A manifest',
  'loads/A.parquet': 'A record',
};
const PLAN = {
  loadId: 'B',
  written: [
    'messages/year=2017/month=06/B-0.parquet',
    'messages/year=2017/month=07/B-0.parquet',
    'clinicians/clinicians.parquet',
    'lake.json',
    'loads/B.parquet',
  ],
  deleted: ['messages/year=2017/month=06/A-0.parquet'],
};
const NEW: Record<string, string> = {
  'messages/year=2017/month=06/B-0.parquet': 'B:messages/year=2017/month=06/B-0.parquet',
  'messages/year=2017/month=07/B-0.parquet': 'B:messages/year=2017/month=07/B-0.parquet',
  'clinicians/clinicians.parquet': 'B:clinicians/clinicians.parquet',
  'lake.json': 'B:lake.json',
  'loads/A.parquet': 'A record',
  'loads/B.parquet': 'B:loads/B.parquet',
};

function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => new Date(t), sleep: async (ms) => void (t += ms), advance: (ms) => void (t += ms) };
}

/** A fresh prefix of the bucket holding the old lake, and the protocol's view of it. */
async function oldLake() {
  const store = new S3Storage({ client: s3.client(), bucket: 'lake', prefix: `t${n++}` });
  for (const [k, v] of Object.entries(OLD)) await store.put(k, v);
  const io = { upload: (k: string) => store.put(k, `B:${k}`), remove: (k: string) => store.delete(k) };
  return { store, io };
}

/** The lake as Athena would read it: every key outside .lake/ with its content. */
async function lakeFiles(store: S3Storage): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const k of await store.list('')) if (!k.startsWith('.lake/')) out[k] = (await store.get(k))!.toString();
  return out;
}

async function stepsOfALoad(): Promise<string[]> {
  const { store, io } = await oldLake();
  const steps: string[] = [];
  await publishSharedLoad(store, PLAN, io, { clock: fakeClock(), onStep: (s) => void steps.push(s) });
  expect(await lakeFiles(store)).toEqual(NEW);
  expect(JSON.parse((await store.get(SHARED_STATE_KEY))!.toString())).toMatchObject({ phase: 'idle', last_load: 'B' });
  expect((await store.list('.lake/')).filter((k) => k !== SHARED_STATE_KEY)).toEqual([]); // backups gone
  return steps;
}

describe('shared lake on s3rver', () => {
  it('a load failing at every step: readers refuse the interrupted lake, repair gives exactly the old or the new lake', async () => {
    const steps = await stepsOfALoad();
    expect(steps[0]).toBe('phase:backing-up');
    const commit = steps.indexOf('phase:deleting');
    expect(commit).toBeGreaterThan(0);
    for (const [i, failAt] of steps.entries()) {
      const { store, io } = await oldLake();
      const clock = fakeClock();
      await expect(
        publishSharedLoad(store, PLAN, io, {
          clock,
          onStep: (s) => {
            if (s === failAt) throw new Error(`crash at ${s}`);
          },
        }),
      ).rejects.toThrow(`crash at ${failAt}`);
      if (failAt !== 'phase:idle') {
        // While the lease lasts a reader waits (here: gives up at once); after it, it refuses.
        await expect(awaitConsistentLake(store, { clock, waitMs: 0 })).rejects.toThrow(/has been loading since .* timed out/);
        clock.advance(21 * 60_000);
        await expect(awaitConsistentLake(store, { clock })).rejects.toThrow(
          /a load was interrupted at 2026-01-01T00:00:00.000Z \(load B, .*\); run ingest to finish or roll it back/,
        );
      }
      clock.advance(16 * 60_000); // the reader leases end
      const last = await settleSharedLake(store, io.remove, clock);
      const expected = i < commit ? OLD : NEW;
      expect(await lakeFiles(store), `after a crash at ${failAt}`).toEqual(expected);
      expect(last, failAt).toBe(i < commit ? null : 'B');
      expect(await settleSharedLake(store, io.remove, clock)).toBe(last); // again: nothing to do
      await (await awaitConsistentLake(store, { clock }))(); // readers go ahead now
      if (i < commit) {
        await publishSharedLoad(store, PLAN, io, { clock, basedOn: last });
        expect(await lakeFiles(store), `the load after a crash at ${failAt}`).toEqual(NEW);
      }
    }
  }, 120_000);

  it('a live load refuses a second one; a load based on an older lake is refused', async () => {
    const { store, io } = await oldLake();
    const clock = fakeClock();
    await expect(
      publishSharedLoad(store, PLAN, io, {
        clock,
        onStep: async (s) => {
          if (s !== 'phase:uploading') return;
          await expect(publishSharedLoad(store, { ...PLAN, loadId: 'C' }, io, { clock })).rejects.toThrow(
            /another load \(B\) holds the lake/,
          );
          throw new Error('stop');
        },
      }),
    ).rejects.toThrow('stop');
    clock.advance(21 * 60_000);
    expect(await settleSharedLake(store, io.remove, clock)).toBeNull();
    await publishSharedLoad(store, PLAN, io, { clock });
    await expect(publishSharedLoad(store, { ...PLAN, loadId: 'C' }, io, { clock, basedOn: null })).rejects.toThrow(
      /load B was committed after this load read the lake/,
    );
  });

  it(
    "a reader's lease keeps a load from uploading: the load gives the lake back untouched, and goes ahead once the lease " + 'ends',
    async () => {
      const { store, io } = await oldLake();
      const clock = fakeClock();
      const release = await awaitConsistentLake(store, { clock, readMs: 60_000 });
      await expect(publishSharedLoad(store, PLAN, io, { clock, readerWaitMs: 0 })).rejects.toThrow(/a monthly run is reading the lake/);
      expect(await lakeFiles(store)).toEqual(OLD);
      expect(JSON.parse((await store.get(SHARED_STATE_KEY))!.toString()).phase).toBe('idle');
      // With time to wait, the load waits out the lease (the fake clock's sleep moves time on) and loads.
      await publishSharedLoad(store, PLAN, io, { clock, readerWaitMs: 120_000 });
      expect(await lakeFiles(store)).toEqual(NEW);
      await release();
    },
  );
});

describe('conditional writes at the SDK boundary', () => {
  let mock: ReturnType<typeof mockClient>;
  beforeAll(() => {
    mock = mockClient(S3Client); // patches every S3Client: only for this block
  });
  const storage = () => new S3Storage({ client: new S3Client({ region: 'us-east-1' }), bucket: 'b', prefix: 'p' });
  const err = (name: string, status: number) =>
    new S3ServiceException({ name, message: name, $fault: 'client', $metadata: { httpStatusCode: status } });
  afterAll(() => mock.restore());

  it('putIfVersion sends If-Match with the ETag read by getVersioned', async () => {
    mock.reset();
    mock
      .on(GetObjectCommand)
      .resolves({ ETag: '"e1"', Body: { transformToByteArray: async () => new TextEncoder().encode('{}') } as never });
    mock.on(HeadObjectCommand).resolves({ ETag: '"e1"' });
    mock.on(PutObjectCommand).resolves({ ETag: '"e2"' });
    const got = await storage().getVersioned('.lake/state.json');
    expect(got).toEqual({ body: Buffer.from('{}'), version: '"e1"' });
    expect(await storage().putIfVersion('.lake/state.json', '{"phase":"idle"}', got!.version, 'application/json')).toBe(true);
    expect(mock.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'b',
      Key: 'p/.lake/state.json',
      IfMatch: '"e1"',
    });
  });

  it('putIfVersion returns false on 412 (another writer swapped first) and on a missing key, without a PUT when HEAD differs', async () => {
    mock.reset();
    mock.on(HeadObjectCommand).resolves({ ETag: '"e1"' });
    mock.on(PutObjectCommand).rejects(err('PreconditionFailed', 412));
    expect(await storage().putIfVersion('k', 'x', '"e1"')).toBe(false);
    mock.reset();
    mock.on(HeadObjectCommand).resolves({ ETag: '"e9"' });
    expect(await storage().putIfVersion('k', 'x', '"e1"')).toBe(false);
    expect(mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    mock.reset();
    mock.on(HeadObjectCommand).rejects(err('NotFound', 404));
    mock.on(PutObjectCommand).rejects(err('NoSuchKey', 404));
    expect(await storage().putIfVersion('k', 'x', '"e1"')).toBe(false);
  });

  it('the first load creates the state with If-None-Match: *, and every later change is an If-Match swap', async () => {
    mock.reset();
    const objects = new Map<string, { body: string; etag: string }>();
    let tag = 0;
    mock.on(HeadObjectCommand).callsFake((i) => {
      const o = objects.get(i.Key);
      if (!o) throw err('NotFound', 404);
      return { ETag: o.etag };
    });
    mock.on(GetObjectCommand).callsFake((i) => {
      const o = objects.get(i.Key);
      if (!o) throw err('NoSuchKey', 404);
      return { ETag: o.etag, Body: { transformToByteArray: async () => new TextEncoder().encode(o.body) } };
    });
    mock
      .on(ListObjectsV2Command)
      .callsFake((i) => ({ Contents: [...objects.keys()].filter((k) => k.startsWith(i.Prefix ?? '')).map((Key) => ({ Key })) }));
    mock.on(PutObjectCommand).callsFake((i) => {
      const o = objects.get(i.Key);
      if (i.IfNoneMatch === '*' && o) throw err('PreconditionFailed', 412);
      if (i.IfMatch && o?.etag !== i.IfMatch) throw err('PreconditionFailed', 412);
      const etag = `"${++tag}"`;
      objects.set(i.Key, { body: Buffer.from(i.Body as Buffer).toString(), etag });
      return { ETag: etag };
    });
    const store = storage();
    await publishSharedLoad(
      store,
      { loadId: 'B', written: [], deleted: [] },
      { upload: async () => {}, remove: async () => {} },
      { clock: fakeClock() },
    );
    const stateWrites = mock
      .commandCalls(PutObjectCommand)
      .map((c) => c.args[0].input)
      .filter((i) => i.Key === `p/${SHARED_STATE_KEY}`);
    expect(stateWrites[0]).toMatchObject({ IfNoneMatch: '*' });
    expect(stateWrites.slice(1).every((w) => typeof w.IfMatch === 'string' && !w.IfNoneMatch)).toBe(true);
    expect(stateWrites.length).toBeGreaterThanOrEqual(3);
  });
});

describe('the monthly compute handler', () => {
  it('refuses a lake whose load was interrupted before it opens the engine (FsStorage holds the same protocol)', async () => {
    const { FsStorage } = await import('../../lib/storage/fs-storage.ts');
    const { createComputeHandler } = await import('../../lambdas/monthly-compute/handler.ts');
    const { resolveSettings } = await import('../../lib/settings/index.ts');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'pp-shared-'));
    const lake = new FsStorage(join(dir, 'lake'));
    await lake.put(
      SHARED_STATE_KEY,
      JSON.stringify({
        phase: 'uploading',
        load_id: 'B',
        started_at: '2026-01-01T00:00:00.000Z',
        lease_until: '2026-01-01T00:20:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
      }),
    );
    let opened = false;
    const handle = createComputeHandler({
      openEngine: async () => {
        opened = true;
        throw new Error('the engine must not be opened');
      },
      settings: resolveSettings({}),
      results: new FsStorage(join(dir, 'results')),
      reports: new FsStorage(join(dir, 'reports')),
      lake,
    });
    await expect(handle({ month: '2017-06' })).rejects.toThrow(/a load was interrupted at 2026-01-01T00:00:00.000Z \(load B, uploading\)/);
    expect(opened).toBe(false);
  });
});
