// The monthly job's four Lambdas (see monthly-job.ts for the run): each with exactly the S3, Athena, Glue,
// SES and KMS permissions its handler uses, and the reasons for each wildcard ARN those permissions need.
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV, LEADS_KEY, METRIC_NAMESPACE, PREFIXES, RUN_OBJECT } from '../handler-contract/index.ts';
import { acknowledge, arnFinding } from './acknowledge.ts';
import { dataKeyStatement } from './data-key.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { MAP_RESULTS } from './monthly-state-machine.ts';
import type { MonthlyJobProps } from './monthly-job.ts';
import { PortalPulseFunction } from './portal-pulse-function.ts';

/** The send Lambda's email previews in the results bucket (lambdas/department-send/index.ts): previews/<YYYY-MM>/emails/. */
const EMAIL_PREVIEWS = `${PREFIXES.previews}*`;

export interface MonthlyFunctions {
  /** Step 1: computes the month and publishes the organisation page. */
  readonly compute: PortalPulseFunction;
  /** One department's email (a branch of the distributed Map). */
  readonly send: PortalPulseFunction;
  /** Records the run's outcome (run.json). */
  readonly finish: PortalPulseFunction;
  /** Checks later that last month's run finished. */
  readonly watchdog: PortalPulseFunction;
  /** The dead-letter queue of the watchdog's asynchronous invocations and of both schedules. */
  readonly scheduleDeadLetters: sqs.Queue;
}

