// The hosted pages' sign-in handler, in-process, against s3rver (the lead list) and a capturing Mailer;
// the cookie it sets is checked with the same code the CloudFront viewer function runs.
import * as nodeCrypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from '../../lib/storage/s3-storage.ts';
import { createPageAccessHandler, type FunctionUrlEvent } from '../../lambdas/page-access/handler.ts';
import { safeNext, signLink, verifySession } from '../../lambdas/page-access/session.ts';
import { LEADS_KEY } from '../../lambdas/shared/monthly-keys.ts';
import { startS3rver, type S3rverHandle } from '../storage/s3rver.ts';
import { CapturingMailer, captureLogs } from './stand-ins.ts';

const KEY = 'a'.repeat(64);
let s3: S3rverHandle;
let results: S3Storage;
const mailer = new CapturingMailer();
let clock = new Date('2026-01-05T10:00:00Z');
const logs = captureLogs('page-access');

beforeAll(async () => {
  s3 = await startS3rver(['results']);
  results = new S3Storage({ client: s3.client(), bucket: 'results' });
  await results.put(LEADS_KEY, JSON.stringify({ updated_for: '2025-12', leads: ['ana.lead@example.org'] }));
});
afterAll(async () => s3?.stop());

const handler = () =>
  createPageAccessHandler({ sessionKey: async () => KEY, results, mailer, senderAddress: 'reports@example.org', linkBase: 'https://reports.example.org/', sessionHours: 8, linkMinutes: 15, now: () => clock, logger: logs.logger });
const get = (rawPath: string, q: Record<string, string> = {}): FunctionUrlEvent => ({ rawPath, queryStringParameters: q, requestContext: { http: { method: 'GET' } } });

describe('page-access (sign-in for hosted pages)', () => {
  it('shows the sign-in form, keeping where the lead was going', async () => {
    const out = await handler()(get('/auth/sign-in', { next: '/pages/organisation-2025-12.html' }));
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('<form method="get" action="/auth/sign-in">');
    expect(out.body).toContain('value="/pages/organisation-2025-12.html"');
  });

  it('mails a lead a sign-in link, and answers a stranger the same way without mailing', async () => {
    const lead = await handler()(get('/auth/sign-in', { email: 'Ana.Lead@example.org', next: '/pages/x.html' }));
    const stranger = await handler()(get('/auth/sign-in', { email: 'someone@example.org', next: '/pages/x.html' }));
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toEqual(['Ana.Lead@example.org']);
    expect(mailer.sent[0]!.text).toMatch(/^https:\/\/reports\.example\.org\/auth\/callback\?token=/m);
    expect(lead.body?.replace('Ana.Lead@example.org', 'X')).toBe(stranger.body?.replace('someone@example.org', 'X'));
    // Logs name the domain, never the address.
    expect(JSON.stringify(logs.lines)).not.toContain('Ana.Lead');
  });

  it('turns the emailed link into a session cookie the viewer function accepts, then returns to the page', async () => {
    const link = /token=([^\s]+)/.exec(mailer.sent[0]!.text)![1]!;
    const out = await handler()(get('/auth/callback', { token: decodeURIComponent(link) }));
    expect(out.statusCode).toBe(302);
    expect(out.headers.location).toBe('/pages/x.html');
    const cookie = out.cookies![0]!;
    expect(cookie).toMatch(/^pp_session=[^;]+; Path=\/; Max-Age=28800; Secure; HttpOnly; SameSite=Lax$/);
    const value = cookie.split(';')[0]!.slice('pp_session='.length);
    expect(verifySession(KEY, value, clock.getTime() / 1000)).toBe('ana.lead@example.org');

    // The CloudFront function (same file that is deployed) lets the cookie through.
    const source = readFileSync(new URL('../../lib/constructs/viewer-request-function.js', import.meta.url), 'utf8').replace(/^import .*$/gm, '');
    const viewer = new Function('cf', 'crypto', `${source}\nreturn handler;`)({ kvs: () => ({ get: async () => KEY }) }, nodeCrypto) as (e: unknown) => Promise<{ uri?: string; statusCode?: number }>;
    const realNow = Date.now;
    Date.now = () => clock.getTime();
    try {
      const passed = await viewer({ request: { uri: '/pages/x.html', cookies: { pp_session: { value } } } });
      expect(passed.statusCode).toBeUndefined();
    } finally {
      Date.now = realNow;
    }
  });

  it('refuses an expired or tampered link, and never redirects off the site', async () => {
    const token = signLink(KEY, { email: 'ana.lead@example.org', expiresAt: clock.getTime() / 1000 + 60, next: '/p' });
    clock = new Date(clock.getTime() + 120_000);
    expect((await handler()(get('/auth/callback', { token }))).statusCode).toBe(400);
    expect((await handler()(get('/auth/callback', { token: token.replace(/.$/, '0') }))).statusCode).toBe(400);
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/auth/sign-out')).toBe('/');
    const evil = signLink(KEY, { email: 'ana.lead@example.org', expiresAt: clock.getTime() / 1000 + 60, next: '//evil.example' });
    expect((await handler()(get('/auth/callback', { token: evil }))).headers.location).toBe('/');
  });

  it('signs out, refuses other methods, and says what is wrong with a bad address', async () => {
    const out = await handler()(get('/auth/sign-out'));
    expect(out.cookies).toEqual(['pp_session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax']);
    expect((await handler()({ ...get('/auth/sign-in'), requestContext: { http: { method: 'POST' } } })).statusCode).toBe(405);
    const bad = await handler()(get('/auth/sign-in', { email: 'not-an-address' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not an email address');
  });
});
