// The audit trail and the backups.
//   Trail    a CloudTrail trail of this stack: management events, and S3 data events (every read and
//            write) on each bucket that holds patient data or what is derived from it (raw uploads, the
//            lake, quarantine, results, reports). Log files are KMS-encrypted, validated (digest files),
//            kept in their own versioned, access-logged bucket for the access-log retention, and also
//            sent to an encrypted CloudWatch log group for queries. Who viewed which hosted page is in
//            the viewer function's log (pseudonymous lead id), see report-hosting.ts.
//   Backup   AWS Backup copies the lake and the results buckets daily into an encrypted vault, keeping
//            each recovery point for backup.retentionDays (config). Raw uploads are a transient copy of
//            the lake's input, reports are rebuilt from the results, quarantine is kept by its own
//            lifecycle rule, so none is backed up.
// docs/deploy.md "Audit trail, backups and break-glass access" tells how to read and restore them.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.ts';
import { encryptedLogGroup } from './log-group.ts';

export interface AuditProps {
  readonly envName: string;
  readonly key: kms.Key;
  readonly accessLogs: s3.Bucket;
  /** Buckets whose every object access is recorded. */
  readonly dataBuckets: s3.Bucket[];
  /** Buckets backed up daily. */
  readonly backedUp: s3.Bucket[];
  readonly backupRetentionDays: number;
  readonly auditRetentionDays: number;
  readonly logRetentionDays: number;
  readonly keepOnDelete: boolean;
}

export class Audit extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly trailBucket: s3.Bucket;
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly backupRole: iam.Role;

  constructor(scope: Construct, id: string, props: AuditProps) {
    super(scope, id);
    const removalPolicy = props.keepOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const { account } = Stack.of(this);

    this.trailBucket = new s3.Bucket(this, 'TrailLogs', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 's3/traillogs/',
      lifecycleRules: [
        {
          id: 'expire-trail',
          expiration: Duration.days(props.auditRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });
    acknowledge(
      this.trailBucket,
      'HIPAA.Security-S3BucketReplicationEnabled',
      'CloudTrail log files are validated by digest files, versioned and kept for the audit retention; the deployment is single-region ' +
        'by design.',
    );
    // CloudTrail encrypts log files with the key; the encryption context pins it to this account's trails.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsLogs',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${account}:trail/*` },
          StringEquals: { 'aws:SourceAccount': account },
        },
      }),
    );

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: `portal-pulse-${props.envName}`,
      bucket: this.trailBucket,
      encryptionKey: props.key,
      enableFileValidation: true,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: encryptedLogGroup(this, 'TrailLogGroup', {
        envName: props.envName,
        name: 'cloudtrail',
        key: props.key,
        retentionDays: props.logRetentionDays,
        keepOnDelete: props.keepOnDelete,
      }),
    });
    this.trail.addS3EventSelector(
      props.dataBuckets.map((bucket) => ({ bucket })),
      { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: false },
    );
    const trailRolePolicy = this.trail.node.tryFindChild('LogsRole')?.node.tryFindChild('DefaultPolicy');
    if (trailRolePolicy)
      acknowledge(
        trailRolePolicy,
        'HIPAA.Security-IAMNoInlinePolicy',
        'CDK writes the CloudTrail delivery role policy (CreateLogStream and PutLogEvents on the trail log group only) inline.',
      );

    // --- backups -----------------------------------------------------------------------------------
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: `portal-pulse-${props.envName}`,
      encryptionKey: props.key,
      removalPolicy,
    });
    this.backupRole = new iam.Role(this, 'BackupRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
      description: `portal-pulse ${props.envName}: AWS Backup of the lake and results buckets`,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AWSBackupServiceRolePolicyForS3Backup'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AWSBackupServiceRolePolicyForS3Restore'),
      ],
    });
    new iam.ManagedPolicy(this, 'BackupKeyPolicy', {
      roles: [this.backupRole],
      description: `portal-pulse ${props.envName}: AWS Backup reads and restores KMS-encrypted objects`,
      statements: [
        new iam.PolicyStatement({
          sid: 'UseDataKey',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [props.key.keyArn],
        }),
      ],
    });
    // The selection adds the general backup policy (service-role/...) to the role as well.
    for (const policy of [
      'AWSBackupServiceRolePolicyForS3Backup',
      'AWSBackupServiceRolePolicyForS3Restore',
      'service-role/AWSBackupServiceRolePolicyForBackup',
    ]) {
      acknowledge(
        this.backupRole,
        `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
        'AWS documents this managed policy as the one AWS Backup needs for S3 (it follows new S3 and EventBridge requirements); the role ' +
          'is assumed only by AWS Backup in this account.',
      );
    }
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `portal-pulse-${props.envName}`,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'daily',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: Duration.days(props.backupRetentionDays),
        }),
      ],
    });
    this.plan.addSelection('DataBuckets', {
      backupSelectionName: 'lake-and-results',
      resources: props.backedUp.map((b) => backup.BackupResource.fromArn(b.bucketArn)),
      role: this.backupRole,
    });
  }
}
