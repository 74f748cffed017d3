// The Athena workgroup every cloud query runs in. Its configuration is enforced (a client cannot pick
// another output location or switch encryption off), the engine version is pinned (the SQL in
// lib/queries is written and tested for Trino as Athena engine 3 runs it), results are KMS-encrypted
// in the results bucket, and a per-query scan cutoff stops a runaway query.
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREFIXES } from '../handler-contract/index.ts';
import { acknowledge, arnFinding } from './acknowledge.ts';
import type { PolicyGrantee } from './portal-pulse-function.ts';

export const ATHENA_ENGINE_VERSION = 'Athena engine version 3';

export interface AthenaWorkgroupProps {
  readonly envName: string;
  readonly resultsBucket: s3.IBucket;
  readonly key: kms.IKey;
  readonly bytesScannedCutoffPerQuery: number;
}

export class AthenaWorkgroup extends Construct {
  readonly workgroup: athena.CfnWorkGroup;
  readonly name: string;
  private readonly resultsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: AthenaWorkgroupProps) {
    super(scope, id);
    this.name = `portal-pulse-${props.envName}`;
    this.resultsBucket = props.resultsBucket;
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.name,
      description: 'portal-pulse analyses (monthly job, backfills)',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/${PREFIXES.athenaResults}`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.key.keyArn },
          expectedBucketOwner: Stack.of(this).account,
        },
      },
    });
  }

  /**
   * Lets `grantee` run queries in this workgroup: start, poll, read and stop them, and read and write their
   * results under athena/ in the results bucket (Athena writes query results with the caller's credentials).
   */
  grantRunQueries(grantee: PolicyGrantee): void {
    const results = this.resultsBucket;
    grantee.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RunQueries',
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
          'athena:GetWorkGroup',
        ],
        resources: [this.arn()],
      }),
    );
    grantee.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AthenaResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [results.arnForObjects(`${PREFIXES.athenaResults}*`)],
      }),
    );
    grantee.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ResultsBucket',
        actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
        resources: [results.bucketArn],
      }),
    );
    acknowledge(
      grantee.policy,
      arnFinding('AwsSolutions-IAM5', results.node.defaultChild as s3.CfnBucket, `/${PREFIXES.athenaResults}*`),
      'Athena writes each query result under athena/ with a generated name (query execution id).',
    );
  }

  arn(): string {
    const { account, region, partition } = Stack.of(this);
    return `arn:${partition}:athena:${region}:${account}:workgroup/${this.name}`;
  }
}
