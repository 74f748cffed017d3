// Operations: the KMS-encrypted operator topic every alarm notifies, and the alarm helper so every
// alarm is created the same way (actions on alarm AND on recovery, missing data never breaching unless
// said so).
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface OperationsProps {
  readonly envName: string;
  readonly key: kms.IKey;
  readonly operatorEmails: string[];
}

import { METRIC_NAMESPACE } from '../handler-contract/index.ts';

/** The namespace of the handlers' embedded-metric-format metrics (see lambdas/shared/log.ts). */
export { METRIC_NAMESPACE };

export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly envName: string;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.envName = props.envName;
    this.topic = new sns.Topic(this, 'OperatorTopic', {
      topicName: `portal-pulse-${props.envName}-operators`,
      displayName: `portal-pulse ${props.envName} operations`,
      masterKey: props.key,
      enforceSSL: true,
    });
    for (const email of props.operatorEmails) this.topic.addSubscription(new subs.EmailSubscription(email));
  }

  /** A metric a handler publishes (namespace PortalPulse, dimensions Environment and service; lambdas/shared/log.ts). */
  handlerMetric(service: string, metricName: string, period: Duration, statistic: 'Sum' | 'Maximum' | 'Minimum'): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { Environment: this.envName, service },
      period,
      statistic,
    });
  }

  alarm(
    id: string,
    props: {
      metric: cloudwatch.IMetric;
      description: string;
      threshold?: number;
      comparison?: cloudwatch.ComparisonOperator;
      missing?: cloudwatch.TreatMissingData;
    },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `portal-pulse-${this.envName}-${id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: props.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: props.missing ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }

  /** Alarms as soon as any message waits in a dead-letter queue. */
  deadLetterAlarm(id: string, queue: sqs.IQueue, what: string): cloudwatch.Alarm {
    return this.alarm(id, {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      description: `${what} failed every retry and waits in ${queue.queueName}; see docs/deploy.md "Operations".`,
    });
  }
}
