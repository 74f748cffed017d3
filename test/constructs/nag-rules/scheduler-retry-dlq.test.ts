import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { NagRuleCompliance } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { PortalPulseChecks } from '../../../lib/constructs/nag-rules/portal-pulse-checks.ts';
import { schedulerRetryAndDeadLetter } from '../../../lib/constructs/nag-rules/scheduler-retry-dlq.ts';
import { testStack } from '../stack-fixture.ts';

const target = { arn: 'arn:aws:states:us-east-2:111111111111:stateMachine:m', roleArn: 'arn:aws:iam::111111111111:role/r' };

function schedule(extra: Partial<scheduler.CfnSchedule.TargetProperty>) {
  const stack = testStack();
  const s = new scheduler.CfnSchedule(stack, 'Monthly', {
    scheduleExpression: 'cron(0 6 4 * ? *)',
    flexibleTimeWindow: { mode: 'OFF' },
    target: { ...target, ...extra },
  });
  return { stack, s };
}

describe('PortalPulse-SchedulerRetryAndDeadLetter', () => {
  it('passes a schedule with retries and a dead-letter queue', () => {
    expect(
      schedulerRetryAndDeadLetter(
        schedule({ retryPolicy: { maximumRetryAttempts: 5 }, deadLetterConfig: { arn: 'arn:aws:sqs:us-east-2:111111111111:dlq' } }).s,
      ),
    ).toBe(NagRuleCompliance.COMPLIANT);
  });

  it.each([
    ['no dead-letter queue', { retryPolicy: { maximumRetryAttempts: 5 } }],
    ['no retry policy', { deadLetterConfig: { arn: 'arn:aws:sqs:us-east-2:111111111111:dlq' } }],
    [
      'retries switched off',
      { retryPolicy: { maximumRetryAttempts: 0 }, deadLetterConfig: { arn: 'arn:aws:sqs:us-east-2:111111111111:dlq' } },
    ],
  ])('fails a schedule with %s', (_why, extra) => {
    expect(schedulerRetryAndDeadLetter(schedule(extra).s)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  it('is reported by the PortalPulse pack', () => {
    const report = new PortalPulseChecks().validateScope(schedule({}).stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['PortalPulse-SchedulerRetryAndDeadLetter']);
  });
});
