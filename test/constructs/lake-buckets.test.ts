import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { testStack } from './stack-fixture.ts';
import { describe, expect, it } from 'vitest';
import { DataKey } from '../../lib/constructs/data-key.ts';
import { LakeBuckets } from '../../lib/constructs/lake-buckets.ts';
import { recordedAcknowledgements } from '../../lib/constructs/acknowledge.ts';
import type { PolicyGrantee } from '../../lib/constructs/portal-pulse-function.ts';

const retention = { rawUploadsDays: 30, quarantineDays: 90, queryResultsDays: 7, accessLogsDays: 365, noncurrentVersionsDays: 30 };

function build(keepOnDelete = false) {
  const stack = testStack();
  const key = new DataKey(stack, 'Key', { envName: 't', keepOnDelete });
  const buckets = new LakeBuckets(stack, 'B', { envName: 't', key: key.key, retention, keepOnDelete });
  return { stack, buckets, key, t: Template.fromStack(stack) };
}

describe('LakeBuckets', () => {
  const { t, stack, buckets, key } = build();
  const all = t.findResources('AWS::S3::Bucket');
  const logicalId = (b: { node: { defaultChild: unknown } }) => stack.getLogicalId(b.node.defaultChild as never);

  it('creates six buckets, all versioned, private and TLS-only', () => {
    expect(Object.keys(all)).toHaveLength(6);
    for (const b of Object.values(all)) {
      expect(b.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const policies = t.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(6);
    for (const p of Object.values(policies)) {
      const deny = (
        p.Properties.PolicyDocument.Statement as { Effect: string; Condition?: Record<string, Record<string, unknown>> }[]
      ).filter((s) => s.Effect === 'Deny');
      expect(deny.some((s) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
      expect(deny.some((s) => s.Condition?.NumericLessThan?.['s3:TlsVersion'] === 1.2)).toBe(true);
    }
  });

  it('encrypts the data buckets with the customer-managed key and logs them to the access-log bucket', () => {
    const keyId = stack.getLogicalId(key.key.node.defaultChild as never);
    for (const b of [buckets.raw, buckets.lake, buckets.quarantine, buckets.results, buckets.reports]) {
      const p = all[logicalId(b)]!.Properties;
      expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: { KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] }, SSEAlgorithm: 'aws:kms' },
      });
      expect(p.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logicalId(buckets.accessLogs) });
    }
    // Log delivery cannot write to a KMS bucket: the access-log bucket uses SSE-S3.
    expect(
      all[logicalId(buckets.accessLogs)]!.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({ SSEAlgorithm: 'AES256' });
  });

  it('expires what is transient and keeps the lake and reports', () => {
    const rules = (b: typeof buckets.raw) =>
      all[logicalId(b)]!.Properties.LifecycleConfiguration.Rules as {
        Id: string;
        Prefix?: string;
        ExpirationInDays?: number;
        NoncurrentVersionExpiration?: { NoncurrentDays: number };
      }[];
    expect(rules(buckets.raw)).toContainEqual(expect.objectContaining({ Id: 'expire-uploads', Prefix: 'uploads/', ExpirationInDays: 30 }));
    expect(rules(buckets.results)).toContainEqual(
      expect.objectContaining({ Id: 'expire-athena-results', Prefix: 'athena/', ExpirationInDays: 7 }),
    );
    expect(rules(buckets.quarantine)).toContainEqual(expect.objectContaining({ Id: 'expire-quarantine', ExpirationInDays: 90 }));
    expect(rules(buckets.lake).every((r) => r.ExpirationInDays === undefined)).toBe(true);
    expect(rules(buckets.lake)).toContainEqual(
      expect.objectContaining({ Id: 'housekeeping', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
    );
    // Versioning must not keep an upload or a rejected row past its retention (reproduced: 30 more days).
    for (const b of [buckets.raw, buckets.quarantine])
      expect(rules(b)).toContainEqual(expect.objectContaining({ Id: 'housekeeping', NoncurrentVersionExpiration: { NoncurrentDays: 1 } }));
  });

  it('sends raw-bucket events to EventBridge without a notifications custom resource', () => {
    expect(all[logicalId(buckets.raw)]!.Properties.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    t.resourceCountIs('AWS::Lambda::Function', 0);
    t.resourceCountIs('Custom::S3BucketNotifications', 0);
  });

  it('retains data on stack deletion only when asked (production)', () => {
    expect(Object.values(all).every((b) => (b as { DeletionPolicy?: string }).DeletionPolicy === 'Delete')).toBe(true);
    const kept = build(true).t.findResources('AWS::S3::Bucket');
    expect(Object.values(kept).every((b) => (b as { DeletionPolicy?: string }).DeletionPolicy === 'Retain')).toBe(true);
  });
});

describe('DataKey', () => {
  const { t } = build();
  it('rotates yearly and lets only named services use it', () => {
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365 });
    const [key] = Object.values(t.findResources('AWS::KMS::Key'));
    const statements = key!.Properties.KeyPolicy.Statement as { Sid?: string; Principal: { Service?: unknown }; Condition?: unknown }[];
    const logs = statements.find((s) => s.Sid === 'CloudWatchLogsOwnGroups');
    expect(logs?.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-2:111111111111:log-group:/portal-pulse/t/*' },
    });
    const services = statements.find((s) => s.Sid === 'ServicesPublishingToEncryptedTopicAndQueues');
    expect(services?.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111111111111' } });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/portal-pulse-t' });
  });
});

describe('LakeBuckets grant methods', () => {
  // Each grant goes to a policy of its own, so its statements are the whole policy document.
  const stack = testStack();
  const key = new DataKey(stack, 'Key', { envName: 't', keepOnDelete: false });
  const buckets = new LakeBuckets(stack, 'B', { envName: 't', key: key.key, retention, keepOnDelete: false });
  const granteeFor = (name: string): PolicyGrantee => {
    const policy = new iam.ManagedPolicy(stack, name, { description: name });
    return { policy, addToPolicy: (s) => policy.addStatements(s) };
  };
  const arn = (b: s3.Bucket) => ({ 'Fn::GetAtt': [stack.getLogicalId(b.node.defaultChild as never), 'Arn'] });
  const objects = (b: s3.Bucket, k: string) => ({ 'Fn::Join': ['', [arn(b), `/${k}`]] });
  const list = (Sid: string, b: s3.Bucket, Action: string | string[], prefix?: string) => ({
    Sid,
    Effect: 'Allow',
    Action,
    Resource: arn(b),
    ...(prefix ? { Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
  });
  const allow = (Sid: string, Action: string | string[], Resource: unknown) => ({ Sid, Effect: 'Allow', Action, Resource });
  const cases: [string, (g: PolicyGrantee) => void, unknown[]][] = [
    [
      'grantReadUploads',
      (g) => buckets.grantReadUploads(g),
      [
        allow('ReadUploads', 's3:GetObject', objects(buckets.raw, 'uploads/*')),
        list('ListUploads', buckets.raw, 's3:ListBucket', 'uploads/'),
      ],
    ],
    [
      'grantWriteQuarantine',
      (g) => buckets.grantWriteQuarantine(g),
      [allow('WriteQuarantine', 's3:PutObject', objects(buckets.quarantine, 'quarantine/*'))],
    ],
    [
      'grantReadWriteLake',
      (g) => buckets.grantReadWriteLake(g),
      [
        allow('ReadWriteLake', ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], objects(buckets.lake, '*')),
        list('ListLake', buckets.lake, 's3:ListBucket'),
      ],
    ],
    [
      'grantReadLake',
      (g) => buckets.grantReadLake(g),
      [
        allow('ReadLake', 's3:GetObject', objects(buckets.lake, '*')),
        list('ListLake', buckets.lake, ['s3:ListBucket', 's3:GetBucketLocation']),
      ],
    ],
    [
      'grantReaderLease',
      (g) => buckets.grantReaderLease(g),
      [allow('ReaderLease', ['s3:PutObject', 's3:DeleteObject'], objects(buckets.lake, '.lake/readers/*'))],
    ],
    [
      'grantWriteMonthly',
      (g) => buckets.grantWriteMonthly(g),
      [
        allow(
          'WriteMonthly',
          ['s3:GetObject', 's3:PutObject'],
          [objects(buckets.results, 'monthly/*'), objects(buckets.results, 'access/leads.json')],
        ),
      ],
    ],
    ['grantReadMonthly', (g) => buckets.grantReadMonthly(g), [allow('ReadMonthly', 's3:GetObject', objects(buckets.results, 'monthly/*'))]],
    [
      'grantWriteRunOutcome',
      (g) => buckets.grantWriteRunOutcome(g),
      [allow('WriteRun', 's3:PutObject', objects(buckets.results, 'monthly/*/run.json'))],
    ],
    [
      'grantReadRunOutcome',
      (g) => buckets.grantReadRunOutcome(g),
      [
        allow('ReadRun', 's3:GetObject', objects(buckets.results, 'monthly/*/run.json')),
        list('Listmonthly', buckets.results, 's3:ListBucket', 'monthly/'),
      ],
    ],
    [
      'grantRunLock',
      (g) => buckets.grantRunLock(g),
      [allow('RunLock', ['s3:GetObject', 's3:PutObject'], objects(buckets.results, 'runs/*'))],
    ],
    [
      'grantLedger',
      (g) => buckets.grantLedger(g),
      [
        allow('Ledger', ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], objects(buckets.results, 'ledger/*')),
        list('Listledger', buckets.results, 's3:ListBucket', 'ledger/'),
      ],
    ],
    [
      'grantWriteEmailPreviews',
      (g) => buckets.grantWriteEmailPreviews(g),
      [allow('WriteEmailPreview', 's3:PutObject', objects(buckets.results, 'previews/*'))],
    ],
    [
      'grantReadLeadList',
      (g) => buckets.grantReadLeadList(g),
      [allow('ReadLeadList', 's3:GetObject', objects(buckets.results, 'access/leads.json'))],
    ],
    [
      'grantReadMapResults',
      (g) => buckets.grantReadMapResults(g, 'map-results/'),
      [allow('ReadMapResults', 's3:GetObject', objects(buckets.results, 'map-results/*'))],
    ],
    [
      'grantPublishPages',
      (g) => buckets.grantPublishPages(g),
      [
        allow('PublishReports', ['s3:GetObject', 's3:PutObject'], objects(buckets.reports, '*')),
        list('ListReports', buckets.reports, 's3:ListBucket'),
      ],
    ],
  ];
  const grantees = new Map(
    cases.map(([name, grant]) => [
      name,
      (() => {
        const g = granteeFor(name);
        grant(g);
        return g;
      })(),
    ]),
  );
  const t = Template.fromStack(stack);

  it.each(cases)('%s grants exactly its statements', (name, _grant, statements) => {
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { Description: name, PolicyDocument: { Statement: statements } });
  });

  it('acknowledges every wildcard object ARN it grants, on the grantee policy, with a reason', () => {
    for (const [name, g] of grantees) {
      const statements = Object.values(t.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: name } }))[0]!.Properties
        .PolicyDocument.Statement as { Resource: unknown }[];
      // An object ARN is { Fn::Join: ['', [<bucket ARN>, '/<key>']] }; its key suffix is what the finding names.
      const suffixes = statements
        .flatMap((st) => [st.Resource].flat() as { 'Fn::Join'?: [string, [unknown, string]] }[])
        .map((r) => r['Fn::Join']?.[1][1])
        .filter((k): k is string => k?.includes('*') ?? false);
      const acks = recordedAcknowledgements().filter((a) => a.path === g.policy.node.path);
      expect(acks.map((a) => a.id.replace(/^.*>/, '').replace(/]$/, '')).sort(), name).toEqual(suffixes.sort());
      for (const a of acks) expect(a.reason.length).toBeGreaterThan(30);
    }
  });
});
