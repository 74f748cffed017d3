// The monthly job's two schedules (EventBridge Scheduler, site time zone): the monthly run and its
// watchdog, started by one role through a customer-managed policy, with retries and a dead-letter queue.
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { acknowledge, arnFinding } from './acknowledge.ts';
import { dataKeyStatement } from './data-key.ts';
import type { MonthlyFunctions } from './monthly-functions.ts';
import type { MonthlyJobProps } from './monthly-job.ts';

export interface MonthlySchedules {
  /** Starts the state machine (props.monthlyCron). */
  readonly schedule: scheduler.Schedule;
  /** Invokes the watchdog (props.watchdogCron). */
  readonly watchdogSchedule: scheduler.Schedule;
}

export function monthlySchedules(
  scope: Construct,
  props: MonthlyJobProps,
  stateMachine: sfn.StateMachine,
  fns: MonthlyFunctions,
): MonthlySchedules {
  const schedulerRole = new iam.Role(scope, 'SchedulerRole', {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stateMachine.stack.account } },
    }),
    description: `portal-pulse ${props.envName}: starts the monthly run and the watchdog`,
  });
  new iam.ManagedPolicy(scope, 'SchedulerPolicy', {
    roles: [schedulerRole],
    statements: [
      new iam.PolicyStatement({ sid: 'StartMonthly', actions: ['states:StartExecution'], resources: [stateMachine.stateMachineArn] }),
      new iam.PolicyStatement({ sid: 'InvokeWatchdog', actions: ['lambda:InvokeFunction'], resources: [fns.watchdog.fn.functionArn] }),
      new iam.PolicyStatement({ sid: 'DeadLetters', actions: ['sqs:SendMessage'], resources: [fns.scheduleDeadLetters.queueArn] }),
      dataKeyStatement(props.key, ['kms:GenerateDataKey', 'kms:Decrypt'], ['sqs'], 'EncryptedDeadLetters'),
    ],
  });
  const tz = TimeZone.of(props.timezone);
  const scheduledTime = scheduler.ScheduleTargetInput.fromObject({
    scheduled_time: scheduler.ContextAttribute.scheduledTime,
    source: 'schedule',
  });
  const schedule = new scheduler.Schedule(scope, 'MonthlySchedule', {
    scheduleName: `portal-pulse-${props.envName}-monthly`,
    description: 'Starts the monthly reports for the month before the scheduled time (site time zone)',
    schedule: scheduler.ScheduleExpression.expression(props.monthlyCron, tz),
    target: new schedulerTargets.StepFunctionsStartExecution(stateMachine, {
      role: schedulerRole,
      input: scheduledTime,
      deadLetterQueue: fns.scheduleDeadLetters,
      retryAttempts: 5,
      maxEventAge: Duration.hours(12),
    }),
  });
  const watchdogSchedule = new scheduler.Schedule(scope, 'WatchdogSchedule', {
    scheduleName: `portal-pulse-${props.envName}-monthly-watchdog`,
    description: "Checks that last month's run finished",
    schedule: scheduler.ScheduleExpression.expression(props.watchdogCron, tz),
    target: new schedulerTargets.LambdaInvoke(fns.watchdog.fn, {
      role: schedulerRole,
      input: scheduledTime,
      deadLetterQueue: fns.scheduleDeadLetters,
      retryAttempts: 5,
      maxEventAge: Duration.hours(12),
    }),
  });
  const schedPolicy = schedulerRole.node.tryFindChild('DefaultPolicy');
  if (schedPolicy) {
    acknowledge(
      schedPolicy,
      'HIPAA.Security-IAMNoInlinePolicy',
      'CDK scheduler targets restate (inline) the start/invoke and dead-letter permissions already in the customer-managed ' +
        'SchedulerPolicy.',
    );
    acknowledge(
      schedPolicy,
      arnFinding('AwsSolutions-IAM5', fns.watchdog.fn.node.defaultChild as import('aws-cdk-lib').CfnResource, ':*'),
      'The CDK Lambda schedule target grants invoke on the watchdog function and its versions (ARN:*); the function itself is named.',
    );
  }
  return { schedule, watchdogSchedule };
}
