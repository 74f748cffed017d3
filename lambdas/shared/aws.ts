// AWS clients for the handlers, created once per container. Region and credentials come from the
// Lambda environment.
import { S3Client } from '@aws-sdk/client-s3';
import { S3Storage } from '../../lib/storage/s3-storage.ts';
import { traced } from './log.ts';

let s3: S3Client | undefined;

export function s3Client(): S3Client {
  s3 ??= traced(new S3Client({}));
  return s3;
}

export function bucketStorage(bucket: string, prefix = '', client: S3Client = s3Client()): S3Storage {
  return new S3Storage({ client, bucket, prefix });
}
