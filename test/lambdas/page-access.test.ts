// The hosted pages' sign-in, in-process: page-access and sign-in-sender against s3rver (the lead list),
// DynamoDB at the SDK boundary (aws-sdk-client-mock answering conditional writes as DynamoDB does), an
// in-memory queue between the two, and a capturing Mailer. The cookie it sets is checked with the same
// code the CloudFront viewer function runs.
import * as nodeCrypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
  type PutItemCommandInput,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3Storage } from '../../lib/storage/s3-storage.ts';
import { createPageAccessHandler, type FunctionUrlEvent } from '../../lambdas/page-access/handler.ts';
import { cachedKeys } from '../../lambdas/page-access/keyring.ts';
import type { SignInRequest } from '../../lambdas/page-access/leads.ts';
import { leadId, safeNext, sameHex, signLink, verifySession, type Keyring } from '../../lambdas/page-access/session.ts';
import { DynamoSignInGuard } from '../../lambdas/page-access/sign-in-guard.ts';
import { createSignInSender } from '../../lambdas/sign-in-sender/handler.ts';
import { LEADS_KEY } from '../../lib/handler-contract/index.ts';
import { startS3rver, type S3rverHandle } from '../storage/s3rver.ts';
import { CapturingMailer, captureLogs } from './stand-ins.ts';

const ORIGIN = 'https://reports.example.org';
const PSEUDONYM = 'p'.repeat(40);
let keyring = JSON.stringify({ current: 'k1', k1: 'a'.repeat(64) });
const ring = (): Keyring => ({
  current: JSON.parse(keyring).current,
  keys: Object.fromEntries(Object.entries(JSON.parse(keyring) as Record<string, string>).filter(([k]) => k !== 'current')),
});
let s3: S3rverHandle;
let results: S3Storage;
const mailer = new CapturingMailer();
let clock = new Date('2026-01-05T10:00:00Z');
const logs = captureLogs('page-access');
const queue: SignInRequest[] = [];

// DynamoDB's conditional writes, as the guard uses them (documented semantics, one table).
const ddb = mockClient(DynamoDBClient);
const table = new Map<string, Record<string, { N?: string; S?: string }>>();
function answerDynamo() {
  ddb.reset();
  table.clear();
  ddb.on(PutItemCommand).callsFake((input: PutItemCommandInput) => {
    const pk = input.Item!.pk!.S!;
    const old = table.get(pk);
    const now = Number(input.ExpressionAttributeValues?.[':now']?.N ?? 0);
    const ok = input.ConditionExpression === 'attribute_not_exists(pk)' ? !old : !old || Number(old.expires_at!.N) <= now;
    if (!ok) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    table.set(pk, input.Item as Record<string, { N?: string }>);
    return {};
  });
  ddb.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => {
    const pk = input.Key!.pk!.S!;
    const n = Number(table.get(pk)?.n?.N ?? 0);
    if (n >= Number(input.ExpressionAttributeValues![':max']!.N))
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    table.set(pk, { n: { N: String(n + 1) } });
    return {};
  });
}

beforeAll(async () => {
  s3 = await startS3rver(['results']);
  results = new S3Storage({ client: s3.client(), bucket: 'results' });
  await results.put(LEADS_KEY, JSON.stringify({ updated_for: '2025-12', leads: ['ana.lead@example.org'] }));
});
afterAll(async () => s3?.stop());
beforeEach(() => {
  answerDynamo();
  queue.length = 0;
  mailer.sent.length = 0;
});

let secretReads = 0;
const keys = cachedKeys(
  async () => (secretReads++, { keyring, pseudonym: PSEUDONYM }),
  () => clock.getTime(),
);
const guard = (perMinute = 30) =>
  new DynamoSignInGuard({ client: new DynamoDBClient({ region: 'us-east-1' }), table: 'sign-in', perMinute, cooldownSeconds: 120 });
const handler = (perMinute?: number) =>
  createPageAccessHandler({
    keys,
    results,
    guard: guard(perMinute),
    queue: { enqueue: async (r) => void queue.push(r) },
    linkBase: `${ORIGIN}/`,
    sessionHours: 8,
    linkMinutes: 15,
    now: () => clock,
    logger: logs.logger,
  });
const sender = () =>
  createSignInSender({
    keys,
    results,
    mailer,
    senderAddress: 'reports@example.org',
    linkBase: ORIGIN,
    linkMinutes: 15,
    now: () => clock,
    logger: logs.logger,
  });
