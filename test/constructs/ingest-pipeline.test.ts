import { afterAll, describe, expect, it } from 'vitest';
import { resourcesOf, synthApp } from './app-fixture.ts';

const app = synthApp(['dev']);
afterAll(() => app.cleanup());
const t = app.template('dev');
const stack = app.stack('dev');
const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);

describe('IngestPipeline', () => {
  const fn = stack.ingest.function;

  it('runs on the newest Node.js, x86_64 (the native addons installed here), one load at a time, with room in /tmp', () => {
    const props = t.findResources('AWS::Lambda::Function')[id(fn.fn)]!.Properties;
    expect(props).toMatchObject({
      FunctionName: 'portal-pulse-dev-ingest',
      Runtime: 'nodejs24.x',
      Architectures: ['x86_64'],
      MemorySize: 3008,
      Timeout: 900,
      EphemeralStorage: { Size: 10240 },
      ReservedConcurrentExecutions: 1,
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^IngestDeadLetters/), 'Arn'] } },
      LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/^IngestLogs/) } },
      KmsKeyArn: { 'Fn::GetAtt': [id(stack.key.key), 'Arn'] },
    });
    const env = (t.findResources('AWS::Lambda::Function')[id(fn.fn)]!.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(env.RAW_BUCKET).toEqual({ Ref: id(stack.buckets.raw) });
    expect(env.LAKE_BUCKET).toEqual({ Ref: id(stack.buckets.lake) });
    expect(env.QUARANTINE_BUCKET).toEqual({ Ref: id(stack.buckets.quarantine) });
    expect(JSON.parse(env.PORTAL_PULSE_SETTINGS as string)).toEqual(stack.config.settings);
  });

  it('fires only on the READY marker of an upload folder in the raw bucket, with retries and a dead-letter queue', () => {
    const [[, rule]] = resourcesOf(t, 'AWS::Events::Rule', 'IngestUploadReady') as [
      [string, { Properties: { EventPattern: unknown; Targets: { RetryPolicy: unknown; DeadLetterConfig: unknown }[] } }],
    ];
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [{ Ref: id(stack.buckets.raw) }] }, object: { key: [{ wildcard: 'uploads/*/READY' }] } },
    });
    expect(rule.Properties.Targets[0]!.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 4 });
    expect(rule.Properties.Targets[0]!.DeadLetterConfig).toBeDefined();
  });

  it('may read uploads, rewrite the lake and add quarantine files, and nothing else', () => {
    const policy = t.findResources('AWS::IAM::ManagedPolicy')[id(fn.policy)]!;
    const statements = (policy.Properties.PolicyDocument as { Statement: { Sid: string; Action: string | string[] }[] }).Statement;
    expect(Object.fromEntries(statements.map((s) => [s.Sid, s.Action]))).toEqual({
      OwnLogGroup: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ReadUploads: 's3:GetObject',
      ListUploads: 's3:ListBucket',
      ReadWriteLake: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      ListLake: 's3:ListBucket',
      WriteQuarantine: 's3:PutObject',
      UseDataKey: ['kms:Decrypt', 'kms:GenerateDataKey'],
    });
  });

  it('alarms on errors, dead letters, rejected exports and quarantined rows', () => {
    const names = resourcesOf(t, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties.AlarmName);
    expect(names).toEqual(
      expect.arrayContaining([
        'portal-pulse-dev-ingest-errors',
        'portal-pulse-dev-ingest-dead-letters',
        'portal-pulse-dev-ingest-rejected',
        'portal-pulse-dev-ingest-quarantine',
      ]),
    );
  });
});
