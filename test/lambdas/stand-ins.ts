// Local stand-ins for the handlers' AWS services: s3rver buckets (via test/storage/s3rver.ts), a
// capturing Mailer, a log sink, and helpers to move files between s3rver and folders.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EmailMessage, Mailer } from '../../lib/delivery/mailer.ts';
import { S3Storage } from '../../lib/storage/s3-storage.ts';
import { createLogger, type Logger } from '../../lambdas/shared/log.ts';

export const BUCKETS = { raw: 'raw', lake: 'lake', quarantine: 'quarantine', results: 'results', reports: 'reports' } as const;

export class CapturingMailer implements Mailer {
  readonly name = 'capture';
  readonly sent: EmailMessage[] = [];
  /** Return an Error to make that send fail (by recipient). */
  failWith?: (m: EmailMessage) => Error | undefined;
  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const failure = this.failWith?.(message);
    if (failure) throw failure;
    this.sent.push(message);
    return { messageId: `<${this.sent.length}@capture.test>` };
  }
}

/** Every line any captured logger wrote in this test file, raw, in order (for the PHI scan). */
export const allLogLines: string[] = [];

/** A handler logger (Powertools, lambdas/shared/log.ts) whose lines are kept instead of printed. */
export function captureLogs(handler: string): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const write = (l: string) => {
    allLogLines.push(l);
    lines.push(JSON.parse(l) as Record<string, unknown>);
  };
  return { lines, logger: createLogger({ handler, environment: 'test', write }) };
}

export async function uploadFolder(client: S3Client, bucket: string, prefix: string, dir: string): Promise<string[]> {
  const keys: string[] = [];
  for (const f of readdirSync(dir)) {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${f}`, Body: readFileSync(join(dir, f)) }));
    keys.push(`${prefix}${f}`);
  }
  return keys;
}

export async function putText(client: S3Client, bucket: string, key: string, body: string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

export async function getText(client: S3Client, bucket: string, key: string): Promise<string> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body!.transformToString();
}

/** Copies a whole bucket into a folder (the lake, for the local DuckDB engine). */
export async function downloadBucket(client: S3Client, bucket: string, dir: string): Promise<string[]> {
  const store = new S3Storage({ client, bucket });
  const keys = await store.list('');
  for (const k of keys) {
    const file = join(dir, ...k.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, (await store.get(k))!);
  }
  return keys;
}

export function readyEvent(bucket: string, key: string) {
  return { 'detail-type': 'Object Created', source: 'aws.s3', detail: { bucket: { name: bucket }, object: { key } } };
}
