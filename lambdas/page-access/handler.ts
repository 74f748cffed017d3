// Sign-in for the hosted pages (behind CloudFront at /auth/*, a Lambda function URL reachable only
// through the distribution, origin access control):
//   GET  /auth/sign-in?next=/p     the form asking for the lead's email address
//   POST /auth/sign-in {email,next} counts the request against the site-wide rate and the address's
//                                  cooldown, queues it (SQS) and answers at once, the same way for every
//                                  address: the sign-in-sender function checks whether it is a lead's and
//                                  mails the link, so neither timing nor status tells who is a lead
//   GET  /auth/callback#token=...  a page that posts the token from the fragment (never logged)
//   POST /auth/callback {token}    checks the link, that its address is still a lead's and that the link
//                                  was not used before (nonce claimed once), sets the session cookie
//   GET  /auth/sign-out            clears the cookie
// POSTs must come from this site (Origin header) with a JSON body: see pages.ts for the CSRF reasoning.
import type { Storage } from '../../lib/storage/storage.ts';
import { isEmailAddress } from '../../lib/email-address/email-address.ts';
import { createLogger, errorFields, type Logger } from '../shared/log.ts';
import type { KeySource } from './keyring.ts';
import { isLead, type SignInQueue } from './leads.ts';
import { callbackPage, page, signInForm } from './pages.ts';
import { kidOf, leadId, safeNext, SESSION_COOKIE, signSession, verifyLink } from './session.ts';
import type { SignInGuard } from './sign-in-guard.ts';

/** The Lambda function URL event (payload format 2.0), the fields used here. */
export interface FunctionUrlEvent {
  rawPath: string;
  queryStringParameters?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string } };
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body?: string;
}

export interface PageAccessDeps {
  keys: KeySource;
  /** Holds access/leads.json. */
  results: Storage;
  guard: SignInGuard;
  queue: SignInQueue;
  /** https://pages.example.org (no trailing slash needed): the only Origin a POST may come from. */
  linkBase: string;
  sessionHours: number;
  linkMinutes: number;
  now?: () => Date;
  logger?: Logger;
}

const json = (statusCode: number, body: Record<string, unknown>, cookies?: string[]): FunctionUrlResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  ...(cookies ? { cookies } : {}),
  body: JSON.stringify(body),
});

/** What each step of a request needs: the dependencies, the clock, the pages' origin and the logger. */
interface RequestContext {
  readonly deps: PageAccessDeps;
  readonly now: () => Date;
  readonly origin: string;
  readonly log: Logger;
}

const COOKIE_ATTRS = `Path=/; Secure; HttpOnly; SameSite=Lax`;

export function createPageAccessHandler(deps: PageAccessDeps): (event: FunctionUrlEvent) => Promise<FunctionUrlResult> {
  const ctx: RequestContext = {
    deps,
    now: deps.now ?? (() => new Date()),
    origin: new URL(deps.linkBase).origin,
    log: deps.logger ?? createLogger({ handler: 'page-access' }),
  };
  return async (event) => {
    const method = event.requestContext?.http?.method ?? 'GET';
    try {
      if (method === 'POST') return await post(ctx, event);
      if (method !== 'GET' && method !== 'HEAD')
        return {
          ...page(405, 'Not allowed', '<p>Only GET and POST are accepted here.</p>'),
          headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', allow: 'GET, HEAD, POST' },
        };
      return pageFor(ctx, event);
    } catch (e) {
      ctx.log.error('page access failed', errorFields(e));
      return method === 'POST'
        ? json(500, { message: 'Something went wrong. Please try again in a minute.' })
        : page(500, 'Something went wrong', '<p>Please try again in a minute.</p>');
    }
  };
}

/** POST /auth/sign-in (ask for a link) and POST /auth/callback (redeem one). */
async function post(ctx: RequestContext, event: FunctionUrlEvent): Promise<FunctionUrlResult> {
  if (event.rawPath !== '/auth/sign-in' && event.rawPath !== '/auth/callback') return json(404, { message: 'No such page.' });
  const body = readPost(ctx, event);
  if (refused(body)) return body;
  return event.rawPath === '/auth/sign-in' ? await requestLink(ctx, body) : await redeem(ctx, body);
}

