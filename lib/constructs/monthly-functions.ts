// The monthly job's four Lambdas (see monthly-job.ts for the run): each with exactly the S3, Athena, Glue,
// SES and KMS permissions its handler uses. S3 access comes from the buckets' grant methods (lake-buckets.ts),
// which also acknowledge the wildcard ARNs those permissions need.
import { Duration } from 'aws-cdk-lib';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV, METRIC_NAMESPACE } from '../handler-contract/index.ts';
import { acknowledge } from './acknowledge.ts';
import { dataKeyStatement } from './data-key.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { MAP_RESULTS } from './monthly-state-machine.ts';
import type { MonthlyJobProps } from './monthly-job.ts';
import { PortalPulseFunction } from './portal-pulse-function.ts';

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

/** What every monthly function shares: its environment, log retention and the key settings. */
function shared(props: MonthlyJobProps) {
  return {
    common: {
      envName: props.envName,
      key: props.key,
      logRetentionDays: props.logRetentionDays,
      keepOnDelete: props.keepOnDelete,
    },
    settingsEnv: { [ENV.settings]: JSON.stringify(props.settings), [ENV.metricNamespace]: METRIC_NAMESPACE },
    useKey: dataKeyStatement(props.key, ['kms:Decrypt', 'kms:GenerateDataKey'], ['s3']),
  };
}

export function monthlyFunctions(scope: Construct, props: MonthlyJobProps): MonthlyFunctions {
  const compute = computeFunction(scope, props);
  const send = sendFunction(scope, props);
  const finish = finishFunction(scope, props);
  const scheduleDeadLetters = deadLetterQueue(scope, 'ScheduleDeadLetters', { envName: props.envName, name: 'schedules', key: props.key });
  return { compute, send, finish, watchdog: watchdogFunction(scope, props, scheduleDeadLetters), scheduleDeadLetters };
}

/** Compute: reads the lake through Athena, writes the month's results and publishes the pages. */
function computeFunction(scope: Construct, props: MonthlyJobProps): PortalPulseFunction {
  const { common, settingsEnv, useKey } = shared(props);
  const b = props.buckets;
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
      [ENV.resultsBucket]: b.results.bucketName,
      [ENV.reportsBucket]: b.reports.bucketName,
      [ENV.lakeBucket]: b.lake.bucketName, // the shared-lake state and reader leases (lib/lake/shared-lake.ts)
    },
    statements: [useKey],
  });
  b.grantReadLake(compute);
  b.grantReaderLease(compute);
  b.grantWriteMonthly(compute);
  b.grantRunLock(compute);
  b.grantPublishPages(compute);
  props.workgroup.grantRunQueries(compute);
  props.catalog.grantRead(compute);
  return compute;
}

/** Send: one department's email, claimed in the ledger, previewed in the results bucket, sent by SES. */
function sendFunction(scope: Construct, props: MonthlyJobProps): PortalPulseFunction {
  const { common, settingsEnv, useKey } = shared(props);
  const b = props.buckets;
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
      [ENV.resultsBucket]: b.results.bucketName,
      [ENV.sesConfigurationSet]: props.ses.configurationSetName,
      [ENV.sesMaxPerSecond]: String(props.sesMaxPerSecond),
    },
    statements: [props.ses.sendStatement(), useKey],
  });
  b.grantWriteEmailPreviews(send);
  b.grantReadMonthly(send);
  b.grantLedger(send);
  acknowledge(
    send.policy,
    props.ses.recipientWildcardFinding(),
    'While the account is in the SES sandbox SES also authorises each recipient identity; recipients are department leads known only ' +
      'at run time. The statement is pinned to the sender by the ses:FromAddress condition.',
  );
  return send;
}

/** Finish: reads the Map's result files and writes the month's run.json. */
function finishFunction(scope: Construct, props: MonthlyJobProps): PortalPulseFunction {
  const { common, settingsEnv, useKey } = shared(props);
  const finish = new PortalPulseFunction(scope, 'Finish', {
    ...common,
    invocation: { kind: 'state-machine' },
    handler: 'monthly-finish',
    description: "Records a monthly run's outcome (run.json) and fails the run if any department failed",
    memoryMb: 256,
    timeout: Duration.minutes(1),
    reservedConcurrency: 1,
    environment: { ...settingsEnv, [ENV.resultsBucket]: props.buckets.results.bucketName },
    statements: [useKey],
  });
  props.buckets.grantWriteRunOutcome(finish);
  props.buckets.grantReadMapResults(finish, MAP_RESULTS);
  return finish;
}

/** Watchdog: reads last month's run.json (decrypt only). */
function watchdogFunction(scope: Construct, props: MonthlyJobProps, deadLetters: sqs.Queue): PortalPulseFunction {
  const { common, settingsEnv } = shared(props);
  const watchdog = new PortalPulseFunction(scope, 'Watchdog', {
    ...common,
    invocation: { kind: 'async', deadLetterQueue: deadLetters },
    handler: 'monthly-watchdog',
    description: "Checks that last month's run finished (run.json) and emits MonthlyRunSucceeded",
    memoryMb: 256,
    timeout: Duration.minutes(1),
    reservedConcurrency: 1,
    environment: { ...settingsEnv, [ENV.resultsBucket]: props.buckets.results.bucketName },
    statements: [dataKeyStatement(props.key, ['kms:Decrypt'], ['s3'])],
  });
  props.buckets.grantReadRunOutcome(watchdog);
  return watchdog;
}
