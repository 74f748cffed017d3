// S3Storage against s3rver on loopback (a real HTTP S3 API). s3rver ignores If-None-Match, so the
// atomicity of putIfAbsent is tested at the SDK boundary in s3-storage.sdk.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from '../../lib/storage/s3-storage.ts';
import { startS3rver, type S3rverHandle } from './s3rver.ts';
import { storageContract } from './storage-contract.ts';

let s3: S3rverHandle;
let n = 0;
beforeAll(async () => {
  s3 = await startS3rver(['lake', 'reports']);
});
afterAll(async () => {
  await s3?.stop();
});

// Each case gets its own prefix so cases cannot see each other's keys.
storageContract('S3Storage on s3rver', () => new S3Storage({ client: s3.client(), bucket: 'reports', prefix: `case-${++n}` }));

describe('S3Storage on s3rver', () => {
  it('pages through a listing (page size 2 over 7 keys) and strips its prefix', async () => {
    const s = new S3Storage({ client: s3.client(), bucket: 'lake', prefix: 'paged/', pageSize: 2 });
    const keys = [
      'm/x',
      'm/year=2024/month=01/a.parquet',
      'm/year=2024/month=01/b.parquet',
      'm/year=2024/month=02/c.parquet',
      'n/1',
      'n/2',
      'o',
    ];
    for (const k of [...keys].reverse()) await s.put(k, k);
    expect(await s.list('')).toEqual(keys);
    expect(await s.list('m/year=2024/')).toEqual(keys.slice(1, 4));
  });

  it('stores under bucket/prefix and reports that as its location', async () => {
    const s = new S3Storage({ client: s3.client(), bucket: 'lake', prefix: 'root/sub' });
    expect(s.location).toBe('s3://lake/root/sub/');
    await s.put('k.txt', 'v', 'text/plain');
    const whole = new S3Storage({ client: s3.client(), bucket: 'lake' });
    expect((await whole.get('root/sub/k.txt'))?.toString()).toBe('v');
    expect(whole.location).toBe('s3://lake/');
  });

  it('round-trips a 3 MB binary body intact', async () => {
    const s = new S3Storage({ client: s3.client(), bucket: 'lake', prefix: 'big' });
    const body = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    await s.put('blob.bin', body);
    expect((await s.get('blob.bin'))?.equals(body)).toBe(true);
  });

  it('refuses a prefix that could escape', () => {
    expect(() => new S3Storage({ client: s3.client(), bucket: 'lake', prefix: '../x' })).toThrow(/invalid storage key/);
  });
});
