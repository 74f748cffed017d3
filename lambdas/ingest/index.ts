// Lambda entry point of ingestion (see handler.ts); configuration from the environment the stack sets.
import { s3Client } from '../shared/aws.ts';
import { requireEnv, settingsFromEnv } from '../shared/env.ts';
import { createIngestHandler, type UploadReadyEvent } from './handler.ts';
import { ENV } from '../../lib/handler-contract/index.ts';

let handle: ReturnType<typeof createIngestHandler> | undefined;

export async function handler(event: UploadReadyEvent): Promise<unknown> {
  handle ??= createIngestHandler({
    client: s3Client(),
    rawBucket: requireEnv(ENV.rawBucket),
    lakeBucket: requireEnv(ENV.lakeBucket),
    quarantineBucket: requireEnv(ENV.quarantineBucket),
    settings: settingsFromEnv(),
  });
  return handle(event);
}
