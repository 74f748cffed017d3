// PortalPulse-SchedulerRetryAndDeadLetter: an EventBridge Scheduler schedule must retry a failed target
// invocation and send what still fails to a dead-letter queue. Scheduler's defaults retry for a day but
// then drop the event silently: a monthly report that never starts would go unnoticed.
import type { CfnResource } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { NagRuleCompliance } from 'cdk-nag';
import { path, resolved } from './resolve.ts';

export const SCHEDULER_RETRY_DLQ = {
  id: 'SchedulerRetryAndDeadLetter',
  info: 'The EventBridge Scheduler schedule has no explicit retry policy (at least one retry) or no dead-letter queue.',
  explanation:
    'Scheduler drops an invocation that exhausts its retries unless a dead-letter queue keeps it; an alarm on that queue is how ' +
    'operators learn a scheduled run never started.',
};

export function schedulerRetryAndDeadLetter(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof scheduler.CfnSchedule)) return NagRuleCompliance.NOT_APPLICABLE;
  const target = resolved(node, node.target);
  const attempts = path(target, 'retryPolicy', 'maximumRetryAttempts');
  const dlq = path(target, 'deadLetterConfig', 'arn');
  const retries = typeof attempts === 'number' && attempts >= 1;
  const deadLetter = dlq !== undefined && dlq !== null && dlq !== '';
  return retries && deadLetter ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
