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
import { ENV } from '../../lib/handler-contract/index.ts';

let handle: ReturnType<typeof createPageAccessHandler> | undefined;

export async function handler(event: FunctionUrlEvent): Promise<unknown> {
  if (!handle) {
    const sqs = traced(new SQSClient({}));
    const queueUrl = requireEnv(ENV.signInQueueUrl);
    handle = createPageAccessHandler({
      keys: secretKeys(),
      results: bucketStorage(requireEnv(ENV.resultsBucket)),
      guard: new DynamoSignInGuard({
        client: traced(new DynamoDBClient({})),
        table: requireEnv(ENV.signInTable),
        perMinute: Number(requireEnv(ENV.signInPerMinute)),
        cooldownSeconds: Number(requireEnv(ENV.signInCooldownSeconds)),
      }),
      queue: {
        enqueue: async (r) => void (await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(r) }))),
      },
      linkBase: requireEnv(ENV.linkBase),
      sessionHours: Number(requireEnv(ENV.sessionHours)),
      linkMinutes: Number(requireEnv(ENV.signInLinkMinutes)),
    });
  }
  return handle(event);
}
