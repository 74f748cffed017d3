// Lambda entry point of the monthly watchdog (see handler.ts).
import { bucketStorage } from '../shared/aws.ts';
import { requireEnv, settingsFromEnv } from '../shared/env.ts';
import { createWatchdogHandler, type WatchdogEvent } from './handler.ts';
import { ENV } from '../../lib/handler-contract/index.ts';

let handle: ReturnType<typeof createWatchdogHandler> | undefined;

export async function handler(event: WatchdogEvent): Promise<unknown> {
  handle ??= createWatchdogHandler({ results: bucketStorage(requireEnv(ENV.resultsBucket)), timezone: settingsFromEnv().timezone });
  return handle(event);
}