export function monthlyFunctions(scope: Construct, props: MonthlyJobProps): MonthlyFunctions {
  const common = {
    envName: props.envName,
    key: props.key,
    logRetentionDays: props.logRetentionDays,
    keepOnDelete: props.keepOnDelete,
  };
  const settingsEnv = { [ENV.settings]: JSON.stringify(props.settings), [ENV.metricNamespace]: METRIC_NAMESPACE };
  const useKey = dataKeyStatement(props.key, ['kms:Decrypt', 'kms:GenerateDataKey'], ['s3']);
  const listResults = (prefix: string) =>
    new iam.PolicyStatement({
      sid: `List${prefix.replace(/\W/g, '')}`,
      actions: ['s3:ListBucket'],
      resources: [props.results.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    });

  const compute = new PortalPulseFunction(scope, 'Compute', {
    ...common,
    invocation: { kind: 'state-machine' },
    handler: 'monthly-compute',
    description: 'Computes a month on Athena (runMonthly), stores monthly.json, publishes the organisation page and index',
    memoryMb: 2048,
    timeout: Duration.minutes(15),
    reservedConcurrency: 2,
    environment: {
      ...settingsEnv,
      [ENV.athenaWorkgroup]: props.workgroup.name,
      [ENV.glueDatabase]: props.catalog.databaseName,
      [ENV.resultsBucket]: props.results.bucketName,
      [ENV.reportsBucket]: props.reports.bucketName,
      [ENV.lakeBucket]: props.lake.bucketName, // the shared-lake state and reader leases (lib/lake/shared-lake.ts)
    },
    statements: [
      new iam.PolicyStatement({ sid: 'ReadLake', actions: ['s3:GetObject'], resources: [props.lake.arnForObjects('*')] }),
      new iam.PolicyStatement({ sid: 'ListLake', actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [props.lake.bucketArn] }),
      new iam.PolicyStatement({
        sid: 'ReaderLease',
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: [props.lake.arnForObjects('.lake/readers/*')],
      }),
      new iam.PolicyStatement({
        sid: 'WriteMonthly',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [props.results.arnForObjects(`${PREFIXES.monthly}*`), props.results.arnForObjects(LEADS_KEY)],
      }),
      // The run lock of each scheduled start (runs/<month>/<scheduled time>.json), a conditional write.
      new iam.PolicyStatement({
        sid: 'RunLock',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [props.results.arnForObjects(`${PREFIXES.runs}*`)],
      }),
      new iam.PolicyStatement({
        sid: 'PublishReports',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [props.reports.arnForObjects('*')],
      }),
      new iam.PolicyStatement({ sid: 'ListReports', actions: ['s3:ListBucket'], resources: [props.reports.bucketArn] }),
      useKey,
    ],
  });
  props.workgroup.grantRunQueries(compute);
  props.catalog.grantRead(compute);
  const send = new PortalPulseFunction(scope, 'Send', {
    ...common,
    invocation: { kind: 'state-machine' },
    handler: 'department-send',
    description: "Renders and sends one department's monthly email through SES, once per month (ledger)",
    memoryMb: 1024,
    timeout: Duration.minutes(2),
    reservedConcurrency: props.maxConcurrency,
    environment: {
      ...settingsEnv,
      [ENV.resultsBucket]: props.results.bucketName,
      [ENV.sesConfigurationSet]: props.ses.configurationSetName,
      [ENV.sesMaxPerSecond]: String(props.sesMaxPerSecond),
    },
    statements: [
      // Previews are addressed to every lead: kept in the private results bucket, never the hosted one.
      new iam.PolicyStatement({
        sid: 'WriteEmailPreview',
        actions: ['s3:PutObject'],
        resources: [props.results.arnForObjects(EMAIL_PREVIEWS)],
      }),
      new iam.PolicyStatement({
        sid: 'ReadMonthly',
        actions: ['s3:GetObject'],
        resources: [props.results.arnForObjects(`${PREFIXES.monthly}*`)],
      }),
      // DeleteObject: a claim is withdrawn when a send certainly failed, so the next attempt retries that lead.
      new iam.PolicyStatement({
        sid: 'Ledger',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [props.results.arnForObjects(`${PREFIXES.ledger}*`)],
      }),
      listResults(PREFIXES.ledger),
      props.ses.sendStatement(),
      useKey,
    ],
  });
  const finish = new PortalPulseFunction(scope, 'Finish', {
    ...common,
    invocation: { kind: 'state-machine' },
    handler: 'monthly-finish',
    description: "Records a monthly run's outcome (run.json) and fails the run if any department failed",
    memoryMb: 256,
    timeout: Duration.minutes(1),
    reservedConcurrency: 1,
    environment: { ...settingsEnv, [ENV.resultsBucket]: props.results.bucketName },
    statements: [
      // run.json only: the finish step cannot overwrite a month's results.
      new iam.PolicyStatement({
        sid: 'WriteRun',
        actions: ['s3:PutObject'],
        resources: [props.results.arnForObjects(`${PREFIXES.monthly}*/${RUN_OBJECT}`)],
      }),
      new iam.PolicyStatement({
        sid: 'ReadMapResults',
        actions: ['s3:GetObject'],
        resources: [props.results.arnForObjects(`${MAP_RESULTS}*`)],
      }),
      useKey,
    ],
  });
  const schedulerDlq = deadLetterQueue(scope, 'ScheduleDeadLetters', { envName: props.envName, name: 'schedules', key: props.key });
  const watchdog = new PortalPulseFunction(scope, 'Watchdog', {
    ...common,
    invocation: { kind: 'async', deadLetterQueue: schedulerDlq },
    handler: 'monthly-watchdog',
    description: "Checks that last month's run finished (run.json) and emits MonthlyRunSucceeded",
    memoryMb: 256,
    timeout: Duration.minutes(1),
    reservedConcurrency: 1,
    environment: { ...settingsEnv, [ENV.resultsBucket]: props.results.bucketName },
    statements: [
      new iam.PolicyStatement({
        sid: 'ReadRun',
        actions: ['s3:GetObject'],
        resources: [props.results.arnForObjects(`${PREFIXES.monthly}*`)],
      }),
      listResults(PREFIXES.monthly),
      dataKeyStatement(props.key, ['kms:Decrypt'], ['s3']),
    ],
  });
  const ack = (fn: PortalPulseFunction, suffixes: [s3.Bucket, string, string][]) => {
    for (const [bucket, suffix, reason] of suffixes) {
      acknowledge(fn.policy, arnFinding('AwsSolutions-IAM5', bucket.node.defaultChild as s3.CfnBucket, suffix), reason);
    }
  };
  ack(compute, [
    [props.lake, '/*', 'Athena reads every lake file a query scans; the lake bucket holds nothing else.'],
    [props.lake, '/.lake/readers/*', "The run's reader lease .lake/readers/<time>-<id>.json (lib/lake/shared-lake.ts), named at run time."],
    [
      props.results,
      `/${PREFIXES.monthly}*`,
      'monthly/<YYYY-MM>/ objects for the month being computed; the month is known only at run time.',
    ],
    [props.results, `/${PREFIXES.runs}*`, 'runs/<YYYY-MM>/<scheduled time>.json, the run lock of each scheduled start, named at run time.'],
    [
      props.reports,
      '/*',
      "The reports bucket holds only published pages; publishing writes the month's page and rebuilds index.html from every page it reads.",
    ],
  ]);
  ack(send, [
    [props.results, `/${PREFIXES.monthly}*`, 'Reads monthly/<YYYY-MM>/monthly.json for the month being sent, known only at run time.'],
    [
      props.results,
      `/${PREFIXES.ledger}*`,
      'One ledger object per month and department (ledger/<YYYY-MM>/<department>), created at run time.',
    ],
    [
      props.results,
      `/${EMAIL_PREVIEWS}`,
      "previews/<YYYY-MM>/emails/<department>.eml and .html, the private preview of the department's email, named at run time.",
    ],
  ]);
  ack(finish, [
    [
      props.results,
      `/${PREFIXES.monthly}*/run.json`,
      'Writes monthly/<YYYY-MM>/run.json for the month just run (and no other object of the month).',
    ],
    [
      props.results,
      `/${MAP_RESULTS}*`,
      "Reads the distributed Map's result files (map-results/<map run id>/...), named by Step Functions at run time.",
    ],
  ]);
  ack(watchdog, [[props.results, `/${PREFIXES.monthly}*`, 'Reads monthly/<YYYY-MM>/run.json for the month being checked.']]);
  acknowledge(
    send.policy,
    props.ses.recipientWildcardFinding(),
    'While the account is in the SES sandbox SES also authorises each recipient identity; recipients are department leads known only at run time. The statement is pinned to the sender by the ses:FromAddress condition.',
  );
  return { compute, send, finish, watchdog, scheduleDeadLetters: schedulerDlq };
}
