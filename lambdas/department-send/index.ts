// Lambda entry point of one department's send (see handler.ts).
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../lib/delivery/index.ts';
import { bucketStorage } from '../shared/aws.ts';
import { traced } from '../shared/log.ts';
import { requireEnv, settingsFromEnv } from '../shared/env.ts';
import { createSendHandler, type DepartmentSendEvent } from './handler.ts';
import { ENV, PREFIXES, previewsPrefix } from '../../lib/handler-contract/index.ts';

let handle: ReturnType<typeof createSendHandler> | undefined;

export async function handler(event: DepartmentSendEvent): Promise<unknown> {
  if (!handle) {
    const results = requireEnv(ENV.resultsBucket);
    handle = createSendHandler({
      settings: settingsFromEnv(),
      results: bucketStorage(results),
      ledger: bucketStorage(results, PREFIXES.ledger),
      previews: (month) => bucketStorage(results, previewsPrefix(month)),
      mailer: new SesMailer(traced(new SESv2Client({})), {
        configurationSetName: requireEnv(ENV.sesConfigurationSet),
        maxPerSecond: Number(requireEnv(ENV.sesMaxPerSecond)),
      }),
    });
  }
  return handle(event);
}