const get = (rawPath: string, q: Record<string, string> = {}): FunctionUrlEvent => ({
  rawPath,
  queryStringParameters: q,
  requestContext: { http: { method: 'GET' } },
});
const post = (
  rawPath: string,
  body: unknown,
  headers: Record<string, string> = { origin: ORIGIN, 'content-type': 'application/json' },
): FunctionUrlEvent => ({ rawPath, headers, body: JSON.stringify(body), requestContext: { http: { method: 'POST' } } });
const drain = async () => {
  const Records = queue.splice(0).map((r, i) => ({ messageId: `m${i}`, body: JSON.stringify(r) }));
  return sender()({ Records });
};
const tokenOf = (text: string) => decodeURIComponent(/#token=([^\s]+)/.exec(text)![1]!);
const viewer = () => {
  const source = readFileSync(new URL('../../lib/constructs/viewer-request-function.js', import.meta.url), 'utf8').replace(
    /^import .*$/gm,
    '',
  );
  return new Function('cf', 'crypto', 'console', `${source}\nreturn handler;`)(
    {
      kvs: () => ({
        get: async (k: string) => {
          const r = ring();
          const kid = k.replace('session-key:', '');
          if (!r.keys[kid]) throw new Error('not found');
          return r.keys[kid];
        },
      }),
    },
    nodeCrypto,
    { log: (l: string) => edgeLogs.push(JSON.parse(l) as Record<string, unknown>) },
  ) as (e: unknown) => Promise<{ uri?: string; statusCode?: number; headers?: Record<string, { value: string }> }>;
};
const edgeLogs: Record<string, unknown>[] = [];
async function atClock<T>(f: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  Date.now = () => clock.getTime();
  try {
    return await f();
  } finally {
    Date.now = realNow;
  }
}

describe('page-access: the sign-in form and request', () => {
  it('shows a form that posts (with the body hash CloudFront OAC needs), keeping where the lead was going', async () => {
    const out = await handler()(get('/auth/sign-in', { next: '/pages/organisation-2025-12.html' }));
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('<form id="sign-in" method="post" action="/auth/sign-in">');
    expect(out.body).toContain("'x-amz-content-sha256': hash");
    expect(out.body).toContain('value="/pages/organisation-2025-12.html"');
  });

  it('answers a lead and a stranger with the same status and body, doing the same calls, and sends nothing itself', async () => {
    const lead = await handler()(post('/auth/sign-in', { email: 'Ana.Lead@example.org', next: '/pages/x.html' }));
    const callsAfterLead = ddb.calls().length;
    const stranger = await handler()(post('/auth/sign-in', { email: 'someone@example.org', next: '/pages/x.html' }));
    expect(lead.statusCode).toBe(202);
    expect(stranger.statusCode).toBe(202);
    expect(lead.body).toBe(stranger.body);
    expect(ddb.calls().length).toBe(2 * callsAfterLead);
    expect(queue).toHaveLength(2); // both queued: only the sender knows who is a lead
    expect(mailer.sent).toHaveLength(0);

    const out = await drain();
    expect(out.batchItemFailures).toEqual([]);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toEqual(['Ana.Lead@example.org']);
    // The token rides in the fragment, never in a path or query CloudFront would log.
    expect(mailer.sent[0]!.text).toMatch(/^https:\/\/reports\.example\.org\/auth\/callback#token=/m);
    // Logs carry the pseudonymous lead id, never the address.
    const all = JSON.stringify(logs.lines);
    expect(all).not.toMatch(/ana\.lead|someone@/i);
    expect(all).toContain(leadId(PSEUDONYM, 'ana.lead@example.org'));
  });

  it('mails an address at most once per cooldown, and refuses everyone past the site-wide rate', async () => {
    for (let i = 0; i < 3; i++) await handler()(post('/auth/sign-in', { email: 'ana.lead@example.org', next: '/' }));
    expect(queue).toHaveLength(1);
    const h = handler(5);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await h(post('/auth/sign-in', { email: `p${i}@example.org`, next: '/' }))).statusCode);
    // 3 of the 5 in this minute were spent above.
    expect(statuses).toEqual([202, 202, 429, 429, 429, 429]);
  });

  it('holds under parallel calls: of 20 simultaneous requests for one address one is queued, and the site rate caps the rest', async () => {
    const same = await Promise.all(
      Array.from({ length: 20 }, () => handler()(post('/auth/sign-in', { email: 'ana.lead@example.org', next: '/' }))),
    );
    expect(same.every((r) => r.statusCode === 202)).toBe(true);
    expect(queue).toHaveLength(1);
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) => handler(10)(post('/auth/sign-in', { email: `p${i}@example.org`, next: '/' }))),
    );
    // 10 a minute for the site, and the 20 above already used them all.
    expect(many.every((r) => r.statusCode === 429)).toBe(true);
    expect(queue).toHaveLength(1);
  });

  it('sends the limits as single conditional writes, so parallel copies cannot both pass', async () => {
    await guard(7).admit('f'.repeat(32), 1_767_607_200);
    const update = ddb.commandCalls(UpdateItemCommand)[0]!.args[0].input;
    expect(update).toMatchObject({
      TableName: 'sign-in',
      Key: { pk: { S: 'rate#1767607200' } },
      ConditionExpression: 'attribute_not_exists(n) OR n < :max',
      ExpressionAttributeValues: { ':max': { N: '7' } },
    });
    const put = ddb.commandCalls(PutItemCommand)[0]!.args[0].input;
    expect(put).toMatchObject({
      Item: { pk: { S: `cooldown#${'f'.repeat(32)}` }, expires_at: { N: String(1_767_607_200 + 120) } },
      ConditionExpression: 'attribute_not_exists(pk) OR expires_at <= :now',
    });
    expect(JSON.stringify(ddb.calls().map((c) => c.args[0].input))).not.toContain('@');
  });

  it('refuses a cross-site POST (no or another Origin, or a form body): CSRF', async () => {
    const body = { email: 'ana.lead@example.org', next: '/' };
    expect((await handler()(post('/auth/sign-in', body, { 'content-type': 'application/json' }))).statusCode).toBe(403);
    expect(
      (await handler()(post('/auth/sign-in', body, { origin: 'https://evil.example', 'content-type': 'application/json' }))).statusCode,
    ).toBe(403);
    expect(
      (await handler()(post('/auth/sign-in', body, { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }))).statusCode,
    ).toBe(415);
    expect(queue).toHaveLength(0);
    const bad = await handler()(post('/auth/sign-in', { email: 'not-an-address' }));
    expect(bad.statusCode).toBe(400);
  });
});

