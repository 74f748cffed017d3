// NO_NODES_AVAILABLE at the protocol boundary: a server that has just started answers it (with HTTP 200, as
// Trino does) until its catalogs are announced. A loopback HTTP server speaks those answers; the real Trino
// runs in `npm run test:trino`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TrinoEngine, TrinoQueryError } from '../../../lib/engines/trino/index.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** Answers every POST with `errors` failures named `errorName` first, then one row {n: 7}. */
async function fakeTrino(errors: number, errorName = 'NO_NODES_AVAILABLE'): Promise<{ url: string; posts: () => number }> {
  let posts = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      posts++;
      res.setHeader('content-type', 'application/json');
      const id = `q${posts}`;
      if (posts <= errors) {
        res.end(JSON.stringify({ id, error: { errorName, message: 'No nodes available to run query' } }));
      } else {
        res.end(JSON.stringify({ id, columns: [{ name: 'n', type: 'bigint' }], data: [[7]], stats: { state: 'FINISHED' } }));
      }
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, posts: () => posts };
}

const target = (server: string) => ({ server, catalog: 'hive', schema: 'pp', user: 'portal-pulse' });

describe('TrinoEngine and a server still warming up', () => {
  it('sends the statement again while the answer is NO_NODES_AVAILABLE, then returns the rows', async () => {
    const t = await fakeTrino(2);
    const engine = new TrinoEngine(target(t.url));
    expect(await engine.query({ name: 'warm', sql: 'SELECT 7 AS n', params: [] })).toEqual([{ n: 7 }]);
    expect(t.posts()).toBe(3);
  }, 60_000);

  it('does not repeat a statement that failed for another reason', async () => {
    const t = await fakeTrino(1, 'SYNTAX_ERROR');
    const engine = new TrinoEngine(target(t.url));
    const err = await engine.query({ name: 'bad', sql: 'SELECT', params: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrinoQueryError);
    expect((err as TrinoQueryError).errorName).toBe('SYNTAX_ERROR');
    expect(t.posts()).toBe(1);
  }, 60_000);

  it('gives up at the query deadline with the engine message', async () => {
    const t = await fakeTrino(1_000);
    const engine = new TrinoEngine({ ...target(t.url), timeoutMs: 1_500 });
    const err = await engine.query({ name: 'cold', sql: 'SELECT 1', params: [] }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/NO_NODES_AVAILABLE: No nodes available/);
    expect(t.posts()).toBeGreaterThan(1);
  }, 60_000);
});
