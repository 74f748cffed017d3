// S3Storage at the SDK boundary: what it asks S3 for and how it reads S3's answers, for the
// behaviour s3rver cannot show (conditional writes, 403 on HEAD, conflicts).
import { HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3Storage } from '../../lib/storage/s3-storage.ts';

const s3 = mockClient(S3Client);
const storage = () => new S3Storage({ client: new S3Client({ region: 'us-east-1' }), bucket: 'b', prefix: 'p' });

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, message: name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

beforeEach(() => s3.reset());

describe('S3Storage.putIfAbsent at the SDK boundary', () => {
  it('writes with If-None-Match: * under the prefix and returns true', async () => {
    s3.on(HeadObjectCommand).rejects(s3Error('NotFound', 404));
    s3.on(PutObjectCommand).resolves({});
    expect(await storage().putIfAbsent('sent/2024-05/D01.json', '{}', 'application/json')).toBe(true);
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ Bucket: 'b', Key: 'p/sent/2024-05/D01.json', IfNoneMatch: '*', ContentType: 'application/json' });
  });

  it('returns false when S3 answers 412 Precondition Failed (another writer won the race)', async () => {
    s3.on(HeadObjectCommand).rejects(s3Error('NotFound', 404));
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    expect(await storage().putIfAbsent('k', 'x')).toBe(false);
  });

  it('returns false without writing when HEAD finds the key', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 1 });
    expect(await storage().putIfAbsent('k', 'x')).toBe(false);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('lets the conditional PUT decide when HEAD is denied (403: no s3:ListBucket)', async () => {
    s3.on(HeadObjectCommand).rejects(s3Error('Forbidden', 403));
    s3.on(PutObjectCommand).resolves({});
    expect(await storage().putIfAbsent('k', 'x')).toBe(true);
  });

  it('retries a 409 ConditionalRequestConflict and reports the final answer', async () => {
    s3.on(HeadObjectCommand).rejects(s3Error('NotFound', 404));
    s3.on(PutObjectCommand).rejectsOnce(s3Error('ConditionalRequestConflict', 409)).rejectsOnce(s3Error('PreconditionFailed', 412));
    expect(await storage().putIfAbsent('k', 'x')).toBe(false);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('propagates other errors', async () => {
    s3.on(HeadObjectCommand).rejects(s3Error('NotFound', 404));
    s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 403));
    await expect(storage().putIfAbsent('k', 'x')).rejects.toThrow(/AccessDenied/);
  });
});