describe('page-access: the link, the cookie and the edge', () => {
  async function mailLink(): Promise<string> {
    await handler()(post('/auth/sign-in', { email: 'ana.lead@example.org', next: '/pages/x.html' }));
    await drain();
    return tokenOf(mailer.sent.at(-1)!.text);
  }

  it('turns the link into a session cookie the viewer function accepts, logging the lead id at the edge', async () => {
    const token = await mailLink();
    expect((await handler()(get('/auth/callback'))).body).toContain('location.hash');
    const out = await handler()(post('/auth/callback', { token }));
    expect(out.statusCode).toBe(200);
    expect(JSON.parse(out.body!)).toEqual({ next: '/pages/x.html' });
    const cookie = out.cookies![0]!;
    expect(cookie).toMatch(/^pp_session=[^;]+; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    const value = cookie.split(';')[0]!.slice('pp_session='.length);
    const lead = leadId(PSEUDONYM, 'ana.lead@example.org');
    expect(value.startsWith('k1.')).toBe(true);
    expect(verifySession(ring(), value, clock.getTime() / 1000)).toBe(lead);

    const passed = await atClock(() =>
      viewer()({ request: { uri: '/pages/x.html', cookies: { pp_session: { value } } }, viewer: { ip: '192.0.2.1' } }),
    );
    expect(passed.statusCode).toBeUndefined();
    expect(edgeLogs.at(-1)).toEqual({ event: 'page_view', lead, uri: '/pages/x.html', viewer: '192.0.2.1' });
    const refused = await atClock(() =>
      viewer()({
        request: { uri: '/pages/x.html', cookies: { pp_session: { value: value.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } } },
      }),
    );
    expect(refused.statusCode).toBe(302);
  });

  it('a link works once (reproduced: the old link could be reused for its whole lifetime)', async () => {
    const token = await mailLink();
    expect((await handler()(post('/auth/callback', { token }))).statusCode).toBe(200);
    const again = await handler()(post('/auth/callback', { token }));
    expect(again.statusCode).toBe(400);
    expect(again.cookies).toBeUndefined();
  });

  it('refuses an expired or tampered link, a lead removed since, and never redirects off the site', async () => {
    const r = ring();
    const claims = { email: 'ana.lead@example.org', expiresAt: clock.getTime() / 1000 + 60, next: '/p', nonce: 'a'.repeat(32) };
    const token = signLink(r, claims);
    clock = new Date(clock.getTime() + 120_000);
    expect((await handler()(post('/auth/callback', { token }))).statusCode).toBe(400);
    expect(
      (
        await handler()(
          post('/auth/callback', {
            token: signLink(r, { ...claims, expiresAt: clock.getTime() / 1000 + 60 }).replace(/.$/, (c) => (c === '0' ? '1' : '0')),
          }),
        )
      ).statusCode,
    ).toBe(400);
    const removed = signLink(r, { ...claims, email: 'gone@example.org', expiresAt: clock.getTime() / 1000 + 60, nonce: 'b'.repeat(32) });
    expect((await handler()(post('/auth/callback', { token: removed }))).statusCode).toBe(400);
    const evil = signLink(r, { ...claims, expiresAt: clock.getTime() / 1000 + 60, next: '/\t/evil.example', nonce: 'c'.repeat(32) });
    expect(JSON.parse((await handler()(post('/auth/callback', { token: evil }))).body!)).toEqual({ next: '/' });
  });

  it('keeps everyone signed in through a key rotation: old cookies pass, new cookies pass at once', async () => {
    const oldToken = await mailLink();
    const oldCookie = (await handler()(post('/auth/callback', { token: oldToken })))
      .cookies![0]!.split(';')[0]!
      .slice('pp_session='.length);
    // Step 1 of the rotation: the new key k2 becomes current, k1 stays (docs/deploy.md).
    keyring = JSON.stringify({ current: 'k2', k1: 'a'.repeat(64), k2: 'b'.repeat(64) });
    clock = new Date(clock.getTime() + 11_000);
    const reads = secretReads;
    const fresh = signLink(ring(), {
      email: 'ana.lead@example.org',
      expiresAt: clock.getTime() / 1000 + 600,
      next: '/',
      nonce: 'd'.repeat(32),
    });
    const out = await handler()(post('/auth/callback', { token: fresh }));
    expect(out.statusCode).toBe(200); // the cached keyring did not know k2: it reloaded at once
    expect(secretReads).toBe(reads + 1);
    const newCookie = out.cookies![0]!.split(';')[0]!.slice('pp_session='.length);
    expect(newCookie.startsWith('k2.')).toBe(true);
    for (const value of [oldCookie, newCookie]) {
      expect((await atClock(() => viewer()({ request: { uri: '/', cookies: { pp_session: { value } } } }))).uri).toBe('/index.html');
    }
    keyring = JSON.stringify({ current: 'k1', k1: 'a'.repeat(64) });
  });

  it('signs out, and refuses other methods', async () => {
    const out = await handler()(get('/auth/sign-out'));
    expect(out.cookies).toEqual(['pp_session=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0']);
    expect((await handler()({ ...get('/auth/sign-in'), requestContext: { http: { method: 'PUT' } } })).statusCode).toBe(405);
  });
});

describe('safeNext and sameHex', () => {
  it('keeps only paths on this site (reproduced: "/\\t/evil.example" resolved to https://evil.example/)', () => {
    for (const bad of [
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '/ /evil.example',
      '/\\evil.example',
      '//evil.example',
      'https://evil.example',
      '/auth/sign-out',
      '/%2e%2e//evil.example',
      '/\u0000x',
    ])
      expect(new URL(safeNext(bad), ORIGIN).origin, JSON.stringify(bad)).toBe(ORIGIN);
    expect(safeNext('/\t/evil.example')).toBe('/');
    expect(safeNext('/pages/x.html?m=2025-12#top')).toBe('/pages/x.html?m=2025-12#top');
    expect(safeNext('/%09/x')).toBe('/%09/x');
  });

  it('refuses a multibyte signature instead of throwing (reproduced: timingSafeEqual threw, a 500)', () => {
    const sig = 'é'.repeat(64);
    expect(sameHex('0'.repeat(64), sig)).toBe(false);
    expect(verifySession(ring(), `k1.9999999999.${'0'.repeat(32)}.${sig}`, 1)).toBeNull();
  });
});
