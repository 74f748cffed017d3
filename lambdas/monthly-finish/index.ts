// Lambda entry point of the monthly run's last step (see handler.ts).
import { bucketStorage } from '../shared/aws.ts';
import { requireEnv } from '../shared/env.ts';
import { createFinishHandler, type FinishEvent } from './handler.ts';
import { ENV } from '../../lib/handler-contract/index.ts';

let handle: ReturnType<typeof createFinishHandler> | undefined;

export async function handler(event: FinishEvent): Promise<unknown> {
  handle ??= createFinishHandler({ results: bucketStorage(requireEnv(ENV.resultsBucket)) });
  return handle(event);
}
