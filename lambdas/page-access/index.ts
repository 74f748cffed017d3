// Lambda entry point of the hosted pages' sign-in (see handler.ts): keys from Secrets Manager, limits on
// DynamoDB, requests queued on SQS for lambdas/sign-in-sender.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { bucketStorage } from '../shared/aws.ts';
import { requireEnv } from '../shared/env.ts';
import { traced } from '../shared/log.ts';
import { createPageAccessHandler, type FunctionUrlEvent } from './handler.ts';
import { secretKeys } from './secrets.ts';
import { DynamoSignInGuard } from './sign-in-guard.ts';

let handle: ReturnType<typeof createPageAccessHandler> | undefined;

export async function handler(event: FunctionUrlEvent): Promise<unknown> {
  if (!handle) {
    const sqs = traced(new SQSClient({}));
    const queueUrl = requireEnv('SIGN_IN_QUEUE_URL');
    handle = createPageAccessHandler({
      keys: secretKeys(),
      results: bucketStorage(requireEnv('RESULTS_BUCKET')),
      guard: new DynamoSignInGuard({ client: traced(new DynamoDBClient({})), table: requireEnv('SIGN_IN_TABLE'), perMinute: Number(requireEnv('SIGN_IN_PER_MINUTE')), cooldownSeconds: Number(requireEnv('SIGN_IN_COOLDOWN_SECONDS')) }),
      queue: { enqueue: async (r) => void (await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(r) }))) },
      linkBase: requireEnv('LINK_BASE'),
      sessionHours: Number(requireEnv('SESSION_HOURS')),
      linkMinutes: Number(requireEnv('SIGN_IN_LINK_MINUTES')),
    });
  }
  return handle(event);
}
