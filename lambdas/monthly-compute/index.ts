// Lambda entry point of the monthly compute step (see handler.ts).
import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaEngine } from '../../lib/engines/athena/index.ts';
import { bucketStorage } from '../shared/aws.ts';
import { requireEnv, settingsFromEnv } from '../shared/env.ts';
import { traced } from '../shared/log.ts';
import { createComputeHandler, type ComputeInvocation, type MonthlyStartEvent } from './handler.ts';
import { ENV } from '../../lib/handler-contract/index.ts';

let handle: ReturnType<typeof createComputeHandler> | undefined;
let athena: AthenaClient | undefined;

export async function handler(event: MonthlyStartEvent | ComputeInvocation): Promise<unknown> {
  handle ??= createComputeHandler({
    openEngine: async (runId) => {
      athena ??= traced(new AthenaClient({}));
      return new AthenaEngine({
        client: athena,
        workgroup: requireEnv(ENV.athenaWorkgroup),
        database: requireEnv(ENV.glueDatabase),
        timeoutMs: 10 * 60_000,
        ...(runId ? { runId } : {}),
      });
    },
    settings: settingsFromEnv(),
    results: bucketStorage(requireEnv(ENV.resultsBucket)),
    reports: bucketStorage(requireEnv(ENV.reportsBucket)),
    lake: bucketStorage(requireEnv(ENV.lakeBucket)),
  });
  return handle(event);
}
