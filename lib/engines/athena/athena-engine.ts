// The Engine port on Amazon Athena (Trino). One query = StartQueryExecution (values bound as
// ExecutionParameters, an idempotent ClientRequestToken), polling GetQueryExecution with capped
// exponential backoff until a deadline, then every GetQueryResults page converted by column type. A
// retryable failure starts the query again under a new token (isRetryableExecution). Queries share no
// state, so a caller may run several at once on one engine (lib/analysis decides how many).
import { createHash, randomUUID } from 'node:crypto';
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import type { Engine, RenderedQuery, Row } from '../engine.ts';
import { convertValue } from './convert.ts';
import { countPlaceholders, trinoLiteral } from './params.ts';

export interface AthenaEngineOptions {
  client: AthenaClient;
  workgroup: string;
  database: string;
  /** Data catalog (default AwsDataCatalog). */
  catalog?: string;
  /** First poll delay in ms; doubles up to maxPollMs (default 500). */
  pollMs?: number;
  /** Longest wait between polls in ms (default 5000). */
  maxPollMs?: number;
  /** Deadline per query, from start to last result page, in ms (default 10 minutes). */
  timeoutMs?: number;
  /**
   * Identifies one logical run (e.g. "monthly-2024-05-D01"). It goes into each query's
   * ClientRequestToken with the SQL and parameters, so a retried start (a Lambda retry of the same
   * run) returns the same execution instead of running the query twice. Default: a random id per
   * engine, so a later run never reuses an old execution's results.
   */
  runId?: string;
  /** How many times a throttled call is retried before giving up (default 8). */
  maxThrottleRetries?: number;
  /**
   * Executions per query (default 3): a query that FAILED for a reason Athena calls retryable (or a
   * system error), or was CANCELLED (a deadline's StopQueryExecution, perhaps by an earlier attempt of
   * the same step), is started again under the next request token. The first token stays deterministic,
   * so a retried step still reuses a query that SUCCEEDED or is still running.
   */
  maxQueryAttempts?: number;
}

export type AthenaQueryState = 'FAILED' | 'CANCELLED' | 'TIMEOUT';

/** A query that did not succeed, naming the query, the execution and Athena's reason. */
export class AthenaQueryError extends Error {
  override name = 'AthenaQueryError';
  readonly queryName: string;
  readonly state: AthenaQueryState;
  readonly executionId: string | undefined;
  readonly reason: string;
  constructor(queryName: string, state: AthenaQueryState, executionId: string | undefined, reason: string) {
    super(
      `Athena query "${queryName}" ` +
        `${state === 'TIMEOUT' ? 'timed out' : state.toLowerCase()}${executionId ? ` (execution ${executionId})` : ''}: ${reason}`,
    );
    this.queryName = queryName;
    this.state = state;
    this.executionId = executionId;
    this.reason = reason;
  }
}

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'ThrottledException', 'RequestLimitExceeded', 'SlowDown']);
const TRANSIENT = new Set(['InternalServerException', 'ServiceUnavailable', 'InternalFailure']);

/**
 * The deterministic ClientRequestToken of a query's n-th execution: sha256 (64 hex chars; Athena wants
 * 32-128). Execution 0 keeps the original form; each later one gets its own token, because Athena answers
 * a reused token with the old (failed) execution.
 */
export function clientRequestToken(runId: string, q: Pick<RenderedQuery, 'sql' | 'params'>, scope: string, execution = 0): string {
  return createHash('sha256')
    .update(JSON.stringify(execution === 0 ? [runId, scope, q.sql, q.params] : [runId, scope, q.sql, q.params, execution]))
    .digest('hex');
}

/** Is this finished execution worth starting again? Athena's own verdict first, then its error category. */
export function isRetryableExecution(ex: QueryExecution | undefined): boolean {
  const state = ex?.Status?.State;
  if (state === 'CANCELLED') return true;
  if (state !== 'FAILED') return false;
  const err = ex?.Status?.AthenaError;
  if (err?.Retryable !== undefined) return err.Retryable;
  return err?.ErrorCategory === 1; // 1 SYSTEM, 2 USER, 3 OTHER
}

export class AthenaEngine implements Engine {
  readonly dialect = 'athena' as const;
  readonly percentiles = 'approximate' as const;
  readonly runId: string;
  private readonly client: AthenaClient;
  private readonly opts: Required<Omit<AthenaEngineOptions, 'client' | 'runId'>>;
  private closed = false;

  constructor(opts: AthenaEngineOptions) {
    if (!opts.workgroup) throw new Error('AthenaEngine: workgroup is required');
    if (!opts.database) throw new Error('AthenaEngine: database is required');
    this.client = opts.client;
    this.runId = opts.runId ?? randomUUID();
    this.opts = {
      workgroup: opts.workgroup,
      database: opts.database,
      catalog: opts.catalog ?? 'AwsDataCatalog',
      pollMs: opts.pollMs ?? 500,
      maxPollMs: opts.maxPollMs ?? 5_000,
      timeoutMs: opts.timeoutMs ?? 10 * 60_000,
      maxThrottleRetries: opts.maxThrottleRetries ?? 8,
      maxQueryAttempts: opts.maxQueryAttempts ?? 3,
    };
  }

