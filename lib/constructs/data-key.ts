// The environment's customer-managed KMS key: every bucket (but the access-log bucket), queue, topic,
// log group and Athena result is encrypted with it. Services that write encrypted data on our behalf
// (CloudWatch Logs, alarms publishing to the topic, EventBridge dead-letter queues) are named in the key
// policy, each limited to this account and, where the service supports it, to its own resources.
// A role's use of the key is limited to the services it reaches the data through (kms:ViaService,
// dataKeyStatement): a role that reads the lake through S3 cannot decrypt anything with the key directly.
// One key for all data is a deliberate choice (docs/deploy.md "Known limits"): the roles and the
// ViaService conditions already separate who reads what, and per-data keys would multiply key policies.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface DataKeyProps {
  readonly envName: string;
  readonly keepOnDelete: boolean;
}

export class DataKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: DataKeyProps) {
    super(scope, id);
    const { account, region } = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      alias: `alias/portal-pulse-${props.envName}`,
      description: `portal-pulse ${props.envName}: lake, results, reports, queues, topic and logs`,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      removalPolicy: props.keepOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // CloudWatch Logs encrypts log groups itself; the encryption context pins it to this account's groups.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsOwnGroups',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        resources: ['*'], // in a key policy '*' means this key
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${account}:log-group:/portal-pulse/${props.envName}/*` },
        },
      }),
    );
    // Alarms publish to the encrypted operator topic; EventBridge rules and Scheduler deliver failed
    // events to the encrypted dead-letter queues.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ServicesPublishingToEncryptedTopicAndQueues',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }
}

export type KeyService = 's3' | 'sqs' | 'secretsmanager' | 'dynamodb' | 'states';

/** Use of the data key by a role, only through the named services (kms:ViaService). */
export function dataKeyStatement(key: kms.IKey, actions: string[], via: KeyService[], sid = 'UseDataKey'): iam.PolicyStatement {
  const { region } = Stack.of(key);
  return new iam.PolicyStatement({
    sid,
    actions,
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': via.map((v) => `${v}.${region}.amazonaws.com`) } },
  });
}
