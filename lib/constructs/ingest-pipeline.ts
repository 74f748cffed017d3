// Ingestion in the cloud: an export is uploaded as a folder raw://uploads/<export>/ (messages, clinicians,
// departments files) and closed with an empty READY object. The bucket's EventBridge event for that READY
// key (and only that key, so a half-uploaded export never starts) invokes the ingest Lambda, which runs
// lib/ingest on /tmp and syncs what it wrote to the lake and quarantine buckets. Ingest runs one at a
// time (reserved concurrency 1): two loads must never rewrite the same partition concurrently.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { dataKeyStatement } from './data-key.ts';
import { acknowledge, arnFinding } from './acknowledge.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { ENV, METRIC_NAMESPACE, PREFIXES, UPLOAD_READY_MARKER } from '../handler-contract/index.ts';
import type { Operations } from './operations.ts';
import { PortalPulseFunction } from './portal-pulse-function.ts';
import type { Settings } from '../settings/index.ts';
import type * as s3cfn from 'aws-cdk-lib/aws-s3';

export interface IngestPipelineProps {
  readonly envName: string;
  readonly key: kms.IKey;
  readonly raw: s3.Bucket;
  readonly lake: s3.Bucket;
  readonly quarantine: s3.Bucket;
  readonly settings: Settings;
  readonly logRetentionDays: number;
  readonly keepOnDelete: boolean;
  readonly operations: Operations;
}

export class IngestPipeline extends Construct {
  readonly function: PortalPulseFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    const dlq = deadLetterQueue(this, 'DeadLetters', { envName: props.envName, name: 'ingest', key: props.key });
    this.function = new PortalPulseFunction(this, 'Ingest', {
      envName: props.envName,
      handler: 'ingest',
      description: 'Ingests one uploaded export into the Parquet lake (lib/ingest) and syncs the lake bucket',
      key: props.key,
      logRetentionDays: props.logRetentionDays,
      keepOnDelete: props.keepOnDelete,
      memoryMb: 3008,
      timeout: Duration.minutes(15),
      ephemeralStorageMb: 10240,
      reservedConcurrency: 1,
      invocation: { kind: 'async', deadLetterQueue: dlq },
      environment: {
        [ENV.rawBucket]: props.raw.bucketName,
        [ENV.lakeBucket]: props.lake.bucketName,
        [ENV.quarantineBucket]: props.quarantine.bucketName,
        [ENV.settings]: JSON.stringify(props.settings),
        [ENV.metricNamespace]: METRIC_NAMESPACE,
      },
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadUploads',
          actions: ['s3:GetObject'],
          resources: [props.raw.arnForObjects(`${PREFIXES.uploads}*`)],
        }),
        new iam.PolicyStatement({
          sid: 'ListUploads',
          actions: ['s3:ListBucket'],
          resources: [props.raw.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${PREFIXES.uploads}*`] } },
        }),
        new iam.PolicyStatement({
          sid: 'ReadWriteLake',
          actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          resources: [props.lake.arnForObjects('*')],
        }),
        new iam.PolicyStatement({ sid: 'ListLake', actions: ['s3:ListBucket'], resources: [props.lake.bucketArn] }),
        new iam.PolicyStatement({
          sid: 'WriteQuarantine',
          actions: ['s3:PutObject'],
          resources: [props.quarantine.arnForObjects(`${PREFIXES.quarantine}*`)],
        }),
        dataKeyStatement(props.key, ['kms:Decrypt', 'kms:GenerateDataKey'], ['s3']),
      ],
    });
    const policy = this.function.policy;
    const cfn = (b: s3.Bucket) => b.node.defaultChild as s3cfn.CfnBucket;
    acknowledge(
      policy,
      arnFinding('AwsSolutions-IAM5', cfn(props.raw), `/${PREFIXES.uploads}*`),
      'Object ARNs under the uploads/ prefix: each export folder has a new name, so objects cannot be listed one by one.',
    );
    acknowledge(
      policy,
      arnFinding('AwsSolutions-IAM5', cfn(props.lake), '/*'),
      'The lake bucket holds only lake files (messages partitions, clinicians, departments, loads, lake.json); ingestion rewrites any partition an export touches.',
    );
    acknowledge(
      policy,
      arnFinding('AwsSolutions-IAM5', cfn(props.quarantine), `/${PREFIXES.quarantine}*`),
      'Object ARNs under quarantine/: one file per load, named by the load id at run time.',
    );

    this.rule = new events.Rule(this, 'UploadReady', {
      description: `Starts ingestion when an export's ${UPLOAD_READY_MARKER} marker lands under ${PREFIXES.uploads}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.raw.bucketName] },
          object: { key: [{ wildcard: `${PREFIXES.uploads}*/${UPLOAD_READY_MARKER}` }] },
        },
      },
      targets: [new targets.LambdaFunction(this.function.fn, { deadLetterQueue: dlq, retryAttempts: 4, maxEventAge: Duration.hours(6) })],
    });

    props.operations.alarm('IngestErrors', {
      metric: this.function.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      description:
        'An ingestion run failed; the upload was not (fully) loaded. Read /portal-pulse/<env>/ingest for the file, line and reason.',
    });
    props.operations.deadLetterAlarm('IngestDeadLetters', dlq, 'An upload event');
    props.operations.alarm('IngestRejected', {
      metric: new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: 'IngestRejected',
        dimensionsMap: { Environment: props.envName, service: 'ingest' },
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      description: 'An upload was rejected as a whole (its log line names the file, line and reason); fix the export and upload it again.',
    });
    props.operations.alarm('IngestQuarantine', {
      metric: new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: 'Quarantined',
        dimensionsMap: { Environment: props.envName, service: 'ingest' },
        period: Duration.hours(1),
        statistic: 'Sum',
      }),
      threshold: 1,
      description: 'An export had rows quarantined (rejected with file, line and reason); review the quarantine bucket.',
    });
  }
}
