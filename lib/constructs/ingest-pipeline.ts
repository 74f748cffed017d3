// Ingestion in the cloud: an export is uploaded as a folder raw://uploads/<export>/ (messages, clinicians,
// departments files) and closed with an empty READY object. The bucket's EventBridge event for that READY
// key (and only that key, so a half-uploaded export never starts) invokes the ingest Lambda, which runs
// lib/ingest on /tmp and syncs what it wrote to the lake and quarantine buckets. Ingest runs one at a
// time (reserved concurrency 1): two loads must never rewrite the same partition concurrently.
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { dataKeyStatement } from './data-key.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { ENV, METRIC_NAMESPACE, PREFIXES, UPLOAD_READY_MARKER } from '../handler-contract/index.ts';
import type { LakeBuckets } from './lake-buckets.ts';
import type { Operations } from './operations.ts';
import { PortalPulseFunction } from './portal-pulse-function.ts';
import type { Settings } from '../settings/index.ts';

export interface IngestPipelineProps {
  readonly envName: string;
  readonly key: kms.IKey;
  /** The raw, lake and quarantine buckets; the function's S3 access comes from their grant methods. */
  readonly buckets: LakeBuckets;
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
    const buckets = props.buckets;
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
        [ENV.rawBucket]: buckets.raw.bucketName,
        [ENV.lakeBucket]: buckets.lake.bucketName,
        [ENV.quarantineBucket]: buckets.quarantine.bucketName,
        [ENV.settings]: JSON.stringify(props.settings),
        [ENV.metricNamespace]: METRIC_NAMESPACE,
      },
      statements: [dataKeyStatement(props.key, ['kms:Decrypt', 'kms:GenerateDataKey'], ['s3'])],
    });
    buckets.grantReadUploads(this.function);
    buckets.grantReadWriteLake(this.function);
    buckets.grantWriteQuarantine(this.function);

    this.rule = new events.Rule(this, 'UploadReady', {
      description: `Starts ingestion when an export's ${UPLOAD_READY_MARKER} marker lands under ${PREFIXES.uploads}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [buckets.raw.bucketName] },
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
      metric: props.operations.handlerMetric('ingest', 'IngestRejected', Duration.minutes(5), 'Sum'),
      description: 'An upload was rejected as a whole (its log line names the file, line and reason); fix the export and upload it again.',
    });
    props.operations.alarm('IngestQuarantine', {
      metric: props.operations.handlerMetric('ingest', 'Quarantined', Duration.hours(1), 'Sum'),
      threshold: 1,
      description: 'An export had rows quarantined (rejected with file, line and reason); review the quarantine bucket.',
    });
  }
}
