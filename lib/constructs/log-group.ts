// Log groups are created explicitly (not left to Lambda's first write) so they carry retention and the
// environment's KMS key, and so they live under /portal-pulse/<env>/, the prefix the key policy allows.
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface EncryptedLogGroupProps {
  readonly envName: string;
  /** Last part of the name: /portal-pulse/<env>/<name>. */
  readonly name: string;
  readonly key: kms.IKey;
  readonly retentionDays: number;
  readonly keepOnDelete: boolean;
}

export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: `/portal-pulse/${props.envName}/${props.name}`,
    encryptionKey: props.key,
    retention: props.retentionDays as logs.RetentionDays,
    removalPolicy: props.keepOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
}
