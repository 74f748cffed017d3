// The monthly job's state machine: Compute → (ready?) → a distributed Map of department sends → Finish
// (the run is described in monthly-job.ts), with retries of transient errors and per-department failures
// recorded instead of stopping the others.
import { Duration, Stack, type CfnResource } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { acknowledge, arnFinding } from './acknowledge.ts';
import { dataKeyStatement } from './data-key.ts';
import { encryptedLogGroup } from './log-group.ts';
import type { MonthlyFunctions } from './monthly-functions.ts';
import type { MonthlyJobProps } from './monthly-job.ts';

/** Error names the handlers throw for conditions worth retrying (throttling, timeouts, 5xx). */
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

export function monthlyStateMachine(scope: Construct, props: MonthlyJobProps, fns: MonthlyFunctions): sfn.StateMachine {
  const retry = (task: tasks.LambdaInvoke, attempts: number) =>
    task.addRetry({
      errors: TRANSIENT_ERRORS,
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: attempts,
      maxDelay: Duration.minutes(2),
      jitterStrategy: sfn.JitterType.FULL,
    });

  const compute = new tasks.LambdaInvoke(scope, 'ComputeMonth', {
    lambdaFunction: fns.compute.fn,
    comment: 'runMonthly on Athena, store monthly.json, publish pages; returns the departments to mail',
    payloadResponseOnly: true,
    // The execution name keeps Athena request tokens stable across this step's retries only.
    payload: sfn.TaskInput.fromObject({ 'event.$': '$', 'execution_name.$': '$$.Execution.Name' }),
    resultPath: '$.run',
    taskTimeout: sfn.Timeout.duration(Duration.minutes(15)),
  });
  retry(compute, 3);

  const sendOne = new tasks.LambdaInvoke(scope, 'SendDepartment', {
    lambdaFunction: fns.send.fn,
    comment: "Send one department's email, once per month (ledger)",
    payloadResponseOnly: true,
    taskTimeout: sfn.Timeout.duration(Duration.minutes(2)),
  });
  retry(sendOne, props.sendAttempts);
  const recordFailure = new sfn.Pass(scope, 'RecordDepartmentFailure', {
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
  const perDepartment = new sfn.DistributedMap(scope, 'SendEachDepartment', {
    comment: 'One child execution per department with lead addresses',
    itemsPath: '$.run.departments',
    maxConcurrency: props.maxConcurrency,
    // resend_token: a retried branch of a resend run skips the leads this execution already reached.
    itemSelector: {
      'month.$': '$.run.month',
      'department_id.$': '$$.Map.Item.Value',
      'resend.$': '$.run.resend',
      'resend_token.$': '$$.Execution.Name',
    },
    resultWriterV2: new sfn.ResultWriterV2({ bucket: props.buckets.results, prefix: MAP_RESULTS }),
    mapExecutionType: sfn.StateMachineType.STANDARD,
    resultPath: '$.map',
  });
  perDepartment.itemProcessor(sendOne);

  const finish = new tasks.LambdaInvoke(scope, 'FinishMonth', {
    lambdaFunction: fns.finish.fn,
    comment: "Write run.json from the Map's result files; fail if any department failed",
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject({ 'month.$': '$.run.month', 'map_results.$': '$.map.ResultWriterDetails' }),
    taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
  });
  retry(finish, 3);

  // Nothing to send: the month already went out, another execution holds this schedule's run lock,
  // or the month's data is not complete yet (MonthlyDataLate alarm). The execution succeeds quietly.
  const nothingToSend = new sfn.Succeed(scope, 'NothingToSend', { comment: 'done, duplicate or late (see the compute step output)' });
  const ready = new sfn.Choice(scope, 'AnythingToSend', { comment: 'Only a ready month is sent' })
    .when(sfn.Condition.stringEquals('$.run.status', 'ready'), perDepartment.next(finish))
    .otherwise(nothingToSend);

  const smLogs = encryptedLogGroup(scope, 'StateMachineLogs', {
    envName: props.envName,
    name: 'monthly-state-machine',
    key: props.key,
    retentionDays: props.logRetentionDays,
    keepOnDelete: props.keepOnDelete,
  });
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineName: `portal-pulse-${props.envName}-monthly`,
    comment: 'portal-pulse monthly reports',
    definitionBody: sfn.DefinitionBody.fromChainable(compute.next(ready)),
    timeout: Duration.hours(6),
    tracingEnabled: true,
    logs: { destination: smLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
  });
  // The Map's result files land in the KMS-encrypted results bucket.
  stateMachine.addToRolePolicy(dataKeyStatement(props.key, ['kms:GenerateDataKey', 'kms:Decrypt'], ['s3'], 'EncryptMapResults'));
  const smPolicy = stateMachine.role.node.findChild('DefaultPolicy');
  acknowledge(
    smPolicy,
    'HIPAA.Security-IAMNoInlinePolicy',
    'CDK writes the state machine role policy (invoke the four monthly Lambdas, X-Ray, log delivery) inline; it names each function.',
  );
  for (const fn of [fns.compute, fns.send, fns.finish]) {
    acknowledge(
      smPolicy,
      arnFinding('AwsSolutions-IAM5', fn.fn.node.defaultChild as import('aws-cdk-lib').CfnResource, ':*'),
      'Invoking a function by any of its versions or aliases (ARN:*) is how Step Functions LambdaInvoke is granted; the function itself ' +
        'is named.',
    );
  }
  acknowledge(
    smPolicy,
    arnFinding('AwsSolutions-IAM5', props.buckets.results.node.defaultChild as s3.CfnBucket, '/*')
      .replace('[Resource::<', '[Resource::arn:<AWS::Partition>:s3:::<')
      .replace('.Arn>/*', '>/*'),
    "CDK's distributed-Map ResultWriter statement (s3:PutObject and friends) names the results bucket as a whole; Step Functions writes " +
      'under map-results/ only, with names it chooses (the map run id).',
  );
  const { region, account } = Stack.of(scope);
  const smLogicalId = Stack.of(scope).getLogicalId(stateMachine.node.defaultChild as CfnResource);
  const smRef = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${smLogicalId}"}]}]}`;
  const mapPolicy = stateMachine.node.findChild('DistributedMapPolicy');
  for (const suffix of [':*', '/*:*']) {
    acknowledge(
      mapPolicy,
      `AwsSolutions-IAM5[Resource::arn:aws:states:${region}:${account}:execution:${smRef}${suffix}]`,
      'The distributed Map starts, describes and stops its own child executions, named by Step Functions at run time under this state ' +
        "machine's execution ARNs.",
    );
  }
  acknowledge(
    mapPolicy,
    'HIPAA.Security-IAMNoInlinePolicy',
    'CDK writes the distributed Map policy (its own child executions of this state machine) inline on the state machine role; it names ' +
      'only this state machine.',
  );
  acknowledge(
    smPolicy,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray PutTraceSegments/PutTelemetryRecords and CloudWatch Logs log-delivery actions (CreateLogDelivery and friends) support no ' +
      'resource-level permissions; AWS documents Resource "*" for them.',
  );
  return stateMachine;
}
