// Lambda entry point of the sign-in link sender (see handler.ts), fed by the sign-in SQS queue.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../lib/delivery/index.ts';
import { bucketStorage } from '../shared/aws.ts';
import { requireEnv } from '../shared/env.ts';
import { traced } from '../shared/log.ts';
import { secretKeys } from '../page-access/secrets.ts';
import { createSignInSender, type SqsEvent } from './handler.ts';
import { ENV } from '../../lib/handler-contract/index.ts';

let handle: ReturnType<typeof createSignInSender> | undefined;

export async function handler(event: SqsEvent): Promise<unknown> {
  handle ??= createSignInSender({
    keys: secretKeys(),
    results: bucketStorage(requireEnv(ENV.resultsBucket)),
    mailer: new SesMailer(traced(new SESv2Client({})), {
      configurationSetName: requireEnv(ENV.sesConfigurationSet),
      maxPerSecond: Number(requireEnv(ENV.sesMaxPerSecond)),
    }),
    senderAddress: requireEnv(ENV.senderAddress),
    linkBase: requireEnv(ENV.linkBase),
    linkMinutes: Number(requireEnv(ENV.signInLinkMinutes)),
  });
  return handle(event);
}
