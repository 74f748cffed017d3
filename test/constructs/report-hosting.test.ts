import { readFileSync } from 'node:fs';
import * as nodeCrypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { signSession, type Keyring } from '../../lambdas/page-access/session.ts';
import { synthApp } from './app-fixture.ts';

const app = synthApp(['dev']);
afterAll(() => app.cleanup());
const t = app.template('dev');
const stack = app.stack('dev');
const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);

describe('ReportHosting', () => {
  const dist = () =>
    t.findResources('AWS::CloudFront::Distribution')[id(stack.hosting.distribution)]!.Properties.DistributionConfig as Record<
      string,
      unknown
    > & {
      DefaultCacheBehavior: Record<string, unknown> & { FunctionAssociations: { EventType: string; FunctionARN: unknown }[] };
      CacheBehaviors: Record<string, unknown>[];
      Origins: { Id: string; S3OriginConfig?: unknown; OriginAccessControlId?: unknown; CustomOriginConfig?: unknown }[];
    };

  it('serves the reports bucket only through CloudFront with origin access control, HTTPS, logged', () => {
    const d = dist();
    expect(d.DefaultRootObject).toBe('index.html');
    expect(d.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(d.Logging).toMatchObject({
      Bucket: { 'Fn::GetAtt': [id(stack.buckets.accessLogs), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
    expect(d.Origins).toHaveLength(2);
    for (const o of d.Origins) expect(o.OriginAccessControlId).toBeDefined();
    const reportsPolicy = Object.values(t.findResources('AWS::S3::BucketPolicy')).find(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id(stack.buckets.reports) }),
    )!;
    const allows = (
      reportsPolicy.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Condition?: unknown }[]
    ).filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]!.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(JSON.stringify(allows[0]!.Condition)).toContain(id(stack.hosting.distribution));
  });

  it('serves the alias with its certificate and TLS 1.2 (2021) as the minimum', () => {
    expect(dist()).toMatchObject({
      Aliases: ['reports-dev.example.org'],
      ViewerCertificate: { MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
    });
  });

  it('checks the session cookie on every page request, and routes /auth/* to the IAM-authenticated sign-in function', () => {
    const d = dist();
    expect(d.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [id(stack.hosting.viewerFunction), 'FunctionARN'] } },
    ]);
    expect(d.CacheBehaviors).toHaveLength(1);
    // POST: the sign-in and callback forms post with fetch() (body hash for OAC); the handler refuses the rest.
    expect(d.CacheBehaviors[0]).toMatchObject({
      PathPattern: '/auth/*',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
    });
    t.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
    const fn = t.findResources('AWS::CloudFront::Function')[id(stack.hosting.viewerFunction)]!.Properties;
    expect(fn.FunctionConfig).toMatchObject({
      Runtime: 'cloudfront-js-2.0',
      KeyValueStoreAssociations: [{ KeyValueStoreARN: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } }],
    });
  });

  const policyOf = (fn: { policy: { node: { defaultChild?: unknown } } }) =>
    Object.fromEntries(
      (
        t.findResources('AWS::IAM::ManagedPolicy')[id(fn.policy)]!.Properties.PolicyDocument as {
          Statement: { Sid: string; Action: unknown }[];
        }
      ).Statement.map((s) => [s.Sid, s.Action]),
    );

  it('gives the sign-in function the lead list, the keys, the limiter table and the queue, and no SES', () => {
    expect(policyOf(stack.hosting.pageAccess)).toEqual({
      OwnLogGroup: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ReadLeadList: 's3:GetObject',
      ReadSessionKeys: 'secretsmanager:GetSecretValue',
      SignInLimits: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      QueueSignIn: 'sqs:SendMessage',
      UseDataKey: ['kms:Decrypt', 'kms:GenerateDataKey'],
    });
    expect(policyOf(stack.hosting.signInSender)).toEqual({
      OwnLogGroup: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ReadLeadList: 's3:GetObject',
      ReadSessionKeys: 'secretsmanager:GetSecretValue',
      ConsumeSignIn: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      UseDataKey: 'kms:Decrypt',
      SendEmail: ['ses:SendEmail', 'ses:SendRawEmail'],
    });
  });

  it('keeps the session keys in KMS-encrypted secrets that only the two page-access functions may read', () => {
    const keyring = t.findResources('AWS::SecretsManager::Secret')[id(stack.hosting.keyring)]!.Properties;
    expect(keyring).toMatchObject({
      KmsKeyId: { 'Fn::GetAtt': [id(stack.key.key), 'Arn'] },
      GenerateSecretString: { SecretStringTemplate: '{"current":"k1"}', GenerateStringKey: 'k1', PasswordLength: 64 },
    });
    const secretIds = [id(stack.hosting.keyring), id(stack.hosting.pseudonymKey)];
    // Every policy in the stack that names a secret belongs to page-access or sign-in-sender.
    const readers = Object.entries({ ...t.findResources('AWS::IAM::ManagedPolicy'), ...t.findResources('AWS::IAM::Policy') })
      .filter(([, r]) => secretIds.some((s) => JSON.stringify(r.Properties.PolicyDocument).includes(`"Ref":"${s}"`)))
      .map(([k]) => k)
      .sort();
    expect(readers).toEqual([id(stack.hosting.pageAccess.policy), id(stack.hosting.signInSender.policy)].sort());
    // No key in S3 any more: nothing may read access/* but the lead list.
    expect(JSON.stringify(t.toJSON())).not.toContain('access/session-key');
    expect(JSON.stringify(t.toJSON())).not.toMatch(/access\/\*/);
  });

  it('limits sign-in on an encrypted DynamoDB table (TTL) and queues the sends for one paced sender with a dead-letter queue', () => {
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [id(stack.key.key), 'Arn'] } },
    });
    const env = (fn: { fn: { node: { defaultChild?: unknown } } }) =>
      (t.findResources('AWS::Lambda::Function')[id(fn.fn)]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env(stack.hosting.pageAccess)).toMatchObject({ SIGN_IN_PER_MINUTE: '10', SIGN_IN_COOLDOWN_SECONDS: '300' });
    expect(env(stack.hosting.pageAccess).SES_CONFIGURATION_SET).toBeUndefined();
    expect(env(stack.hosting.signInSender)).toMatchObject({ SES_MAX_PER_SECOND: '0.1' });
    expect(t.findResources('AWS::Lambda::Function')[id(stack.hosting.signInSender.fn)]!.Properties.ReservedConcurrentExecutions).toBe(1);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [id(stack.hosting.signInQueue), 'Arn'] },
    });
    const q = t.findResources('AWS::SQS::Queue')[id(stack.hosting.signInQueue)]!.Properties;
    expect(q).toMatchObject({ KmsMasterKeyId: { 'Fn::GetAtt': [id(stack.key.key), 'Arn'] }, RedrivePolicy: { maxReceiveCount: 3 } });
  });
});

