// The Athena workgroup every cloud query runs in. Its configuration is enforced (a client cannot pick
// another output location or switch encryption off), the engine version is pinned (the SQL in
// lib/queries is written and tested for Trino as Athena engine 3 runs it), results are KMS-encrypted
// in the results bucket, and a per-query scan cutoff stops a runaway query.
import { Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREFIXES } from '../handler-contract/index.ts';

export const ATHENA_ENGINE_VERSION = 'Athena engine version 3';

export interface AthenaWorkgroupProps {
  envName: string;
  resultsBucket: s3.IBucket;
  key: kms.IKey;
  bytesScannedCutoffPerQuery: number;
}

export class AthenaWorkgroup extends Construct {
  readonly workgroup: athena.CfnWorkGroup;
  readonly name: string;

  constructor(scope: Construct, id: string, props: AthenaWorkgroupProps) {
    super(scope, id);
    this.name = `portal-pulse-${props.envName}`;
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

  arn(): string {
    const { account, region, partition } = Stack.of(this);
    return `arn:${partition}:athena:${region}:${account}:workgroup/${this.name}`;
  }
}
