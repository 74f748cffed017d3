// Streaming S3 object <-> file copies for the ingest handler: exports and lake partitions can be large,
// so nothing is held in memory whole.
import { GetObjectCommand, PutObjectCommand, DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createReadStream, createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function downloadToFile(client: S3Client, bucket: string, key: string, file: string): Promise<void> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  mkdirSync(dirname(file), { recursive: true });
  if (!out.Body) throw new Error(`s3://${bucket}/${key}: empty response body`);
  await pipeline(out.Body as Readable, createWriteStream(file));
}

export async function uploadFile(client: S3Client, bucket: string, key: string, file: string, contentType?: string): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(file),
      ContentLength: statSync(file).size,
      ...(contentType ? { ContentType: contentType } : {}),
    }),
  );
}

export async function deleteObject(client: S3Client, bucket: string, key: string): Promise<void> {
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}
