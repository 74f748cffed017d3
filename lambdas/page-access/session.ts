// Session cookies and sign-in links for the hosted pages, both HMAC-SHA256 signed with the environment's
// session key (the CloudFront viewer function checks cookies with the same key, from its KeyValueStore).
//   cookie  pp_session = <exp>.<base64url(email)>.<hex hmac("<exp>.<email64>")>   (format fixed by the
//           viewer function, lib/constructs/viewer-request-function.js)
//   link    <base64url(JSON {e, x, n})>.<hex hmac("link:" + payload)>              (the "link:" prefix keeps
//           a link token from ever passing as a cookie, and the other way round)
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'pp_session';

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const unb64url = (s: string) => Buffer.from(s, 'base64url').toString('utf8');
const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function signSession(key: string, email: string, expiresAt: number): string {
  const body = `${Math.floor(expiresAt)}.${b64url(email)}`;
  return `${body}.${hmac(key, body)}`;
}

/** The signed-in email, or null (bad shape, bad signature or expired). */
export function verifySession(key: string, cookie: string, nowSeconds: number): string | null {
  const parts = cookie.split('.');
  if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[0]!)) return null;
  if (!sameHex(hmac(key, `${parts[0]}.${parts[1]}`), parts[2]!)) return null;
  if (Number(parts[0]) <= nowSeconds) return null;
  return unb64url(parts[1]!);
}

export interface LinkClaims {
  email: string;
  /** Expiry, epoch seconds. */
  expiresAt: number;
  /** Path to return to after signing in. */
  next: string;
}

export function signLink(key: string, c: LinkClaims): string {
  const payload = b64url(JSON.stringify({ e: c.email, x: Math.floor(c.expiresAt), n: c.next }));
  return `${payload}.${hmac(key, `link:${payload}`)}`;
}

export function verifyLink(key: string, token: string, nowSeconds: number): LinkClaims | null {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined || !sameHex(hmac(key, `link:${payload}`), sig)) return null;
  try {
    const c = JSON.parse(unb64url(payload)) as { e?: unknown; x?: unknown; n?: unknown };
    if (typeof c.e !== 'string' || typeof c.x !== 'number' || typeof c.n !== 'string' || c.x <= nowSeconds) return null;
    return { email: c.e, expiresAt: c.x, next: safeNext(c.n) };
  } catch {
    return null;
  }
}

/** Only same-site absolute paths: never "//host" or "https://..." (no open redirect). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/auth/')) return '/';
  return next;
}
