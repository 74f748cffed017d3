// The engine URI of a Trino server: trino://HOST:PORT/CATALOG/SCHEMA (what `npm run trino:start` prints).
// Plain HTTP: the local server listens on loopback only; a remote cluster behind TLS is trinos://.
import { UserError } from '../../errors/index.ts';

export interface TrinoTarget {
  /** http://host:port (no trailing slash) */
  server: string;
  catalog: string;
  schema: string;
  user: string;
}

/** A bad engine URI: the user typed it, so it is printed without a stack. */
export class EngineUriError extends UserError {
  override name = 'EngineUriError';
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

export function parseTrinoUri(uri: string): TrinoTarget {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new EngineUriError(`'${uri}' is not an engine URI: expected trino://HOST:PORT/CATALOG/SCHEMA`);
  }
  if (u.protocol !== 'trino:' && u.protocol !== 'trinos:')
    throw new EngineUriError(`'${uri}' is not a Trino URI (trino://HOST:PORT/CATALOG/SCHEMA)`);
  const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length !== 2) throw new EngineUriError(`'${uri}' must name a catalog and a schema: trino://HOST:PORT/CATALOG/SCHEMA`);
  const [catalog, schema] = parts as [string, string];
  for (const [what, v] of [
    ['catalog', catalog],
    ['schema', schema],
  ] as const) {
    // Both go into DDL and session headers as identifiers: only plain lower-case names.
    if (!IDENT.test(v)) throw new EngineUriError(`${what} '${v}' in '${uri}': use lower-case letters, digits and _`);
  }
  if (!u.hostname) throw new EngineUriError(`'${uri}' has no host`);
  const port = u.port || (u.protocol === 'trinos:' ? '443' : '8080');
  return {
    server: `${u.protocol === 'trinos:' ? 'https' : 'http'}://${u.hostname}:${port}`,
    catalog,
    schema,
    user: decodeURIComponent(u.username) || 'portal-pulse',
  };
}