  async query(q: RenderedQuery): Promise<Row[]> {
    if (this.closed) throw new Error(`AthenaEngine is closed (query "${q.name}")`);
    const expected = countPlaceholders(q.sql);
    if (expected !== q.params.length) {
      throw new Error(`query "${q.name}": the SQL has ${expected} '?' placeholder(s) but ${q.params.length} parameter(s) were given`);
    }
    const deadline = Date.now() + this.opts.timeoutMs;
    const { workgroup, database, catalog } = this.opts;
    for (let n = 0; ; n++) {
      const token = clientRequestToken(this.runId, q, `${catalog}.${database}@${workgroup}`, n);
      const started = await this.call(q.name, deadline, undefined, () =>
        this.client.send(
          new StartQueryExecutionCommand({
            QueryString: q.sql,
            WorkGroup: workgroup,
            QueryExecutionContext: { Database: database, Catalog: catalog },
            ClientRequestToken: token,
            ...(q.params.length ? { ExecutionParameters: q.params.map(trinoLiteral) } : {}),
          }),
        ),
      );
      const id = started.QueryExecutionId;
      if (!id) throw new Error(`query "${q.name}": Athena returned no QueryExecutionId`);
      const execution = await this.waitForCompletion(q.name, id, deadline);
      if (execution.Status?.State === 'SUCCEEDED')
        return this.readResults(q.name, id, deadline, execution.StatementType !== 'DDL' && execution.StatementType !== 'UTILITY');
      const state = execution.Status!.State as 'FAILED' | 'CANCELLED';
      const reason = execution.Status?.StateChangeReason ?? execution.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
      if (!isRetryableExecution(execution) || n + 1 >= this.opts.maxQueryAttempts || Date.now() >= deadline)
        throw new AthenaQueryError(q.name, state, id, reason);
    }
  }

  async close(): Promise<void> {
    // The client belongs to the caller (it may be shared); nothing of ours stays open.
    this.closed = true;
  }

  private async waitForCompletion(name: string, id: string, deadline: number): Promise<QueryExecution> {
    let delay = this.opts.pollMs;
    for (;;) {
      const out = await this.call(name, deadline, id, () => this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
      const ex = out.QueryExecution;
      const state = ex?.Status?.State;
      // Finished: the caller decides whether a failed or cancelled execution is worth another.
      if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return ex!;
      // QUEUED or RUNNING (Athena may also move a query back from RUNNING to QUEUED).
      await this.sleepBefore(deadline, delay, name, id);
      delay = Math.min(delay * 2, this.opts.maxPollMs);
    }
  }

  private async readResults(name: string, id: string, deadline: number, hasHeader: boolean): Promise<Row[]> {
    const rows: Row[] = [];
    let columns: ColumnInfo[] | undefined;
    let NextToken: string | undefined;
    let first = true;
    do {
      const page = await this.call(name, deadline, id, () =>
        this.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken, MaxResults: 1000 })),
      );
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const pageRows = page.ResultSet?.Rows ?? [];
      // Only the first row of the FIRST page is the header (column labels), for SELECT-like statements.
      const start = first && hasHeader ? 1 : 0;
      for (let r = start; r < pageRows.length; r++) {
        const data = pageRows[r]?.Data ?? [];
        const row: Row = {};
        columns.forEach((c, i) => {
          const col = c.Name ?? `_col${i}`;
          row[col] = convertValue(data[i]?.VarCharValue, c.Type ?? 'varchar', `${col} of "${name}"`);
        });
        rows.push(row);
      }
      first = false;
      NextToken = page.NextToken;
    } while (NextToken);
    return rows;
  }

  /** Runs one API call, retrying throttling and transient server errors with backoff within the deadline. */
  private async call<T>(name: string, deadline: number, id: string | undefined, fn: () => Promise<T>): Promise<T> {
    let delay = this.opts.pollMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const errName = (e as { name?: string }).name ?? '';
        const retryable = THROTTLING.has(errName) || TRANSIENT.has(errName) || (e as { $retryable?: unknown }).$retryable !== undefined;
        if (!retryable || attempt >= this.opts.maxThrottleRetries) throw e;
        // Full jitter keeps many Lambdas throttled together from retrying in step.
        await this.sleepBefore(deadline, delay * (0.5 + Math.random() / 2), name, id);
        delay = Math.min(delay * 2, this.opts.maxPollMs);
      }
    }
  }

  /** Waits `ms`, but never past the deadline; at the deadline, stops the query and throws TIMEOUT. */
  private async sleepBefore(deadline: number, ms: number, name: string, id: string | undefined): Promise<void> {
    const left = deadline - Date.now();
    if (left <= 0) {
      if (id) {
        // Stop the abandoned query so it does not keep scanning (and billing); best effort.
        await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
      }
      throw new AthenaQueryError(name, 'TIMEOUT', id, `no result within ${this.opts.timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, Math.min(ms, left)));
  }
}
