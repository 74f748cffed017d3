import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { testStack } from './stack-fixture.ts';
import { describe, it } from 'vitest';
import { AthenaWorkgroup } from '../../lib/constructs/athena-workgroup.ts';

describe('AthenaWorkgroup', () => {
  it('enforces KMS-encrypted results, a pinned engine and a scan cutoff', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'K');
    new AthenaWorkgroup(stack, 'A', {
      envName: 'dev',
      resultsBucket: s3.Bucket.fromBucketName(stack, 'R', 'results'),
      key,
      bytesScannedCutoffPerQuery: 10_000_000_000,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'portal-pulse-dev',
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        BytesScannedCutoffPerQuery: 10_000_000_000,
        PublishCloudWatchMetricsEnabled: true,
        ResultConfiguration: {
          OutputLocation: 's3://results/athena/',
          EncryptionConfiguration: {
            EncryptionOption: 'SSE_KMS',
            KmsKey: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as never), 'Arn'] },
          },
          ExpectedBucketOwner: '111111111111',
        },
      },
    });
  });
});
