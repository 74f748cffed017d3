// Structured logs: one JSON object per line on stdout, so CloudWatch Logs Insights can filter on month,
// department or load_id. Metrics use the CloudWatch embedded metric format (EMF): a log line that
// CloudWatch turns into metrics, with no API call and no extra permission.

export type LogFields = Record<string, unknown>;
export type LogWriter = (line: string) => void;

const stdout: LogWriter = (line) => process.stdout.write(`${line}\n`);

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Emits each value as a metric in `namespace`, dimensioned by Environment. */
  metrics(values: Record<string, number>, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. month, department_id) to every line. */
  with(fields: LogFields): Logger;
}

export function createLogger(opts: { handler: string; environment?: string; namespace?: string; write?: LogWriter; base?: LogFields } = { handler: 'unknown' }): Logger {
  const write = opts.write ?? stdout;
  const environment = opts.environment ?? process.env.PORTAL_PULSE_ENV ?? 'local';
  const namespace = opts.namespace ?? process.env.METRIC_NAMESPACE ?? 'PortalPulse';
  const base = { handler: opts.handler, environment, ...opts.base };
  const line = (level: string, message: string, fields?: LogFields) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...fields }));
  return {
    info: (m, f) => line('info', m, f),
    warn: (m, f) => line('warn', m, f),
    error: (m, f) => line('error', m, f),
    metrics: (values, fields) =>
      write(
        JSON.stringify({
          _aws: {
            Timestamp: Date.now(),
            CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [['Environment']], Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })) }],
          },
          Environment: environment,
          handler: opts.handler,
          ...fields,
          ...values,
        }),
      ),
    with: (fields) => createLogger({ ...opts, write, base: { ...opts.base, ...fields } }),
  };
}

export function errorFields(e: unknown): LogFields {
  const err = e as { name?: string; message?: string; userFacing?: boolean; stack?: string };
  return { error: err?.message ?? String(e), error_name: err?.name, user_facing: err?.userFacing === true };
}
