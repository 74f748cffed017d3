// The monthly job. An EventBridge Scheduler cron in the site time zone (default 06:00 daily from the 4th
// to the 28th: on the 4th every message of the month has had 72 hours to be answered; the later days
// pick the month up once a late load completes it) starts a Step Functions execution:
//
//   Compute    first the cheap checks: the month already sent → done; another execution holds this
//              schedule's run lock → duplicate. Then Athena → runMonthly; a month whose data is not
//              complete → late (MonthlyDataLate alarm). Otherwise monthly/<month>/monthly.json +
//              departments.json (results bucket), the organisation page and index (reports bucket).
//   Choice     anything but a ready month ends the execution quietly (Succeed): no false failure.
//   Map        a distributed Map, one child execution per department (max concurrency from config):
//              render that department's email (preview kept privately: results bucket,
//              previews/<month>/emails/) and send it through SES, claimed in the send ledger first, so a
//              retried branch never sends twice. Transient errors and Lambda timeouts retry with
//              backoff; a department that still fails is recorded and the others carry on. Results go
//              to S3 (map-results/), so thousands of departments fit.
//   Finish     reads the Map's result files, writes monthly/<month>/run.json and fails the execution if
//              any department failed (→ alarm). A watchdog schedule later checks run.json for the month.
import { Duration, Stack, TimeZone, type CfnResource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { Settings } from '../settings/index.ts';
import { dataKeyStatement } from './data-key.ts';
import { acknowledge, arnFinding } from './acknowledge.ts';
import type { AthenaWorkgroup } from './athena-workgroup.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import type { GlueCatalog } from './glue-catalog.ts';
import { ENV, LEADS_KEY, METRIC_NAMESPACE, PREFIXES, RUN_OBJECT } from '../handler-contract/index.ts';
import { encryptedLogGroup } from './log-group.ts';
import type { Operations } from './operations.ts';
import { PortalPulseFunction } from './portal-pulse-function.ts';
import type { SesSender } from './ses-sender.ts';

/** Error names the handlers throw for conditions worth retrying (throttling, timeouts, 5xx). */
/** The send Lambda's email previews in the results bucket (lambdas/department-send/index.ts): previews/<YYYY-MM>/emails/. */
const EMAIL_PREVIEWS = `${PREFIXES.previews}*`;

export const TRANSIENT_ERRORS = [
  'TransientError',
  'ThrottlingException',
  'TooManyRequestsException',
  'TimeoutError',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  // A Lambda that ran out of time (Sandbox.Timedout; Lambda.Unknown when the runtime died without a
  // reply) or a task past its taskTimeout (States.Timeout). Retrying is safe: compute overwrites its
  // outputs and reuses its Athena queries, a send's ledger never sends twice.
  'Sandbox.Timedout',
  'Lambda.Unknown',
  'States.Timeout',
];

/** Where the distributed Map writes its children's results (results bucket); Finish reads them. */
export const MAP_RESULTS = 'map-results/';

export interface MonthlyJobProps {
  envName: string;
  timezone: string;
  monthlyCron: string;
  watchdogCron: string;
  key: kms.IKey;
  lake: s3.Bucket;
  results: s3.Bucket;
  reports: s3.Bucket;
  catalog: GlueCatalog;
  workgroup: AthenaWorkgroup;
  ses: SesSender;
  settings: Settings;
  maxConcurrency: number;
  sendAttempts: number;
  /** Each department sender's share of the SES rate (messages a second). */
  sesMaxPerSecond: number;
  logRetentionDays: number;
  keepOnDelete: boolean;
  operations: Operations;
}

export class MonthlyJob extends Construct {
  readonly compute: PortalPulseFunction;
  readonly send: PortalPulseFunction;
  readonly finish: PortalPulseFunction;
  readonly watchdog: PortalPulseFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;
  readonly watchdogSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: MonthlyJobProps) {
    super(scope, id);
    const common = {
      envName: props.envName,
      key: props.key,
      logRetentionDays: props.logRetentionDays,
      keepOnDelete: props.keepOnDelete,
    };
    const settingsEnv = { [ENV.settings]: JSON.stringify(props.settings), [ENV.metricNamespace]: METRIC_NAMESPACE };
    const useKey = dataKeyStatement(props.key, ['kms:Decrypt', 'kms:GenerateDataKey'], ['s3']);
    const listResults = (prefix: string) =>
      new iam.PolicyStatement({ sid: `List${prefix.replace(/\W/g, '')}`, actions: ['s3:ListBucket'], resources: [props.results.bucketArn], conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } });

    this.compute = new PortalPulseFunction(this, 'Compute', {
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
        new iam.PolicyStatement({ sid: 'RunQueries', actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution', 'athena:GetWorkGroup'], resources: [props.workgroup.arn()] }),
        new iam.PolicyStatement({ sid: 'ReadCatalog', actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'], resources: props.catalog.arns() }),
        new iam.PolicyStatement({ sid: 'ReadLake', actions: ['s3:GetObject'], resources: [props.lake.arnForObjects('*')] }),
        new iam.PolicyStatement({ sid: 'ListLake', actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [props.lake.bucketArn] }),
        new iam.PolicyStatement({ sid: 'ReaderLease', actions: ['s3:PutObject', 's3:DeleteObject'], resources: [props.lake.arnForObjects('.lake/readers/*')] }),
        // Athena writes query results with the caller's credentials.
        new iam.PolicyStatement({ sid: 'AthenaResults', actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], resources: [props.results.arnForObjects(`${PREFIXES.athenaResults}*`)] }),
        new iam.PolicyStatement({ sid: 'ResultsBucket', actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'], resources: [props.results.bucketArn] }),
        new iam.PolicyStatement({ sid: 'WriteMonthly', actions: ['s3:GetObject', 's3:PutObject'], resources: [props.results.arnForObjects(`${PREFIXES.monthly}*`), props.results.arnForObjects(LEADS_KEY)] }),
        // The run lock of each scheduled start (runs/<month>/<scheduled time>.json), a conditional write.
        new iam.PolicyStatement({ sid: 'RunLock', actions: ['s3:GetObject', 's3:PutObject'], resources: [props.results.arnForObjects(`${PREFIXES.runs}*`)] }),
        new iam.PolicyStatement({ sid: 'PublishReports', actions: ['s3:GetObject', 's3:PutObject'], resources: [props.reports.arnForObjects('*')] }),
        new iam.PolicyStatement({ sid: 'ListReports', actions: ['s3:ListBucket'], resources: [props.reports.bucketArn] }),
        useKey,
      ],
    });
    this.send = new PortalPulseFunction(this, 'Send', {
      ...common,
      invocation: { kind: 'state-machine' },
      handler: 'department-send',
      description: "Renders and sends one department's monthly email through SES, once per month (ledger)",
      memoryMb: 1024,
      timeout: Duration.minutes(2),
      reservedConcurrency: props.maxConcurrency,
      environment: { ...settingsEnv, [ENV.resultsBucket]: props.results.bucketName, [ENV.sesConfigurationSet]: props.ses.configurationSetName, [ENV.sesMaxPerSecond]: String(props.sesMaxPerSecond) },
      statements: [
        // Previews are addressed to every lead: kept in the private results bucket, never the hosted one.
        new iam.PolicyStatement({ sid: 'WriteEmailPreview', actions: ['s3:PutObject'], resources: [props.results.arnForObjects(EMAIL_PREVIEWS)] }),
        new iam.PolicyStatement({ sid: 'ReadMonthly', actions: ['s3:GetObject'], resources: [props.results.arnForObjects(`${PREFIXES.monthly}*`)] }),
        // DeleteObject: a claim is withdrawn when a send certainly failed, so the next attempt retries that lead.
        new iam.PolicyStatement({ sid: 'Ledger', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [props.results.arnForObjects(`${PREFIXES.ledger}*`)] }),
        listResults(PREFIXES.ledger),
        props.ses.sendStatement(),
        useKey,
      ],
    });
    this.finish = new PortalPulseFunction(this, 'Finish', {
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
        new iam.PolicyStatement({ sid: 'WriteRun', actions: ['s3:PutObject'], resources: [props.results.arnForObjects(`${PREFIXES.monthly}*/${RUN_OBJECT}`)] }),
        new iam.PolicyStatement({ sid: 'ReadMapResults', actions: ['s3:GetObject'], resources: [props.results.arnForObjects(`${MAP_RESULTS}*`)] }),
        useKey,
      ],
    });
    const schedulerDlq = deadLetterQueue(this, 'ScheduleDeadLetters', { envName: props.envName, name: 'schedules', key: props.key });
    this.watchdog = new PortalPulseFunction(this, 'Watchdog', {
      ...common,
      invocation: { kind: 'async', deadLetterQueue: schedulerDlq },
      handler: 'monthly-watchdog',
      description: "Checks that last month's run finished (run.json) and emits MonthlyRunSucceeded",
      memoryMb: 256,
      timeout: Duration.minutes(1),
      reservedConcurrency: 1,
      environment: { ...settingsEnv, [ENV.resultsBucket]: props.results.bucketName },
      statements: [
        new iam.PolicyStatement({ sid: 'ReadRun', actions: ['s3:GetObject'], resources: [props.results.arnForObjects(`${PREFIXES.monthly}*`)] }),
        listResults(PREFIXES.monthly),
        dataKeyStatement(props.key, ['kms:Decrypt'], ['s3']),
      ],
    });
    const ack = (fn: PortalPulseFunction, suffixes: [s3.Bucket, string, string][]) => {
      for (const [bucket, suffix, reason] of suffixes) {
        acknowledge(fn.policy, arnFinding('AwsSolutions-IAM5', bucket.node.defaultChild as s3.CfnBucket, suffix), reason);
      }
    };
    ack(this.compute, [
      [props.lake, '/*', 'Athena reads every lake file a query scans; the lake bucket holds nothing else.'],
      [props.lake, '/.lake/readers/*', "The run's reader lease .lake/readers/<time>-<id>.json (lib/lake/shared-lake.ts), named at run time."],
      [props.results, `/${PREFIXES.athenaResults}*`, 'Athena writes each query result under athena/ with a generated name (query execution id).'],
      [props.results, `/${PREFIXES.monthly}*`, 'monthly/<YYYY-MM>/ objects for the month being computed; the month is known only at run time.'],
      [props.results, `/${PREFIXES.runs}*`, 'runs/<YYYY-MM>/<scheduled time>.json, the run lock of each scheduled start, named at run time.'],
      [props.reports, '/*', 'The reports bucket holds only published pages; publishing writes the month\'s page and rebuilds index.html from every page it reads.'],
    ]);
    ack(this.send, [
      [props.results, `/${PREFIXES.monthly}*`, 'Reads monthly/<YYYY-MM>/monthly.json for the month being sent, known only at run time.'],
      [props.results, `/${PREFIXES.ledger}*`, 'One ledger object per month and department (ledger/<YYYY-MM>/<department>), created at run time.'],
      [props.results, `/${EMAIL_PREVIEWS}`, "previews/<YYYY-MM>/emails/<department>.eml and .html, the private preview of the department's email, named at run time."],
    ]);
    ack(this.finish, [
      [props.results, `/${PREFIXES.monthly}*/run.json`, 'Writes monthly/<YYYY-MM>/run.json for the month just run (and no other object of the month).'],
      [props.results, `/${MAP_RESULTS}*`, "Reads the distributed Map's result files (map-results/<map run id>/...), named by Step Functions at run time."],
    ]);
    ack(this.watchdog, [[props.results, `/${PREFIXES.monthly}*`, 'Reads monthly/<YYYY-MM>/run.json for the month being checked.']]);
    acknowledge(this.send.policy, props.ses.recipientWildcardFinding(), 'While the account is in the SES sandbox SES also authorises each recipient identity; recipients are department leads known only at run time. The statement is pinned to the sender by the ses:FromAddress condition.');

    // --- the state machine -------------------------------------------------------------------------
    const retry = (task: tasks.LambdaInvoke, attempts: number) =>
      task.addRetry({ errors: TRANSIENT_ERRORS, interval: Duration.seconds(5), backoffRate: 2, maxAttempts: attempts, maxDelay: Duration.minutes(2), jitterStrategy: sfn.JitterType.FULL });

    const compute = new tasks.LambdaInvoke(this, 'ComputeMonth', {
      lambdaFunction: this.compute.fn,
      comment: 'runMonthly on Athena, store monthly.json, publish pages; returns the departments to mail',
      payloadResponseOnly: true,
      // The execution name keeps Athena request tokens stable across this step's retries only.
      payload: sfn.TaskInput.fromObject({ 'event.$': '$', 'execution_name.$': '$$.Execution.Name' }),
      resultPath: '$.run',
      taskTimeout: sfn.Timeout.duration(Duration.minutes(15)),
    });
    retry(compute, 3);

    const sendOne = new tasks.LambdaInvoke(this, 'SendDepartment', {
      lambdaFunction: this.send.fn,
      comment: "Send one department's email, once per month (ledger)",
      payloadResponseOnly: true,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(2)),
    });
    retry(sendOne, props.sendAttempts);
    const recordFailure = new sfn.Pass(this, 'RecordDepartmentFailure', {
      comment: 'Keep going: the other departments still get their email; Finish fails the run afterwards',
      // The error name only: a Cause holds the stack trace, and hundreds of them could pass the 256 KB
      // state limit. The message is in the send Lambda's log line for that month and department.
      parameters: { 'department_id.$': '$.department_id', status: 'failed', 'error.$': '$.failure.Error' },
    });
    sendOne.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });

    // A distributed Map: each department is a child execution with its own history, and the results go
    // to S3 (ResultWriter), so neither the 25,000-event history nor the 256 KB payload limits how many
    // departments a month can have. Failures are caught per department (recordFailure), so the Map itself
    // succeeds and Finish reads every department's outcome from the result files.
    const perDepartment = new sfn.DistributedMap(this, 'SendEachDepartment', {
      comment: 'One child execution per department with lead addresses',
      itemsPath: '$.run.departments',
      maxConcurrency: props.maxConcurrency,
      // resend_token: a retried branch of a resend run skips the leads this execution already reached.
      itemSelector: { 'month.$': '$.run.month', 'department_id.$': '$$.Map.Item.Value', 'resend.$': '$.run.resend', 'resend_token.$': '$$.Execution.Name' },
      resultWriterV2: new sfn.ResultWriterV2({ bucket: props.results, prefix: MAP_RESULTS }),
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultPath: '$.map',
    });
    perDepartment.itemProcessor(sendOne);

    const finish = new tasks.LambdaInvoke(this, 'FinishMonth', {
      lambdaFunction: this.finish.fn,
      comment: "Write run.json from the Map's result files; fail if any department failed",
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({ 'month.$': '$.run.month', 'map_results.$': '$.map.ResultWriterDetails' }),
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    retry(finish, 3);

    // Nothing to send: the month already went out, another execution holds this schedule's run lock,
    // or the month's data is not complete yet (MonthlyDataLate alarm). The execution succeeds quietly.
    const nothingToSend = new sfn.Succeed(this, 'NothingToSend', { comment: 'done, duplicate or late (see the compute step output)' });
    const ready = new sfn.Choice(this, 'AnythingToSend', { comment: 'Only a ready month is sent' })
      .when(sfn.Condition.stringEquals('$.run.status', 'ready'), perDepartment.next(finish))
      .otherwise(nothingToSend);

    const smLogs = encryptedLogGroup(this, 'StateMachineLogs', { envName: props.envName, name: 'monthly-state-machine', key: props.key, retentionDays: props.logRetentionDays, keepOnDelete: props.keepOnDelete });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `portal-pulse-${props.envName}-monthly`,
      comment: 'portal-pulse monthly reports',
      definitionBody: sfn.DefinitionBody.fromChainable(compute.next(ready)),
      timeout: Duration.hours(6),
      tracingEnabled: true,
      logs: { destination: smLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    // The Map's result files land in the KMS-encrypted results bucket.
    this.stateMachine.addToRolePolicy(dataKeyStatement(props.key, ['kms:GenerateDataKey', 'kms:Decrypt'], ['s3'], 'EncryptMapResults'));
    const smPolicy = this.stateMachine.role.node.findChild('DefaultPolicy');
    acknowledge(smPolicy, 'HIPAA.Security-IAMNoInlinePolicy', 'CDK writes the state machine role policy (invoke the four monthly Lambdas, X-Ray, log delivery) inline; it names each function.');
    for (const fn of [this.compute, this.send, this.finish]) {
      acknowledge(smPolicy, arnFinding('AwsSolutions-IAM5', fn.fn.node.defaultChild as import('aws-cdk-lib').CfnResource, ':*'), 'Invoking a function by any of its versions or aliases (ARN:*) is how Step Functions LambdaInvoke is granted; the function itself is named.');
    }
    acknowledge(smPolicy, arnFinding('AwsSolutions-IAM5', props.results.node.defaultChild as s3.CfnBucket, '/*').replace('[Resource::<', '[Resource::arn:<AWS::Partition>:s3:::<').replace('.Arn>/*', '>/*'), "CDK's distributed-Map ResultWriter statement (s3:PutObject and friends) names the results bucket as a whole; Step Functions writes under map-results/ only, with names it chooses (the map run id).");
    const { region, account } = Stack.of(this);
    const smRef = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${Stack.of(this).getLogicalId(this.stateMachine.node.defaultChild as CfnResource)}"}]}]}`;
    const mapPolicy = this.stateMachine.node.findChild('DistributedMapPolicy');
    for (const suffix of [':*', '/*:*']) {
      acknowledge(mapPolicy, `AwsSolutions-IAM5[Resource::arn:aws:states:${region}:${account}:execution:${smRef}${suffix}]`, "The distributed Map starts, describes and stops its own child executions, named by Step Functions at run time under this state machine's execution ARNs.");
    }
    acknowledge(mapPolicy, 'HIPAA.Security-IAMNoInlinePolicy', 'CDK writes the distributed Map policy (its own child executions of this state machine) inline on the state machine role; it names only this state machine.');
    acknowledge(smPolicy, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray PutTraceSegments/PutTelemetryRecords and CloudWatch Logs log-delivery actions (CreateLogDelivery and friends) support no resource-level permissions; AWS documents Resource "*" for them.');

    // --- schedules -----------------------------------------------------------------------------------
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.stateMachine.stack.account } } }),
      description: `portal-pulse ${props.envName}: starts the monthly run and the watchdog`,
    });
    new iam.ManagedPolicy(this, 'SchedulerPolicy', {
      roles: [schedulerRole],
      statements: [
        new iam.PolicyStatement({ sid: 'StartMonthly', actions: ['states:StartExecution'], resources: [this.stateMachine.stateMachineArn] }),
        new iam.PolicyStatement({ sid: 'InvokeWatchdog', actions: ['lambda:InvokeFunction'], resources: [this.watchdog.fn.functionArn] }),
        new iam.PolicyStatement({ sid: 'DeadLetters', actions: ['sqs:SendMessage'], resources: [schedulerDlq.queueArn] }),
        dataKeyStatement(props.key, ['kms:GenerateDataKey', 'kms:Decrypt'], ['sqs'], 'EncryptedDeadLetters'),
      ],
    });
    const tz = TimeZone.of(props.timezone);
    const scheduledTime = scheduler.ScheduleTargetInput.fromObject({ scheduled_time: scheduler.ContextAttribute.scheduledTime, source: 'schedule' });
    this.schedule = new scheduler.Schedule(this, 'MonthlySchedule', {
      scheduleName: `portal-pulse-${props.envName}-monthly`,
      description: 'Starts the monthly reports for the month before the scheduled time (site time zone)',
      schedule: scheduler.ScheduleExpression.expression(props.monthlyCron, tz),
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, { role: schedulerRole, input: scheduledTime, deadLetterQueue: schedulerDlq, retryAttempts: 5, maxEventAge: Duration.hours(12) }),
    });
    this.watchdogSchedule = new scheduler.Schedule(this, 'WatchdogSchedule', {
      scheduleName: `portal-pulse-${props.envName}-monthly-watchdog`,
      description: "Checks that last month's run finished",
      schedule: scheduler.ScheduleExpression.expression(props.watchdogCron, tz),
      target: new schedulerTargets.LambdaInvoke(this.watchdog.fn, { role: schedulerRole, input: scheduledTime, deadLetterQueue: schedulerDlq, retryAttempts: 5, maxEventAge: Duration.hours(12) }),
    });
    const schedPolicy = schedulerRole.node.tryFindChild('DefaultPolicy');
    if (schedPolicy) {
      acknowledge(schedPolicy, 'HIPAA.Security-IAMNoInlinePolicy', 'CDK scheduler targets restate (inline) the start/invoke and dead-letter permissions already in the customer-managed SchedulerPolicy.');
      acknowledge(schedPolicy, arnFinding('AwsSolutions-IAM5', this.watchdog.fn.node.defaultChild as import('aws-cdk-lib').CfnResource, ':*'), 'The CDK Lambda schedule target grants invoke on the watchdog function and its versions (ARN:*); the function itself is named.');
    }

    // --- alarms --------------------------------------------------------------------------------------
    const ops = props.operations;
    ops.alarm('MonthlyRunFailed', {
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      description: 'A monthly run failed (a department failed every retry, or compute failed). Open the execution in Step Functions; re-run it: sends are idempotent.',
    });
    ops.alarm('MonthlyDataLate', {
      metric: new cloudwatch.Metric({ namespace: METRIC_NAMESPACE, metricName: 'MonthlyDataLate', dimensionsMap: { Environment: props.envName, service: 'monthly-compute' }, period: Duration.hours(1), statistic: 'Maximum' }),
      description: 'The monthly run found the month incomplete (the data cut-off is less than follow_up_hours past the month end) and sent nothing. Load the missing export; the next daily run sends the month (docs/deploy.md "Late data").',
    });
    ops.alarm('MonthlyRunTimedOut', { metric: this.stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }), description: 'A monthly run exceeded 6 hours.' });
    ops.alarm('MonthlyRunAborted', { metric: this.stateMachine.metricAborted({ period: Duration.minutes(5), statistic: 'Sum' }), description: 'A monthly run was aborted.' });
    ops.deadLetterAlarm('ScheduleDeadLetters', schedulerDlq, 'A scheduled start (monthly run or watchdog)');
    ops.alarm('MonthlyRunMissing', {
      metric: new cloudwatch.Metric({ namespace: METRIC_NAMESPACE, metricName: 'MonthlyRunSucceeded', dimensionsMap: { Environment: props.envName, service: 'monthly-watchdog' }, period: Duration.days(1), statistic: 'Minimum' }),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      description: "The watchdog found no successful run for last month (no monthly/<month>/run.json). Start one: docs/deploy.md \"Run a backfill\".",
    });
    ops.alarm('WatchdogErrors', { metric: this.watchdog.fn.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }), description: 'The monthly watchdog itself failed, so a missing run would go unnoticed.' });
  }
}
