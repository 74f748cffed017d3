// A KMS-encrypted, TLS-only SQS queue that holds events a service gave up on, for 14 days.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export function deadLetterQueue(scope: Construct, id: string, props: { envName: string; name: string; key: kms.IKey }): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    queueName: `portal-pulse-${props.envName}-${props.name}-dlq`,
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return queue;
}
