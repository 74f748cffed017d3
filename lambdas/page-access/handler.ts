// Sign-in for the hosted pages (behind CloudFront at /auth/*, a Lambda function URL reachable only
// through the distribution):
//   GET /auth/sign-in?next=/p             a form asking for the lead's email address
//   GET /auth/sign-in?email=a@b&next=/p   if the address is a department lead's (access/leads.json), mails
//                                         a sign-in link valid for a few minutes; the answer is the same
//                                         either way, so the page does not reveal who is a lead
//   GET /auth/callback?token=...          checks the link, sets the session cookie, returns to `next`
//   GET /auth/sign-out                    clears the cookie
// GET only: with origin access control, CloudFront signs requests to the function URL and a POST body
// would need a hash an HTML form cannot send.
import type { Mailer } from '../../lib/delivery/mailer.ts';
import { escapeHtml } from '../../lib/render/html.ts';
import type { Storage } from '../../lib/storage/storage.ts';
import { createLogger, errorFields, type Logger } from '../shared/log.ts';
import { LEADS_KEY } from '../shared/monthly-keys.ts';
import { safeNext, SESSION_COOKIE, signLink, signSession, verifyLink } from './session.ts';

/** The Lambda function URL event (payload format 2.0), the fields used here. */
export interface FunctionUrlEvent {
  rawPath: string;
  queryStringParameters?: Record<string, string | undefined>;
  requestContext?: { http?: { method?: string } };
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body?: string;
}

export interface PageAccessDeps {
  /** The HMAC key shared with the CloudFront viewer function. */
  sessionKey: () => Promise<string>;
  /** Holds access/leads.json. */
  results: Storage;
  mailer: Mailer;
  senderAddress: string;
  /** https://pages.example.org (no trailing slash needed). */
  linkBase: string;
  sessionHours: number;
  linkMinutes: number;
  now?: () => Date;
  logger?: Logger;
}

const page = (status: number, title: string, body: string, extra: Partial<FunctionUrlResult> = {}): FunctionUrlResult => ({
  statusCode: status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...extra.headers },
  ...(extra.cookies ? { cookies: extra.cookies } : {}),
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}input,button{font:inherit;padding:.5rem}input{width:100%;box-sizing:border-box;margin:.5rem 0 1rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
});

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

export function createPageAccessHandler(deps: PageAccessDeps): (event: FunctionUrlEvent) => Promise<FunctionUrlResult> {
  const now = deps.now ?? (() => new Date());
  const base = deps.linkBase.replace(/\/+$/, '');
  const log = deps.logger ?? createLogger({ handler: 'page-access' });

  async function isLead(email: string): Promise<boolean> {
    const buf = await deps.results.get(LEADS_KEY);
    if (!buf) return false;
    const { leads } = JSON.parse(buf.toString('utf8')) as { leads: string[] };
    return leads.includes(email.toLowerCase());
  }

  return async (event) => {
    const method = event.requestContext?.http?.method ?? 'GET';
    const q = event.queryStringParameters ?? {};
    if (method !== 'GET' && method !== 'HEAD') return page(405, 'Not allowed', '<p>Only GET is accepted here.</p>', { headers: { allow: 'GET, HEAD' } });
    const nowS = Math.floor(now().getTime() / 1000);
    try {
      switch (event.rawPath) {
        case '/auth/sign-in': {
          const next = safeNext(q.next);
          if (!q.email) {
            return page(200, 'Sign in to the portal-pulse reports', `<p>Enter the address your department's monthly report is sent to. We will email you a sign-in link.</p>
<form method="get" action="/auth/sign-in"><label for="email">Email address</label><input id="email" name="email" type="email" required autocomplete="email"><input type="hidden" name="next" value="${escapeHtml(next)}"><button type="submit">Email me a sign-in link</button></form>`);
          }
          const email = q.email.trim();
          if (!EMAIL.test(email)) return page(400, 'That is not an email address', `<p>“${escapeHtml(email)}” is not an email address. <a href="/auth/sign-in?next=${encodeURIComponent(next)}">Try again</a>.</p>`);
          if (await isLead(email)) {
            const token = signLink(await deps.sessionKey(), { email: email.toLowerCase(), expiresAt: nowS + deps.linkMinutes * 60, next });
            const link = `${base}/auth/callback?token=${encodeURIComponent(token)}`;
            await deps.mailer.send({
              from: deps.senderAddress,
              to: [email],
              subject: 'Your portal-pulse sign-in link',
              text: `Open this link within ${deps.linkMinutes} minutes to see your reports:\n\n${link}\n\nIf you did not ask for it, ignore this email.`,
              html: `<p>Open this link within ${deps.linkMinutes} minutes to see your reports:</p><p><a href="${escapeHtml(link)}">Sign in to portal-pulse reports</a></p><p>If you did not ask for it, ignore this email.</p>`,
              attachments: [],
            });
            log.info('sign-in link sent', { recipient_domain: email.split('@')[1] });
          } else {
            log.warn('sign-in refused: not a lead', { recipient_domain: email.split('@')[1] });
          }
          return page(200, 'Check your email', `<p>If ${escapeHtml(email)} receives a department's monthly report, a sign-in link is on its way. It works for ${deps.linkMinutes} minutes.</p>`);
        }
        case '/auth/callback': {
          const claims = q.token ? verifyLink(await deps.sessionKey(), q.token, nowS) : null;
          if (!claims) return page(400, 'This sign-in link has expired', '<p>Sign-in links work for a few minutes. <a href="/auth/sign-in">Ask for a new one</a>.</p>');
          const expires = nowS + deps.sessionHours * 3600;
          const cookie = signSession(await deps.sessionKey(), claims.email, expires);
          log.info('signed in', { recipient_domain: claims.email.split('@')[1] });
          return {
            statusCode: 302,
            headers: { location: claims.next, 'cache-control': 'no-store' },
            cookies: [`${SESSION_COOKIE}=${cookie}; Path=/; Max-Age=${deps.sessionHours * 3600}; Secure; HttpOnly; SameSite=Lax`],
          };
        }
        case '/auth/sign-out':
          return page(200, 'Signed out', '<p>You are signed out. <a href="/auth/sign-in">Sign in again</a>.</p>', { cookies: [`${SESSION_COOKIE}=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax`] });
        default:
          return page(404, 'Not found', '<p>No such page. <a href="/auth/sign-in">Sign in</a>.</p>');
      }
    } catch (e) {
      log.error('page access failed', errorFields(e));
      return page(500, 'Something went wrong', '<p>Please try again in a minute.</p>');
    }
  };
}
