// The monthly job's alarms (on the Operations topic): a run that failed, timed out, was aborted or never
// happened, a month whose data was late, a schedule that could not start, and a watchdog that failed.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { MonthlyFunctions } from './monthly-functions.ts';
import type { MonthlyJobProps } from './monthly-job.ts';

export function monthlyAlarms(props: MonthlyJobProps, stateMachine: sfn.StateMachine, fns: MonthlyFunctions): void {
  const ops = props.operations;
  ops.alarm('MonthlyRunFailed', {
    metric: stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
    description:
      'A monthly run failed (a department failed every retry, or compute failed). Open the execution in Step Functions; re-run it: sends ' +
      'are idempotent.',
  });
  ops.alarm('MonthlyDataLate', {
    metric: ops.handlerMetric('monthly-compute', 'MonthlyDataLate', Duration.hours(1), 'Maximum'),
    description:
      'The monthly run found the month incomplete (the data cut-off is less than follow_up_hours past the month end) and sent nothing. ' +
      'Load the missing export; the next daily run sends the month (docs/deploy.md "Late data").',
  });
  ops.alarm('MonthlyRunTimedOut', {
    metric: stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }),
    description: 'A monthly run exceeded 6 hours.',
  });
  ops.alarm('MonthlyRunAborted', {
    metric: stateMachine.metricAborted({ period: Duration.minutes(5), statistic: 'Sum' }),
    description: 'A monthly run was aborted.',
  });
  ops.deadLetterAlarm('ScheduleDeadLetters', fns.scheduleDeadLetters, 'A scheduled start (monthly run or watchdog)');
  ops.alarm('MonthlyRunMissing', {
    metric: ops.handlerMetric('monthly-watchdog', 'MonthlyRunSucceeded', Duration.days(1), 'Minimum'),
    threshold: 1,
    comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    description:
      'The watchdog found no successful run for last month (no monthly/<month>/run.json). Start one: docs/deploy.md "Run a backfill".',
  });
  ops.alarm('WatchdogErrors', {
    metric: fns.watchdog.fn.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
    description: 'The monthly watchdog itself failed, so a missing run would go unnoticed.',
  });
}
