// The environment variables the constructs set on each function and the handlers read. Both sides use
// these names (a construct as `[ENV.resultsBucket]: bucket.bucketName`, a handler as
// `requireEnv(ENV.resultsBucket)`), so a variable cannot be set under one name and read under another.
// Imported by the Lambda bundles: no aws-cdk-lib and no AWS SDK here.

export const ENV = {
  /** The environment's name (config/environments/<name>.json); a log and metric dimension. */
  envName: 'PORTAL_PULSE_ENV',
  /** The resolved site settings as JSON (lib/settings), validated again by the handler. */
  settings: 'PORTAL_PULSE_SETTINGS',
  /** The bundled templates folder (read by lib/render/templates.ts). */
  templates: 'PORTAL_PULSE_TEMPLATES',
  /** The namespace of the handlers' embedded-metric-format metrics. */
  metricNamespace: 'METRIC_NAMESPACE',
  /** Powertools' service name: the handler's name. */
  serviceName: 'POWERTOOLS_SERVICE_NAME',

  rawBucket: 'RAW_BUCKET',
  lakeBucket: 'LAKE_BUCKET',
  quarantineBucket: 'QUARANTINE_BUCKET',
  resultsBucket: 'RESULTS_BUCKET',
  reportsBucket: 'REPORTS_BUCKET',

  athenaWorkgroup: 'ATHENA_WORKGROUP',
  glueDatabase: 'GLUE_DATABASE',

  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  sesMaxPerSecond: 'SES_MAX_PER_SECOND',
  /** The From address of sign-in emails. */
  senderAddress: 'SENDER_ADDRESS',

  /** The pages' origin (https://...), the base of sign-in links. */
  linkBase: 'LINK_BASE',
  sessionHours: 'SESSION_HOURS',
  signInLinkMinutes: 'SIGN_IN_LINK_MINUTES',
  signInPerMinute: 'SIGN_IN_PER_MINUTE',
  signInCooldownSeconds: 'SIGN_IN_COOLDOWN_SECONDS',
  signInTable: 'SIGN_IN_TABLE',
  signInQueueUrl: 'SIGN_IN_QUEUE_URL',
  /** Secrets Manager ARNs (the values are fetched at run time, never put in the environment). */
  sessionKeyringSecret: 'SESSION_KEYRING_SECRET',
  leadPseudonymSecret: 'LEAD_PSEUDONYM_SECRET',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** The namespace of the handlers' metrics (the alarms in lib/constructs watch it). */
export const METRIC_NAMESPACE = 'PortalPulse';
