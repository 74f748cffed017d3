// Lambda entry point of one department's send (see handler.ts).
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../lib/delivery/index.ts';
import { bucketStorage } from '../shared/aws.ts';
import { traced } from '../shared/log.ts';
import { requireEnv, settingsFromEnv } from '../shared/env.ts';
import { LEDGER_PREFIX, PREVIEWS_PREFIX } from '../shared/monthly-keys.ts';
import { createSendHandler, type DepartmentSendEvent } from './handler.ts';


let handle: ReturnType<typeof createSendHandler> | undefined;

export async function handler(event: DepartmentSendEvent): Promise<unknown> {
  if (!handle) {
    const results = requireEnv('RESULTS_BUCKET');
    handle = createSendHandler({
      settings: settingsFromEnv(),
      results: bucketStorage(results),
      ledger: bucketStorage(results, LEDGER_PREFIX),
      previews: (month) => bucketStorage(results, `${PREVIEWS_PREFIX}${month}/`),
      mailer: new SesMailer(traced(new SESv2Client({})), { configurationSetName: requireEnv('SES_CONFIGURATION_SET'), maxPerSecond: Number(requireEnv('SES_MAX_PER_SECOND')) }),
    });
  }
  return handle(event);
}
