// Lambda entry point of the sign-in link sender (see handler.ts), fed by the sign-in SQS queue.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../lib/delivery/index.ts';
import { bucketStorage } from '../shared/aws.ts';
import { requireEnv } from '../shared/env.ts';
import { traced } from '../shared/log.ts';
import { secretKeys } from '../page-access/secrets.ts';
import { createSignInSender, type SqsEvent } from './handler.ts';

let handle: ReturnType<typeof createSignInSender> | undefined;

export async function handler(event: SqsEvent): Promise<unknown> {
  handle ??= createSignInSender({
    keys: secretKeys(),
    results: bucketStorage(requireEnv('RESULTS_BUCKET')),
    mailer: new SesMailer(traced(new SESv2Client({})), { configurationSetName: requireEnv('SES_CONFIGURATION_SET'), maxPerSecond: Number(requireEnv('SES_MAX_PER_SECOND')) }),
    senderAddress: requireEnv('SENDER_ADDRESS'),
    linkBase: requireEnv('LINK_BASE'),
    linkMinutes: Number(requireEnv('SIGN_IN_LINK_MINUTES')),
  });
  return handle(event);
}
