// The environment's six buckets. All but the access-log bucket use the customer-managed key; all are
// TLS-only, private, versioned and access-logged, and each has lifecycle rules matching what it holds:
//   raw          exports as uploaded (uploads/<export>/...), kept briefly: the lake is the durable copy
//   lake         the Parquet lake (messages/, clinicians/, departments/, loads/, lake.json)
//   quarantine   rejected rows with file, line and reason (may hold patient ids): analytics team only
//   results      Athena output (athena/), monthly.json and departments.json (monthly/), the send ledger (ledger/)
//   reports      hosted pages, served only through CloudFront with a signed-in viewer (email previews stay
//                private in results: previews/<YYYY-MM>/emails/)
//   access logs  S3 server access logs and CloudFront logs (SSE-S3: log delivery cannot use a KMS key)
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.ts';
import { PREFIXES } from '../handler-contract/index.ts';

export interface LakeBucketsProps {
  readonly envName: string;
  readonly key: kms.IKey;
  readonly retention: {
    rawUploadsDays: number;
    quarantineDays: number;
    queryResultsDays: number;
    accessLogsDays: number;
    noncurrentVersionsDays: number;
  };
  readonly keepOnDelete: boolean;
}

export class LakeBuckets extends Construct {
  readonly accessLogs: s3.Bucket;
  readonly raw: s3.Bucket;
  readonly lake: s3.Bucket;
  readonly quarantine: s3.Bucket;
  readonly results: s3.Bucket;
  readonly reports: s3.Bucket;

  constructor(scope: Construct, id: string, props: LakeBucketsProps) {
    super(scope, id);
    const removalPolicy = props.keepOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const r = props.retention;
    // Versioning protects against an overwrite or a delete by mistake for noncurrentVersionsDays. Raw
    // uploads and quarantine are kept only for their own retention: their old versions go after a day,
    // so versioning never keeps an export or a rejected row (which may hold patient ids) past it.
    const housekeeping = (noncurrentDays: number): s3.LifecycleRule => ({
      id: 'housekeeping',
      abortIncompleteMultipartUploadAfter: Duration.days(7),
      noncurrentVersionExpiration: Duration.days(noncurrentDays),
      expiredObjectDeleteMarker: true,
    });

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      // CloudFront standard logs are delivered with an ACL grant; S3 server access logs use the bucket policy.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [
        {
          id: 'expire-logs',
          expiration: Duration.days(r.accessLogsDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });
    acknowledge(
      this.accessLogs,
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'S3 server access log delivery supports only SSE-S3 on the target bucket; the logs hold request metadata, no message content.',
    );
    acknowledge(
      this.accessLogs,
      'HIPAA.Security-S3BucketReplicationEnabled',
      'Access logs are operational records kept for the configured retention in one region; cross-region replication is not required for them.',
    );

    const secure = (bucketId: string, lifecycleRules: s3.LifecycleRule[], noncurrentDays = r.noncurrentVersionsDays): s3.Bucket => {
      const bucket = new s3.Bucket(this, bucketId, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: props.key,
        bucketKeyEnabled: true,
        enforceSSL: true,
        minimumTLSVersion: 1.2,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned: true,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `s3/${bucketId.toLowerCase()}/`,
        lifecycleRules: [housekeeping(noncurrentDays), ...lifecycleRules],
        removalPolicy,
      });
      acknowledge(
        bucket,
        'HIPAA.Security-S3BucketReplicationEnabled',
        `The ${bucketId} bucket is versioned, KMS-encrypted and retained on stack deletion in production; the deployment is single-region by design and cross-region replication of PHI is a separate data-residency decision.`,
      );
      return bucket;
    };

    this.raw = secure('Raw', [{ id: 'expire-uploads', prefix: PREFIXES.uploads, expiration: Duration.days(r.rawUploadsDays) }], 1);
    // EventBridge notifications, set on the bucket resource itself: the ingest trigger can then filter on
    // the upload marker's key, and (unlike the L2 eventBridgeEnabled flag) no notifications custom-resource
    // Lambda is deployed.
    (this.raw.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    this.lake = secure('Lake', []);
    this.quarantine = secure('Quarantine', [{ id: 'expire-quarantine', expiration: Duration.days(r.quarantineDays) }], 1);
    this.results = secure('Results', [
      { id: 'expire-athena-results', prefix: PREFIXES.athenaResults, expiration: Duration.days(r.queryResultsDays) },
    ]);
    this.reports = secure('Reports', []);
  }
}