/** GET (or HEAD) of a page: the sign-in form, the callback page, sign-out, or not found. */
function pageFor(ctx: RequestContext, event: FunctionUrlEvent): FunctionUrlResult {
  switch (event.rawPath) {
    case '/auth/sign-in':
      return signInForm(safeNext(event.queryStringParameters?.next), ctx.deps.linkMinutes);
    case '/auth/callback':
      return callbackPage();
    case '/auth/sign-out':
      return page(200, 'Signed out', '<p>You are signed out. <a href="/auth/sign-in">Sign in again</a>.</p>', {
        cookies: [`${SESSION_COOKIE}=; ${COOKIE_ATTRS}; Max-Age=0`],
      });
    default:
      return page(404, 'Not found', '<p>No such page. <a href="/auth/sign-in">Sign in</a>.</p>');
  }
}

/** The JSON body of a same-origin POST, or a refusal. */
function readPost(ctx: RequestContext, event: FunctionUrlEvent): Record<string, unknown> | FunctionUrlResult {
  const h = event.headers ?? {};
  if (h.origin !== ctx.origin) return json(403, { message: 'Sign-in requests must come from the sign-in page.' });
  if (!(h['content-type'] ?? '').startsWith('application/json')) return json(415, { message: 'Expected a JSON body.' });
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  return json(400, { message: 'Expected a JSON object.' });
}

const refused = (x: Record<string, unknown> | FunctionUrlResult): x is FunctionUrlResult =>
  typeof (x as FunctionUrlResult).statusCode === 'number' && 'headers' in x;

/** A lead asks for a sign-in link: rate-limited, then queued for the sender (which checks the lead list). */
async function requestLink(ctx: RequestContext, body: Record<string, unknown>): Promise<FunctionUrlResult> {
  const { deps, log } = ctx;
  const email = typeof body.email === 'string' ? body.email.trim() : '';
  if (!isEmailAddress(email)) return json(400, { message: 'That is not an email address.' });
  const next = safeNext(typeof body.next === 'string' ? body.next : undefined);
  const nowS = Math.floor(ctx.now().getTime() / 1000);
  const { pseudonym } = await deps.keys();
  const lead = leadId(pseudonym, email);
  const verdict = await deps.guard.admit(lead, nowS);
  log.info('sign-in requested', { lead, verdict });
  if (verdict === 'busy') return json(429, { message: 'Too many sign-in requests right now. Please try again in a minute.' });
  // A request within the address's cooldown is answered like any other: a link was sent recently.
  if (verdict === 'accepted') await deps.queue.enqueue({ email, next, requested_at: nowS });
  return json(202, {
    message:
      `If this address receives a department's monthly report, a sign-in link is on its way. It works once, for ` +
      `${deps.linkMinutes} minutes.`,
  });
}

/** A lead opens a link: verified, still a lead, used once, then a session cookie. */
async function redeem(ctx: RequestContext, body: Record<string, unknown>): Promise<FunctionUrlResult> {
  const { deps, log } = ctx;
  const token = typeof body.token === 'string' ? body.token : '';
  const nowS = Math.floor(ctx.now().getTime() / 1000);
  const expired = json(400, { message: 'This sign-in link has expired or was already used. Ask for a new one at /auth/sign-in.' });
  const keys = await deps.keys({ kid: kidOf(token) });
  const claims = token ? verifyLink(keys.ring, token, nowS) : null;
  if (!claims) return expired;
  const lead = leadId(keys.pseudonym, claims.email);
  // A lead removed since the link was mailed gets no session.
  if (!(await isLead(deps.results, claims.email))) {
    log.warn('sign-in refused: no longer a lead', { lead });
    return expired;
  }
  if (!(await deps.guard.claimLink(claims.nonce, claims.expiresAt, nowS))) {
    log.warn('sign-in refused: link already used', { lead });
    return expired;
  }
  const cookie = signSession(keys.ring, lead, nowS + deps.sessionHours * 3600);
  log.info('signed in', { lead, key_id: keys.ring.current });
  return json(200, { next: claims.next }, [`${SESSION_COOKIE}=${cookie}; ${COOKIE_ATTRS}; Max-Age=${deps.sessionHours * 3600}`]);
}
