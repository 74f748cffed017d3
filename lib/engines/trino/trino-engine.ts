// The Engine port on a Trino server, over Trino's client REST protocol: POST /v1/statement, then follow
// each response's nextUri until there is none, collecting the rows of every page. Values are bound as
// parameters of EXECUTE IMMEDIATE '<sql>' USING v1, v2 (the SQL goes in as one quoted string, each value
// as a typed literal, never pasted into the query text). The session runs in UTC, as Athena does.
import type { Engine, RenderedQuery, Row } from '../engine.ts';
import { countPlaceholders, trinoLiteral } from '../athena/params.ts';
import { convertValue } from './convert.ts';
import type { TrinoTarget } from './uri.ts';
import { UserError } from '../../errors/index.ts';

export interface TrinoEngineOptions extends TrinoTarget {
  /** Deadline per query, from the first request to the last page, in ms (default 10 minutes). */
  timeoutMs?: number;
  /** First wait after a busy answer (HTTP 429/502/503/504), doubling up to 2 s (default 100 ms). */
  retryMs?: number;
}

/** What one query read: Trino's own count of the bytes it read from the files (what Athena bills). */
export interface QueryStats {
  name: string;
  queryId: string;
  physicalInputBytes: number;
  processedRows: number;
  elapsedMs: number;
}

/** Trino errors a user fixes by creating the tables: the CLI prints them without a stack. */
const MISSING_TABLES = new Set(['TABLE_NOT_FOUND', 'SCHEMA_NOT_FOUND', 'CATALOG_NOT_FOUND']);

/** What a failed query's error says: which query, Trino's id, error name and message (which says where in the SQL). */
interface TrinoFailure {
  readonly queryName: string;
  readonly queryId: string | undefined;
  readonly errorName: string;
  readonly reason: string;
}

const CREATE_TABLES_HINT = ` (create the lake's tables with 'portal-pulse catalog --engine URI --lake DIR')`;

function failureMessage(f: TrinoFailure, hint = ''): string {
  return `Trino query "${f.queryName}"${f.queryId ? ` (${f.queryId})` : ''} failed: ${f.errorName}: ${f.reason}${hint}`;
}

/** A query that failed on Trino, with Trino's message (which says where in the SQL, when it is the SQL). */
export class TrinoQueryError extends Error implements TrinoFailure {
  override name = 'TrinoQueryError';
  readonly queryName: string;
  readonly queryId: string | undefined;
  readonly errorName: string;
  readonly reason: string;
  constructor(queryName: string, queryId: string | undefined, errorName: string, reason: string) {
    super(failureMessage({ queryName, queryId, errorName, reason }));
    this.queryName = queryName;
    this.queryId = queryId;
    this.errorName = errorName;
    this.reason = reason;
  }
}

/** A query that failed because the lake's tables are not there: the user creates them, so it is a user error. */
export class TrinoMissingTablesError extends UserError implements TrinoFailure {
  override name = 'TrinoMissingTablesError';
  readonly queryName: string;
  readonly queryId: string | undefined;
  readonly errorName: string;
  readonly reason: string;
  constructor(queryName: string, queryId: string | undefined, errorName: string, reason: string) {
    super(failureMessage({ queryName, queryId, errorName, reason }, CREATE_TABLES_HINT));
    this.queryName = queryName;
    this.queryId = queryId;
    this.errorName = errorName;
    this.reason = reason;
  }
}

/** The error for a query Trino answered with an error: a user error when only the tables are missing. */
function queryFailed(queryName: string, queryId: string | undefined, errorName: string, reason: string): Error {
  return MISSING_TABLES.has(errorName)
    ? new TrinoMissingTablesError(queryName, queryId, errorName, reason)
    : new TrinoQueryError(queryName, queryId, errorName, reason);
}

/** No server answers at the URI's address: the user starts it or fixes the URI. */
export class TrinoUnreachableError extends UserError {
  override name = 'TrinoUnreachableError';
}

interface Column {
  name: string;
  type: string;
}

interface StatementResponse {
  id: string;
  nextUri?: string;
  columns?: Column[];
  data?: unknown[][];
  updateType?: string;
  stats?: { state?: string; physicalInputBytes?: number; processedRows?: number; elapsedTimeMillis?: number };
  error?: { message?: string; errorName?: string; errorType?: string; errorLocation?: { lineNumber: number; columnNumber: number } };
}

/** A statement as the server receives it: the query as a string literal and its values as USING literals. */
export function statementText(q: RenderedQuery): string {
  const expected = countPlaceholders(q.sql);
  if (expected !== q.params.length) {
    throw new Error(`query "${q.name}": the SQL has ${expected} '?' placeholder(s) but ${q.params.length} parameter(s) were given`);
  }
  // The protocol refuses a trailing semicolon.
  const sql = q.sql.trim().replace(/;\s*$/, '');
  if (!q.params.length) return sql;
  return `EXECUTE IMMEDIATE '${sql.replaceAll("'", "''")}' USING ${q.params.map(trinoLiteral).join(', ')}`;
}

