// Logging, metrics and tracing for the handlers, on Powertools for AWS Lambda (TypeScript):
//   logs     one JSON object per line (Powertools Logger), with the handler, the environment and the
//            context a handler adds with `with(...)` (month, department_id, load_id) as persistent keys,
//            so CloudWatch Logs Insights can filter on them;
//   metrics  the CloudWatch embedded metric format (Powertools Metrics): a log line CloudWatch turns into
//            metrics, no API call. Dimensions: service (the handler) and Environment; the other fields
//            ride along as metadata (searchable, not dimensions);
//   traces   X-Ray through Powertools Tracer (`tracer`, `traced`): each handler's AWS SDK clients are
//            captured, so a slow Athena poll or a throttled SES call shows in the trace.
// Nothing here may carry patient data or addresses: handlers log ids, counts, statuses and the
// pseudonymous lead id; a test scans the logs of an end-to-end run (test/lambdas/monthly-pipeline.e2e.test.ts).
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { UserError } from '../../lib/errors/index.ts';
import { ENV, METRIC_NAMESPACE } from '../../lib/handler-contract/index.ts';

export type LogFields = Record<string, unknown>;
export type LogWriter = (line: string) => void;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Emits each value as a Count metric in `namespace`, dimensioned by service and Environment. */
  metrics(values: Record<string, number>, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. month, department_id) to every line: Powertools persistent keys. */
  with(fields: LogFields): Logger;
}

export interface LoggerOptions {
  handler: string;
  environment?: string;
  namespace?: string;
  /** Where lines go instead of stdout (tests). */
  write?: LogWriter;
  base?: LogFields;
}

/** A console whose every line goes to `write` (Powertools prints through a console it owns). */
function lineConsole(write: LogWriter): Console {
  let pending = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      pending += chunk.toString('utf8');
      let i: number;
      while ((i = pending.indexOf('\n')) >= 0) {
        write(pending.slice(0, i));
        pending = pending.slice(i + 1);
      }
      done();
    },
  });
  return new Console({ stdout: sink, stderr: sink });
}

const withConsole = <T extends object>(target: T, write: LogWriter | undefined): T => {
  // Powertools has no output option: for tests, the console it prints through is replaced.
  if (write) (target as unknown as { console: Console }).console = lineConsole(write);
  return target;
};

export function createLogger(opts: LoggerOptions = { handler: 'unknown' }): Logger {
  const environment = opts.environment ?? process.env[ENV.envName] ?? 'local';
  const namespace = opts.namespace ?? process.env[ENV.metricNamespace] ?? METRIC_NAMESPACE;
  const persistentKeys = { handler: opts.handler, environment, ...opts.base };
  const logger = withConsole(new PowertoolsLogger({ serviceName: opts.handler, environment, persistentKeys }), opts.write);
  return {
    info: (m, f) => logger.info(m, { ...f }),
    warn: (m, f) => logger.warn(m, { ...f }),
    error: (m, f) => logger.error(m, { ...f }),
    metrics: (values, fields) => {
      const metrics = withConsole(
        new Metrics({ namespace, serviceName: opts.handler, defaultDimensions: { Environment: environment } }),
        opts.write,
      );
      for (const [name, value] of Object.entries(values)) metrics.addMetric(name, MetricUnit.Count, value);
      for (const [k, v] of Object.entries({ ...opts.base, ...fields }))
        metrics.addMetadata(k, typeof v === 'string' ? v : JSON.stringify(v));
      metrics.publishStoredMetrics();
    },
    with: (fields) => createLogger({ ...opts, base: { ...opts.base, ...fields } }),
  };
}

export function errorFields(e: unknown): LogFields {
  const err = e as { name?: string; message?: string; stack?: string };
  return { error: err?.message ?? String(e), error_name: err?.name, user_facing: e instanceof UserError };
}

/** The handlers' tracer (active only inside Lambda with tracing on; a no-op elsewhere). */
export const tracer = new Tracer({ serviceName: process.env[ENV.serviceName] ?? 'portal-pulse' });

/** An AWS SDK v3 client whose calls appear as subsegments of the handler's trace. */
export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client as never) as T;
}
