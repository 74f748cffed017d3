// A deployment environment's file (config/environments/<name>.json), described once: this JSON Schema is the
// source of the EnvironmentConfig type, the defaults and the messages, and is published as
// schemas/portal-pulse.environment.schema.json for editors (`npx tsx scripts/write-schemas.ts`; a test fails when
// it is stale). The rules between keys (the name is the file's, the sender belongs to the SES identity, the link
// base is served by the distribution) are checked in environment-config.ts.
import type { JsonSchema } from '../json-schema/index.ts';

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const CRON_HINT = 'must be an EventBridge Scheduler cron such as "cron(0 6 4 * ? *)" (minutes hours day-of-month month day-of-week year)';

const wholeFrom = <M extends number>(description: string, minimum: M) =>
  ({ description, type: 'integer', minimum, errorMessage: `must be a whole number >= ${minimum}` }) as const;

const days = (description: string) => wholeFrom(`${description} (days)`, 1);

const section = <const P extends Record<string, JsonSchema>, const R extends readonly (keyof P & string)[]>(
  description: string,
  properties: P,
  required: R,
) => ({ description, type: 'object', additionalProperties: false, errorMessage: 'must be an object', required, properties }) as const;

export const ENVIRONMENT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'portal-pulse deployment environment',
  description: 'One deployment environment of the CDK app (config/environments/<name>.json). See docs/deploy.md.',
  type: 'object',
  additionalProperties: false,
  required: [
    'name',
    'account',
    'region',
    'timezone',
    'schedule',
    'senderAddress',
    'sesIdentity',
    'reportLinkBase',
    'operatorEmails',
    'retention',
    'athena',
    'monthly',
    'hosting',
    'keepDataOnDelete',
  ],
  properties: {
    $schema: { description: 'The schema this file follows, for editors; the app ignores it.', type: 'string' },
    $comment: { description: 'A note for people; the app ignores it.', type: 'string' },
    name: {
      description: "Short name used in stack names and resource names; the file's own name without .json.",
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{0,15}$',
      errorMessage: 'must be 1-16 lower-case letters, digits or "-", starting with a letter',
    },
    account: {
      description: 'The AWS account id.',
      type: 'string',
      pattern: '^\\d{12}$',
      errorMessage: 'must be a 12-digit AWS account id',
    },
    region: {
      description: 'The AWS region, e.g. us-east-2.',
      type: 'string',
      pattern: '^[a-z]{2}(-[a-z]+)+-\\d$',
      errorMessage: 'must be an AWS region such as us-east-2',
    },
    timezone: {
      description: "The site's IANA time zone: the lake's local columns, the month boundaries and the schedules use it.",
      type: 'string',
      format: 'iana-time-zone',
      errorMessage: 'must be an IANA time zone such as America/Chicago',
    },
    schedule: section(
      'When the monthly job runs, in the site time zone.',
      {
        monthly: {
          description: 'EventBridge Scheduler cron of the monthly run, in the site time zone (e.g. early on the 4th).',
          type: 'string',
          pattern: '^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$',
          errorMessage: CRON_HINT,
        },
        watchdog: {
          description: "When to check that last month's run succeeded (alarm otherwise), in the site time zone.",
          type: 'string',
          pattern: '^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$',
          errorMessage: CRON_HINT,
        },
      },
      ['monthly', 'watchdog'],
    ),
    senderAddress: {
      description: 'The From: address of department emails; must belong to sesIdentity.',
      type: 'string',
      format: 'email',
      errorMessage: 'must be an email address',
    },
    sesIdentity: {
      description: 'The SES identity (a domain, or the sender address) the stack creates and may send from.',
      type: 'string',
      minLength: 1,
      errorMessage: 'must be the SES domain or address to send from',
    },
    reportLinkBase: {
      description:
        "The https base of the hosted pages (hosting.domainName, or the distribution's *.cloudfront.net name); emails link here.",
      type: 'string',
      pattern: '^https://[^/]+',
      errorMessage:
        "must be the https:// address of the hosted pages (your alias, or the distribution's " +
        '*.cloudfront.net name after a first deployment)',
    },
    operatorEmails: {
      description: 'Subscribed to the operator topic (each confirms once by email).',
      type: 'array',
      items: { type: 'string', format: 'email', errorMessage: 'must be an email address' },
      errorMessage: 'must be a list of email addresses (may be empty)',
    },
    retention: section(
      'How long data is kept.',
      {
        rawUploadsDays: days('Uploaded exports'),
        quarantineDays: days('Quarantined rows'),
        queryResultsDays: days('Athena query results'),
        accessLogsDays: days('Access logs'),
        noncurrentVersionsDays: days('Old object versions'),
        logDays: {
          description: 'CloudWatch Logs retention (days); one of the values CloudWatch accepts (e.g. 365, 731, 2192).',
          type: 'integer',
          enum: LOG_RETENTION_DAYS,
          errorMessage: `must be one of ${LOG_RETENTION_DAYS.join(', ')} (CloudWatch Logs' choices)`,
        },
      },
      ['rawUploadsDays', 'quarantineDays', 'queryResultsDays', 'accessLogsDays', 'noncurrentVersionsDays', 'logDays'],
    ),
    athena: section(
      'Athena.',
      {
        bytesScannedCutoffPerQuery: wholeFrom('Athena cancels any query that would scan more than this many bytes.', 10_000_000),
        projectionYears: {
          description: "First and last year of the messages table's partition projection (inclusive).",
          type: 'array',
          prefixItems: [
            { type: 'integer', minimum: 1990, maximum: 2100 },
            { type: 'integer', minimum: 1990, maximum: 2100 },
          ],
          items: false,
          minItems: 2,
          errorMessage: 'must be [firstYear, lastYear] between 1990 and 2100',
        },
      },
      ['bytesScannedCutoffPerQuery', 'projectionYears'],
    ),
    monthly: section(
      'The monthly job.',
      {
        maxConcurrency: wholeFrom(
          "Departments whose emails are rendered and sent at the same time (the send Lambda's reserved concurrency).",
          1,
        ),
        sendAttempts: wholeFrom('Attempts per department on a transient error (throttling, timeouts) before it is marked failed.', 1),
      },
      ['maxConcurrency', 'sendAttempts'],
    ),
    hosting: section(
      'The hosted pages and their sign-in.',
      {
        sessionHours: wholeFrom("How long a signed-in lead's page cookie lasts (hours).", 1),
        signInLinkMinutes: {
          description: 'How long the emailed sign-in link works, once (minutes, at most 60).',
          type: 'integer',
          minimum: 1,
          maximum: 60,
          errorMessage: 'must be a whole number of minutes from 1 to 60 (a sign-in link should be short-lived)',
        },
        signInPerMinute: { ...wholeFrom('Sign-in requests accepted per minute for the whole site.', 1), default: 20 },
        signInCooldownSeconds: { ...wholeFrom('Seconds before the same address can be sent another sign-in link.', 1), default: 300 },
        domainName: {
          description: 'Optional alias for the pages (needs certificateArn, an ACM certificate in us-east-1).',
          type: 'string',
          minLength: 1,
          errorMessage: 'must be a host name',
        },
        certificateArn: {
          description: "The alias's ACM certificate, in us-east-1 (CloudFront requires it).",
          type: 'string',
          pattern: '^arn:aws:acm:us-east-1:\\d{12}:certificate/.+',
          errorMessage: 'must be an ACM certificate ARN in us-east-1 (CloudFront requires it)',
        },
      },
      ['sessionHours', 'signInLinkMinutes'],
    ),
    ses: {
      ...section(
        'Amazon SES.',
        {
          maxSendRate: {
            description:
              "The account's SES maximum send rate (messages a second; `aws sesv2 get-account`, " +
              "SendQuota.MaxSendRate). Senders are paced to it (default 1, the sandbox's).",
            type: 'number',
            exclusiveMinimum: 0,
            default: 1,
            errorMessage: 'must be a number of messages a second above 0',
          },
        },
        [],
      ),
      default: {},
    },
    backup: {
      ...section(
        'AWS Backup.',
        {
          retentionDays: {
            ...days('How long AWS Backup keeps each daily recovery point of the lake, the results and the sign-in table'),
            default: 35,
          },
        },
        [],
      ),
      default: {},
    },
    keepDataOnDelete: {
      description: 'true: buckets, key and tables are retained when the stack is deleted (production).',
      type: 'boolean',
      errorMessage: 'must be true or false',
    },
    settings: {
      description:
        'Overrides of the site settings (schemas/portal-pulse.settings.schema.json); timezone, ' +
        'reports.from_address and reports.link_base come from this file.',
      type: 'object',
      default: {},
      errorMessage: 'must be an object of site settings',
    },
  },
} as const satisfies JsonSchema;
