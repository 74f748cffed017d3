// Lambda entry point of the hosted pages' sign-in (see handler.ts). The session key is read from the
// results bucket (access/session-key, KMS-encrypted, readable only by this function's role) and cached
// for five minutes so a rotation takes effect without a deployment.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../lib/delivery/index.ts';
import { bucketStorage } from '../shared/aws.ts';
import { requireEnv } from '../shared/env.ts';
import { SESSION_KEY_KEY } from '../shared/monthly-keys.ts';
import { createPageAccessHandler, type FunctionUrlEvent } from './handler.ts';

let handle: ReturnType<typeof createPageAccessHandler> | undefined;
let cached: { key: string; at: number } | undefined;

export async function handler(event: FunctionUrlEvent): Promise<unknown> {
  if (!handle) {
    const results = bucketStorage(requireEnv('RESULTS_BUCKET'));
    handle = createPageAccessHandler({
      results,
      sessionKey: async () => {
        if (cached && Date.now() - cached.at < 300_000) return cached.key;
        const buf = await results.get(SESSION_KEY_KEY);
        const key = buf?.toString('utf8').trim();
        if (!key || key.length < 32) throw new Error(`${results.location}${SESSION_KEY_KEY} is missing or shorter than 32 characters: see docs/deploy.md "How leads reach hosted pages"`);
        cached = { key, at: Date.now() };
        return key;
      },
      mailer: new SesMailer(new SESv2Client({}), { configurationSetName: requireEnv('SES_CONFIGURATION_SET') }),
      senderAddress: requireEnv('SENDER_ADDRESS'),
      linkBase: requireEnv('LINK_BASE'),
      sessionHours: Number(requireEnv('SESSION_HOURS')),
      linkMinutes: Number(requireEnv('SIGN_IN_LINK_MINUTES')),
    });
  }
  return handle(event);
}
