// The Storage port on an S3 bucket and key prefix (the cloud twin of FsStorage). Keys are validated
// exactly as on disk, listing follows every continuation page, and putIfAbsent is a conditional write
// (If-None-Match: *), which S3 makes atomic: of two concurrent claims exactly one gets 200.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Storage } from './storage.ts';
import { assertValidKey, assertValidPrefix } from './keys.ts';
import { compareKeys } from './fs-storage.ts';

export interface S3StorageOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix inside the bucket, e.g. "reports" or "reports/"; '' or absent for the bucket root. */
  prefix?: string;
  /** Keys per ListObjectsV2 page (S3's maximum and default is 1000); smaller only in tests. */
  pageSize?: number;
}

/** How many times a conditional write is retried when S3 reports a concurrent conditional write (409). */
const CONFLICT_RETRIES = 3;

export class S3Storage implements Storage {
  readonly location: string;
  readonly bucket: string;
  /** '' or a prefix ending in '/'. */
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly pageSize: number | undefined;

  constructor(opts: S3StorageOptions) {
    if (!opts.bucket) throw new Error('S3Storage: bucket is required');
    const p = (opts.prefix ?? '').replace(/^\/+/, '');
    assertValidPrefix(p);
    this.prefix = p === '' || p.endsWith('/') ? p : `${p}/`;
    this.client = opts.client;
    this.bucket = opts.bucket;
    this.pageSize = opts.pageSize;
    this.location = `s3://${opts.bucket}/${this.prefix}`;
  }

  /** The full object key of a storage key. */
  objectKey(key: string): string {
    assertValidKey(key);
    return this.prefix + key;
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!out.Body) return Buffer.alloc(0);
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async put(key: string, body: Buffer | string, contentType?: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: toBuffer(body), ContentType: contentType }),
    );
  }

  async putIfAbsent(key: string, body: Buffer | string, contentType?: string): Promise<boolean> {
    const Key = this.objectKey(key);
    // A HEAD first answers the common case (already claimed) without a write. It is only an early
    // out: the conditional PUT below is what makes the claim atomic. (It also makes stand-ins that
    // ignore If-None-Match, such as s3rver, behave correctly for one writer at a time.)
    if (await this.exists(Key)) return false;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key, Body: toBuffer(body), ContentType: contentType, IfNoneMatch: '*' }),
        );
        return true;
      } catch (e) {
        const status = statusOf(e);
        if (status === 412 || nameOf(e) === 'PreconditionFailed') return false;
        // 409 ConditionalRequestConflict: another conditional write on this key is in flight; retry
        // and let S3 say which one won.
        if ((status === 409 || nameOf(e) === 'ConditionalRequestConflict') && attempt < CONFLICT_RETRIES) {
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
          continue;
        }
        throw e;
      }
    }
  }

  async getVersioned(key: string): Promise<{ body: Buffer; version: string } | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      const body = out.Body ? Buffer.from(await out.Body.transformToByteArray()) : Buffer.alloc(0);
      return { body, version: out.ETag ?? '' };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async putIfVersion(key: string, body: Buffer | string, version: string, contentType?: string): Promise<boolean> {
    const Key = this.objectKey(key);
    // As in putIfAbsent, a HEAD answers the common case early (and keeps stand-ins that ignore If-Match,
    // such as s3rver, right for one writer at a time); the If-Match PUT is what makes the swap atomic.
    const etag = await this.etagOf(Key);
    if (etag !== undefined && etag !== version) return false;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key, Body: toBuffer(body), ContentType: contentType, IfMatch: version }),
        );
        return true;
      } catch (e) {
        const status = statusOf(e);
        if (status === 412 || nameOf(e) === 'PreconditionFailed' || isNotFound(e)) return false;
        if ((status === 409 || nameOf(e) === 'ConditionalRequestConflict') && attempt < CONFLICT_RETRIES) {
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
          continue;
        }
        throw e;
      }
    }
  }

  private async etagOf(Key: string): Promise<string | undefined> {
    try {
      return (await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }))).ETag;
    } catch (e) {
      if (isNotFound(e) || statusOf(e) === 403) return undefined;
      throw e;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertValidPrefix(prefix);
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix + prefix,
          ContinuationToken,
          ...(this.pageSize ? { MaxKeys: this.pageSize } : {}),
        }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key?.startsWith(this.prefix) && !o.Key.endsWith('/')) keys.push(o.Key.slice(this.prefix.length));
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated && !ContinuationToken)
        throw new Error(`S3 listing of ${this.location}${prefix} is truncated but has no continuation token`);
    } while (ContinuationToken);
    return keys.sort(compareKeys);
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  private async exists(Key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      // Without s3:ListBucket, S3 answers HEAD of a missing key with 403: let the conditional PUT decide.
      if (statusOf(e) === 403) return false;
      throw e;
    }
  }
}

function toBuffer(body: Buffer | string): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

function statusOf(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function nameOf(e: unknown): string | undefined {
  return (e as { name?: string })?.name;
}

function isNotFound(e: unknown): boolean {
  const n = nameOf(e);
  return n === 'NoSuchKey' || n === 'NotFound' || statusOf(e) === 404;
}