describe('viewer-request function (run in Node with a stand-in KeyValueStore)', () => {
  const source = readFileSync(new URL('../../lib/constructs/viewer-request-function.js', import.meta.url), 'utf8');
  const KEY = 'k'.repeat(64);
  const RING: Keyring = { current: 'k1', keys: { k1: KEY } };
  const LEAD = 'c'.repeat(32);
  function load(store: Record<string, string>) {
    const body = source.replace(/^import cf from 'cloudfront';$/m, '').replace(/^import crypto from 'crypto';$/m, '');
    const cf = {
      kvs: (kvsId: string) => ({
        kvsId,
        get: async (k: string) => {
          if (!(k in store)) throw new Error('not found');
          return store[k];
        },
      }),
    };
    return new Function('cf', 'crypto', 'console', `${body}\nreturn handler;`)(cf, nodeCrypto, { log: () => undefined }) as (
      e: unknown,
    ) => Promise<{ statusCode?: number; headers?: Record<string, { value: string }>; uri?: string }>;
  }
  const request = (uri: string, cookie?: string) => ({
    request: { uri, querystring: {}, headers: {}, cookies: cookie ? { pp_session: { value: cookie } } : {} },
  });
  const now = Math.floor(Date.now() / 1000);

  it('lets a cookie signed by the sign-in Lambda through, and serves index.html for folders', async () => {
    const handler = load({ 'session-key:k1': KEY });
    const out = await handler(request('/pages/', signSession(RING, LEAD, now + 3600)));
    expect(out.statusCode).toBeUndefined();
    expect(out.uri).toBe('/pages/index.html');
  });

  it('redirects to sign-in without a cookie, with an expired, forged or wrongly keyed one, or when no key is set', async () => {
    const good = signSession(RING, LEAD, now + 3600);
    const cases: [Record<string, string>, string | undefined][] = [
      [{ 'session-key:k1': KEY }, undefined],
      [{ 'session-key:k1': KEY }, signSession(RING, LEAD, now - 1)],
      [{ 'session-key:k1': KEY }, good.replace(/.$/, (c) => (c === '0' ? '1' : '0'))],
      [{ 'session-key:k1': KEY }, signSession({ current: 'k1', keys: { k1: 'another-key'.repeat(4) } }, LEAD, now + 3600)],
      [{ 'session-key:k1': KEY }, signSession({ current: 'k9', keys: { k9: KEY } }, LEAD, now + 3600)],
      [{}, good],
    ];
    for (const [store, cookie] of cases) {
      const out = await load(store)(request('/pages/organisation-2024-05.html', cookie));
      expect(out.statusCode).toBe(302);
      expect(out.headers?.location?.value).toBe('/auth/sign-in?next=%2Fpages%2Forganisation-2024-05.html');
    }
  });

  it('never serves the email previews, signed in or not', async () => {
    const out = await load({ 'session-key:k1': KEY })(request('/emails/D01.eml', signSession(RING, LEAD, now + 3600)));
    expect(out.statusCode).toBe(403);
  });
});
