// Session cookies and sign-in links for the hosted pages, HMAC-SHA256 signed with a key from the
// environment's session keyring (Secrets Manager; the CloudFront viewer function holds a copy of each key
// in its KeyValueStore under "session-key:<kid>").
//   cookie  pp_session = <kid>.<exp>.<lead id>.<hex hmac("<kid>.<exp>.<lead id>")>    (format fixed by the
//           viewer function, lib/constructs/viewer-request-function.js). No address in the cookie: the
//           lead id is a pseudonym (leadId below), so the edge can log who viewed a page without PHI.
//   link    <kid>.<base64url(JSON {e, x, n, j})>.<hex hmac("link:<kid>." + payload)>   j is a random nonce,
//           claimed once at the callback (the "link:" prefix keeps a link token from passing as a cookie)
// Every token names its key (kid), so during a rotation the old and the new key are both accepted and
// nobody is signed out (docs/deploy.md "Rotate the session key").
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'pp_session';

/** The keys that sign (current) and verify (any listed) tokens. */
export interface Keyring {
  current: string;
  keys: Record<string, string>;
}

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const unb64url = (s: string) => Buffer.from(s, 'base64url').toString('utf8');
const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');

/**
 * Constant-time comparison of two hex strings. Compares bytes, not characters: a signature with a
 * multibyte character has the right length in characters but not in bytes, and timingSafeEqual would
 * throw on it (a 500 and a false alarm instead of a plain refusal).
 */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks a keyring read from Secrets Manager: the current key exists and every key is long enough. */
export function parseKeyring(raw: string, where: string): Keyring {
  let j: unknown;
  try {
    j = JSON.parse(raw);
  } catch {
    throw new Error(`${where} is not JSON: expected {"current": "<kid>", "<kid>": "<key of 32+ characters>", ...}`);
  }
  const o = j as Record<string, unknown>;
  const current = o.current;
  const keys: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'current') continue;
    if (!KID.test(k) || typeof v !== 'string' || v.length < 32)
      throw new Error(`${where}: key "${k}" must be a key id ([A-Za-z0-9_-]) holding a string of 32+ characters`);
    keys[k] = v;
  }
  if (typeof current !== 'string' || !keys[current])
    throw new Error(`${where}: "current" must name one of its keys (${Object.keys(keys).join(', ') || 'none'})`);
  return { current, keys };
}

/** The pseudonymous lead id logged at sign-in and on each page view: HMAC of the lower-cased address. */
export function leadId(pseudonymKey: string, email: string): string {
  return hmac(pseudonymKey, `lead:${email.trim().toLowerCase()}`).slice(0, 32);
}

export function signSession(ring: Keyring, lead: string, expiresAt: number): string {
  const body = `${ring.current}.${Math.floor(expiresAt)}.${lead}`;
  return `${body}.${hmac(ring.keys[ring.current]!, body)}`;
}

/** The signed-in lead id, or null (bad shape, unknown key, bad signature or expired). */
export function verifySession(ring: Keyring, cookie: string, nowSeconds: number): string | null {
  const parts = cookie.split('.');
  if (parts.length !== 4) return null;
  const [kid, exp, lead, sig] = parts as [string, string, string, string];
  const key = ring.keys[kid];
  if (!key || !/^\d{1,12}$/.test(exp) || !/^[0-9a-f]{32}$/.test(lead)) return null;
  if (!sameHex(hmac(key, `${kid}.${exp}.${lead}`), sig)) return null;
  if (Number(exp) <= nowSeconds) return null;
  return lead;
}

export interface LinkClaims {
  email: string;
  /** Expiry, epoch seconds. */
  expiresAt: number;
  /** Path to return to after signing in. */
  next: string;
  /** Random, claimed once at the callback (single use). */
  nonce: string;
}

export const newNonce = (): string => randomBytes(16).toString('hex');

export function signLink(ring: Keyring, c: LinkClaims): string {
  const payload = b64url(JSON.stringify({ e: c.email, x: Math.floor(c.expiresAt), n: c.next, j: c.nonce }));
  return `${ring.current}.${payload}.${hmac(ring.keys[ring.current]!, `link:${ring.current}.${payload}`)}`;
}

/** The kid a token (cookie or link) names, to reload the keyring when it is unknown (a fresh rotation). */
export const kidOf = (token: string): string => token.split('.')[0] ?? '';

export function verifyLink(ring: Keyring, token: string, nowSeconds: number): LinkClaims | null {
  const [kid, payload, sig, extra] = token.split('.');
  const key = kid ? ring.keys[kid] : undefined;
  if (!key || !payload || !sig || extra !== undefined || !sameHex(hmac(key, `link:${kid}.${payload}`), sig)) return null;
  try {
    const c = JSON.parse(unb64url(payload)) as { e?: unknown; x?: unknown; n?: unknown; j?: unknown };
    if (
      typeof c.e !== 'string' ||
      typeof c.x !== 'number' ||
      typeof c.n !== 'string' ||
      typeof c.j !== 'string' ||
      !/^[0-9a-f]{32}$/.test(c.j) ||
      c.x <= nowSeconds
    )
      return null;
    return { email: c.e, expiresAt: c.x, next: safeNext(c.n), nonce: c.j };
  } catch {
    return null;
  }
}

const PROBE_ORIGIN = 'https://portal-pulse.invalid';

/**
 * Only a path on this site, never /auth/*. The test is what a browser does with the value: resolved
 * against this site, it must stay on this site. Browsers drop tabs and newlines and read "\" as "/"
 * (so "/\t/evil.example" is "//evil.example", another host); anything with a control character,
 * whitespace or a backslash is refused outright, and the returned value is the resolved path, so what
 * is checked is what is used.
 */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 2048 || !next.startsWith('/') || /[\u0000-\u0020\u007f-\u009f\\]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== PROBE_ORIGIN) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (path.startsWith('//') || path === '/auth' || path.startsWith('/auth/')) return '/';
  return path;
}
