import { readFileSync } from 'node:fs';
import * as nodeCrypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { signSession } from '../../lambdas/page-access/session.ts';
import { synthApp } from './app-fixture.ts';

const app = synthApp(['dev']);
afterAll(() => app.cleanup());
const t = app.template('dev');
const stack = app.stack('dev');
const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);

describe('ReportHosting', () => {
  const dist = () => t.findResources('AWS::CloudFront::Distribution')[id(stack.hosting.distribution)]!.Properties.DistributionConfig as Record<string, unknown> & {
    DefaultCacheBehavior: Record<string, unknown> & { FunctionAssociations: { EventType: string; FunctionARN: unknown }[] };
    CacheBehaviors: Record<string, unknown>[];
    Origins: { Id: string; S3OriginConfig?: unknown; OriginAccessControlId?: unknown; CustomOriginConfig?: unknown }[];
  };

  it('serves the reports bucket only through CloudFront with origin access control, HTTPS, logged', () => {
    const d = dist();
    expect(d.DefaultRootObject).toBe('index.html');
    expect(d.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(d.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [id(stack.buckets.accessLogs), 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
    expect(d.Origins).toHaveLength(2);
    for (const o of d.Origins) expect(o.OriginAccessControlId).toBeDefined();
    const reportsPolicy = Object.values(t.findResources('AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id(stack.buckets.reports) }))!;
    const allows = (reportsPolicy.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Condition?: unknown }[]).filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]!.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(JSON.stringify(allows[0]!.Condition)).toContain(id(stack.hosting.distribution));
  });

  it('checks the session cookie on every page request, and routes /auth/* to the IAM-authenticated sign-in function', () => {
    const d = dist();
    expect(d.DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [id(stack.hosting.viewerFunction), 'FunctionARN'] } }]);
    expect(d.CacheBehaviors).toHaveLength(1);
    expect(d.CacheBehaviors[0]).toMatchObject({ PathPattern: '/auth/*', AllowedMethods: ['GET', 'HEAD'] });
    t.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
    const fn = t.findResources('AWS::CloudFront::Function')[id(stack.hosting.viewerFunction)]!.Properties;
    expect(fn.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0', KeyValueStoreAssociations: [{ KeyValueStoreARN: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } }] });
  });

  it('gives the sign-in function only the lead list, the session key and SES', () => {
    const p = t.findResources('AWS::IAM::ManagedPolicy')[id(stack.hosting.pageAccess.policy)]!.Properties.PolicyDocument as { Statement: { Sid: string; Action: unknown }[] };
    expect(Object.fromEntries(p.Statement.map((s) => [s.Sid, s.Action]))).toEqual({
      OwnLogGroup: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ReadAccessList: 's3:GetObject',
      UseDataKey: 'kms:Decrypt',
      SendEmail: ['ses:SendEmail', 'ses:SendRawEmail'],
    });
  });
});

describe('viewer-request function (run in Node with a stand-in KeyValueStore)', () => {
  const source = readFileSync(new URL('../../lib/constructs/viewer-request-function.js', import.meta.url), 'utf8');
  const KEY = 'k'.repeat(64);
  function load(store: Record<string, string>) {
    const body = source.replace(/^import cf from 'cloudfront';$/m, '').replace(/^import crypto from 'crypto';$/m, '');
    const cf = { kvs: (kvsId: string) => ({ kvsId, get: async (k: string) => { if (!(k in store)) throw new Error('not found'); return store[k]; } }) };
    return new Function('cf', 'crypto', `${body}\nreturn handler;`)(cf, nodeCrypto) as (e: unknown) => Promise<{ statusCode?: number; headers?: Record<string, { value: string }>; uri?: string }>;
  }
  const request = (uri: string, cookie?: string) => ({ request: { uri, querystring: {}, headers: {}, cookies: cookie ? { pp_session: { value: cookie } } : {} } });
  const now = Math.floor(Date.now() / 1000);

  it('lets a cookie signed by the sign-in Lambda through, and serves index.html for folders', async () => {
    const handler = load({ 'session-key': KEY });
    const out = await handler(request('/pages/', signSession(KEY, 'lead@example.org', now + 3600)));
    expect(out.statusCode).toBeUndefined();
    expect(out.uri).toBe('/pages/index.html');
  });

  it('redirects to sign-in without a cookie, with an expired, forged or wrongly keyed one, or when no key is set', async () => {
    const good = signSession(KEY, 'lead@example.org', now + 3600);
    const cases: [Record<string, string>, string | undefined][] = [
      [{ 'session-key': KEY }, undefined],
      [{ 'session-key': KEY }, signSession(KEY, 'lead@example.org', now - 1)],
      [{ 'session-key': KEY }, good.replace(/.$/, (c) => (c === '0' ? '1' : '0'))],
      [{ 'session-key': KEY }, signSession('another-key'.repeat(4), 'lead@example.org', now + 3600)],
      [{}, good],
    ];
    for (const [store, cookie] of cases) {
      const out = await load(store)(request('/pages/organisation-2024-05.html', cookie));
      expect(out.statusCode).toBe(302);
      expect(out.headers?.location?.value).toBe('/auth/sign-in?next=%2Fpages%2Forganisation-2024-05.html');
    }
  });

  it('never serves the email previews, signed in or not', async () => {
    const out = await load({ 'session-key': KEY })(request('/emails/D01.eml', signSession(KEY, 'lead@example.org', now + 3600)));
    expect(out.statusCode).toBe(403);
  });
});
