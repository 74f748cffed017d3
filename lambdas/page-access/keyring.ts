// The session keyring and the pseudonym key, read from Secrets Manager by the page-access functions only
// (lambdas/page-access and lambdas/sign-in-sender), cached for five minutes. A token naming a key id the
// cache does not know (a rotation started since) reloads at once, at most every 10 seconds, so a fresh
// cookie is never refused because of the cache.
import { parseKeyring, type Keyring } from './session.ts';

export interface Keys {
  ring: Keyring;
  /** HMAC key of the pseudonymous lead id; never rotated, so a lead keeps one id in the audit trail. */
  pseudonym: string;
}

export type KeySource = (opts?: { kid?: string }) => Promise<Keys>;

export function cachedKeys(load: () => Promise<{ keyring: string; pseudonym: string }>, clock: () => number = Date.now): KeySource {
  let cached: { keys: Keys; at: number } | undefined;
  return async (opts = {}) => {
    const t = clock();
    const stale = !cached || t - cached.at >= 300_000;
    const unknownKid = cached && opts.kid !== undefined && !cached.keys.ring.keys[opts.kid] && t - cached.at >= 10_000;
    if (stale || unknownKid) {
      const raw = await load();
      if (raw.pseudonym.length < 32)
        throw new Error('the lead pseudonym secret is shorter than 32 characters: see docs/deploy.md "Session keys"');
      cached = { keys: { ring: parseKeyring(raw.keyring, 'the session keyring secret'), pseudonym: raw.pseudonym }, at: t };
    }
    return cached!.keys;
  };
}