export class TrinoEngine implements Engine {
  readonly dialect = 'athena' as const;
  readonly name = 'trino';
  readonly percentiles = 'approximate' as const;
  /** Every query this engine ran, in completion order, with the bytes it read. */
  readonly stats: QueryStats[] = [];
  private readonly opts: Required<TrinoEngineOptions>;
  private readonly inflight = new Set<AbortController>();
  private closed = false;

  constructor(opts: TrinoEngineOptions) {
    this.opts = { timeoutMs: 10 * 60_000, retryMs: 100, ...opts };
  }

  get target(): TrinoTarget {
    const { server, catalog, schema, user } = this.opts;
    return { server, catalog, schema, user };
  }

  async query(q: RenderedQuery): Promise<Row[]> {
    if (this.closed) throw new Error(`TrinoEngine is closed (query "${q.name}")`);
    const text = statementText(q);
    const deadline = Date.now() + this.opts.timeoutMs;
    // NO_NODES_AVAILABLE comes before anything runs: a server that has just started (or a cluster whose workers
    // restart) has not announced its catalogs yet. The statement is sent again, with a capped backoff, for up to a
    // minute within the query's deadline; any other error is final.
    const giveUpAt = Math.min(deadline, Date.now() + 60_000);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.runOnce(q, text, deadline);
      } catch (e) {
        const wait = Math.min(250 * 2 ** attempt, 5_000);
        if (!(e instanceof TrinoQueryError) || e.errorName !== 'NO_NODES_AVAILABLE' || this.closed || Date.now() + wait > giveUpAt) throw e;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async runOnce(q: RenderedQuery, text: string, deadline: number): Promise<Row[]> {
    const abort = new AbortController();
    this.inflight.add(abort);
    let columns: Column[] | undefined;
    const rows: Row[] = [];
    let res: StatementResponse | undefined;
    try {
      res = await this.request(q.name, `${this.opts.server}/v1/statement`, 'POST', text, deadline, abort.signal);
      for (;;) {
        if (res.error) {
          const e = res.error;
          // Trino's message already starts with "line L:C:" where the SQL is at fault.
          throw queryFailed(q.name, res.id, e.errorName ?? 'ERROR', e.message ?? 'no message');
        }
        columns ??= res.columns;
        if (res.data?.length) {
          if (!columns) throw new Error(`query "${q.name}": Trino sent data before its columns`);
          for (const values of res.data) {
            const row: Row = {};
            columns.forEach((c, i) => {
              row[c.name] = convertValue(values[i], c.type, `${c.name} of "${q.name}"`);
            });
            rows.push(row);
          }
        }
        if (!res.nextUri) break;
        res = await this.request(q.name, res.nextUri, 'GET', undefined, deadline, abort.signal, res.id);
      }
    } catch (e) {
      // An abandoned query (deadline, error while paging, close) is cancelled so it stops reading files.
      const next = res?.nextUri;
      if (next) await fetch(next, { method: 'DELETE', headers: this.headers() }).catch(() => undefined);
      throw e;
    } finally {
      this.inflight.delete(abort);
    }
    this.stats.push({
      name: q.name,
      queryId: res.id,
      physicalInputBytes: res.stats?.physicalInputBytes ?? 0,
      processedRows: res.stats?.processedRows ?? 0,
      elapsedMs: res.stats?.elapsedTimeMillis ?? 0,
    });
    return rows;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const a of this.inflight) a.abort();
  }

  private headers(): Record<string, string> {
    return {
      'X-Trino-User': this.opts.user,
      'X-Trino-Source': 'portal-pulse',
      'X-Trino-Catalog': this.opts.catalog,
      'X-Trino-Schema': this.opts.schema,
      // Naive timestamps are read and CAST in the session zone: UTC, like Athena's.
      'X-Trino-Time-Zone': 'UTC',
    };
  }

  /** One protocol request; busy answers are retried with backoff until the deadline. */
  private async request(
    name: string,
    url: string,
    method: 'GET' | 'POST',
    body: string | undefined,
    deadline: number,
    signal: AbortSignal,
    queryId?: string,
  ): Promise<StatementResponse> {
    let wait = this.opts.retryMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new TrinoQueryError(name, queryId, 'TIMEOUT', `no result within ${this.opts.timeoutMs} ms`);
      let resp: Response;
      try {
        resp = await fetch(url, {
          method,
          headers: { ...this.headers(), ...(body !== undefined ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}) },
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(left)]),
        });
      } catch (e) {
        if (signal.aborted) throw new Error(`query "${name}": the engine was closed`);
        if ((e as Error).name === 'TimeoutError')
          throw new TrinoQueryError(name, queryId, 'TIMEOUT', `no result within ${this.opts.timeoutMs} ms`);
        const why = ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message;
        throw new TrinoUnreachableError(
          `cannot reach Trino at ${this.opts.server} for query "${name}" (${why}); is it running? (npm run trino:start)`,
          { cause: e },
        );
      }
      if (resp.status === 200) return (await resp.json()) as StatementResponse;
      if ([429, 502, 503, 504].includes(resp.status)) {
        await resp.body?.cancel();
        await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, deadline - Date.now()))));
        wait = Math.min(wait * 2, 2_000);
        continue;
      }
      const text = (await resp.text()).slice(0, 500);
      throw new TrinoQueryError(name, queryId, `HTTP ${resp.status}`, text || resp.statusText);
    }
  }
}
