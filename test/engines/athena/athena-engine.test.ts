// The Athena adapter at the SDK boundary (aws-sdk-client-mock): what it sends Athena and how it reads
// Athena's answers: paging, header row, throttling, failure, timeout, parameters, request tokens.
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
  type ColumnInfo,
  type GetQueryResultsOutput,
  type Row as AthenaRow,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AthenaEngine, AthenaQueryError, clientRequestToken } from '../../../lib/engines/athena/index.ts';

const athena = mockClient(AthenaClient);
const engine = (extra: Partial<ConstructorParameters<typeof AthenaEngine>[0]> = {}) =>
  new AthenaEngine({
    client: new AthenaClient({ region: 'us-east-1' }),
    workgroup: 'wg',
    database: 'lake',
    pollMs: 1,
    maxPollMs: 4,
    runId: 'run-1',
    ...extra,
  });

const COLUMNS: ColumnInfo[] = [
  { Name: 'department_id', Type: 'varchar' },
  { Name: 'n', Type: 'bigint' },
  { Name: 'rate', Type: 'double' },
  { Name: 'sent_at', Type: 'timestamp' },
  { Name: 'ok', Type: 'boolean' },
];
const header: AthenaRow = { Data: COLUMNS.map((c) => ({ VarCharValue: c.Name })) };
const dataRow = (i: number): AthenaRow => ({
  Data: [
    { VarCharValue: `D${i}` },
    { VarCharValue: String(i) },
    { VarCharValue: String(i / 4) },
    { VarCharValue: '2024-05-01 13:45:00.000' },
    i % 7 === 0 ? {} : { VarCharValue: String(i % 2 === 0) },
  ],
});
const page = (rows: AthenaRow[], NextToken?: string): GetQueryResultsOutput => ({
  ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: COLUMNS } },
  NextToken,
});
const succeeded = { QueryExecution: { QueryExecutionId: 'qe-1', StatementType: 'DML' as const, Status: { State: 'SUCCEEDED' as const } } };

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'qe-1' });
});

describe('AthenaEngine results', () => {
  it('pages through 2,500 rows, skipping only the first page header, converting by column type', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => dataRow(i));
    // A data row equal to the header at the top of page 2 must NOT be skipped: only page 1 has a header.
    rows[999]!.Data![0] = { VarCharValue: 'department_id' };
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves(succeeded);
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'qe-1', NextToken: undefined })
      .resolves(page([header, ...rows.slice(0, 999)], 't2'))
      .on(GetQueryResultsCommand, { QueryExecutionId: 'qe-1', NextToken: 't2' })
      .resolves(page(rows.slice(999, 1999), 't3'))
      .on(GetQueryResultsCommand, { QueryExecutionId: 'qe-1', NextToken: 't3' })
      .resolves(page(rows.slice(1999)));

    const out = await engine().query({ name: 'test.paging', sql: 'SELECT * FROM t', params: [] });
    expect(out).toHaveLength(2500);
    expect(out[0]).toEqual({ department_id: 'D0', n: 0, rate: 0, sent_at: '2024-05-01T13:45:00.000Z', ok: null });
    expect(out[3]).toEqual({ department_id: 'D3', n: 3, rate: 0.75, sent_at: '2024-05-01T13:45:00.000Z', ok: false });
    expect(out[999]).toMatchObject({ department_id: 'department_id', n: 999 });
    expect(out[2499]).toMatchObject({ department_id: 'D2499', n: 2499 });
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 't2', 't3']);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
  });

  it('does not skip a first row for statements without a header (DDL / UTILITY)', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { StatementType: 'UTILITY', Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        Rows: [{ Data: [{ VarCharValue: 'messages' }] }],
        ResultSetMetadata: { ColumnInfo: [{ Name: 'tab_name', Type: 'varchar' }] },
      },
    });
    expect(await engine().query({ name: 'show', sql: 'SHOW TABLES', params: [] })).toEqual([{ tab_name: 'messages' }]);
  });

  it('returns no rows for an empty result (header only)', async () => {
    athena.on(GetQueryExecutionCommand).resolves(succeeded);
    athena.on(GetQueryResultsCommand).resolves(page([header]));
    expect(await engine().query({ name: 'empty', sql: 'SELECT 1 WHERE false', params: [] })).toEqual([]);
  });
});

describe('AthenaEngine start', () => {
  it('binds parameters as Trino literals in ExecutionParameters, never in the SQL text', async () => {
    athena.on(GetQueryExecutionCommand).resolves(succeeded);
    athena.on(GetQueryResultsCommand).resolves(page([header]));
    const sql =
      "SELECT * FROM messages WHERE department_id = ? AND n > ? AND ok = ? AND x IS NOT DISTINCT FROM ? AND r < ? AND note <> 'what?' -- " +
      'why?';
    await engine().query({ name: 'p', sql, params: ["O'Brien & <Sons>", 42, true, null, 0.5] });
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input.QueryString).toBe(sql);
    expect(input.ExecutionParameters).toEqual(["'O''Brien & <Sons>'", '42', 'TRUE', 'NULL', '5E-1']);
    expect(input).toMatchObject({ WorkGroup: 'wg', QueryExecutionContext: { Database: 'lake', Catalog: 'AwsDataCatalog' } });
  });

  it('omits ExecutionParameters when there are none (Athena rejects an empty list)', async () => {
    athena.on(GetQueryExecutionCommand).resolves(succeeded);
    athena.on(GetQueryResultsCommand).resolves(page([header]));
    await engine().query({ name: 'np', sql: 'SELECT 1', params: [] });
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.ExecutionParameters).toBeUndefined();
  });

  it('refuses a placeholder/parameter count mismatch, naming the query, before calling Athena', async () => {
    await expect(engine().query({ name: 'response.headline', sql: 'SELECT ? , ?', params: [1] })).rejects.toThrow(
      /"response.headline".*2 '\?' placeholder\(s\) but 1 parameter/,
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it('uses a deterministic ClientRequestToken: same run, SQL and params → same token; any change → another', async () => {
    athena.on(GetQueryExecutionCommand).resolves(succeeded);
    athena.on(GetQueryResultsCommand).resolves(page([header]));
    const q = { name: 'q', sql: 'SELECT ?', params: ['a'] };
    await engine().query(q);
    await engine().query(q);
    await engine().query({ ...q, params: ['b'] });
    await engine({ runId: 'run-2' }).query(q);
    const tokens = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.ClientRequestToken!);
    expect(tokens[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(tokens[1]).toBe(tokens[0]);
    expect(new Set(tokens).size).toBe(3);
    expect(clientRequestToken('run-1', q, 'x')).toBe(clientRequestToken('run-1', { sql: 'SELECT ?', params: ['a'] }, 'x'));
    // Without a run id, each engine gets its own, so a later run never reuses an old execution.
    expect(new AthenaEngine({ client: new AthenaClient({}), workgroup: 'w', database: 'd' }).runId).not.toBe(
      new AthenaEngine({ client: new AthenaClient({}), workgroup: 'w', database: 'd' }).runId,
    );
  });
});

describe('AthenaEngine failures', () => {
  const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });

  it('retries throttling on start (same token) and on poll', async () => {
    athena.on(StartQueryExecutionCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ QueryExecutionId: 'qe-1' });
    athena.on(GetQueryExecutionCommand).rejectsOnce(throttled()).resolves(succeeded);
    athena
      .on(GetQueryResultsCommand)
      .rejectsOnce(throttled())
      .resolves(page([header, dataRow(1)]));
    const out = await engine().query({ name: 't', sql: 'SELECT 1', params: [] });
    expect(out).toHaveLength(1);
    const starts = athena.commandCalls(StartQueryExecutionCommand);
    expect(starts).toHaveLength(3);
    expect(new Set(starts.map((c) => c.args[0].input.ClientRequestToken)).size).toBe(1);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(2);
  });

  it('gives up after the configured number of throttling retries', async () => {
    athena.on(StartQueryExecutionCommand).rejects(throttled());
    await expect(engine({ maxThrottleRetries: 3 }).query({ name: 't', sql: 'SELECT 1', params: [] })).rejects.toThrow(/Rate exceeded/);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(4);
  });

  it('does not retry a request error', async () => {
    athena.on(StartQueryExecutionCommand).rejects(new InvalidRequestException({ message: 'line 1:8: mismatched input', $metadata: {} }));
    await expect(engine().query({ name: 'bad', sql: 'SELEC 1', params: [] })).rejects.toThrow(/mismatched input/);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });

  it('raises FAILED with the query name and Athena StateChangeReason', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({
        QueryExecution: { Status: { State: 'FAILED', StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved" } },
      });
    const err = await engine()
      .query({ name: 'response.headline', sql: 'SELECT nope', params: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AthenaQueryError);
    expect((err as AthenaQueryError).message).toBe(
      `Athena query "response.headline" failed (execution qe-1): COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved`,
    );
    expect((err as AthenaQueryError).state).toBe('FAILED');
  });

  it('raises CANCELLED with the reason, after starting it again under new tokens', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'CANCELLED', StateChangeReason: 'Query cancelled by user' } } });
    await expect(engine().query({ name: 'c', sql: 'SELECT 1', params: [] })).rejects.toThrow(
      /"c" cancelled \(execution qe-1\): Query cancelled by user/,
    );
    const tokens = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.ClientRequestToken);
    expect(new Set(tokens).size).toBe(3);
  });

  it('times out at the deadline, stops the query, and polls with capped backoff meanwhile', async () => {
    // On a fake clock (Date and setTimeout), so the deadline and the poll count do not depend on how busy
    // the machine is.
    vi.useFakeTimers();
    try {
      athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
      athena.on(StopQueryExecutionCommand).resolves({});
      const t0 = Date.now();
      const pending = engine({ pollMs: 5, maxPollMs: 20, timeoutMs: 200 })
        .query({ name: 'slow', sql: 'SELECT 1', params: [] })
        .catch((e: unknown) => e);
      await vi.runAllTimersAsync();
      const err = await pending;
      expect(err).toBeInstanceOf(AthenaQueryError);
      expect((err as AthenaQueryError).state).toBe('TIMEOUT');
      expect((err as Error).message).toMatch(/"slow" timed out \(execution qe-1\)/);
      expect(Date.now() - t0).toBe(200); // it gave up at the deadline, not before and not later
      // Sleeps of 5, 10, then 20 ms (capped), the last cut to the deadline: 13 polls in 200 ms; uncapped
      // doubling would make about 6.
      expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(13);
      expect(athena.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({ QueryExecutionId: 'qe-1' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('AthenaEngine retries a failed execution under a new token', () => {
  const q = { name: 'volume.by_department', sql: 'SELECT 1', params: [] };
  const scope = 'AwsDataCatalog.lake@wg';
  const failedRetryable = {
    QueryExecution: {
      QueryExecutionId: 'qe-1',
      Status: {
        State: 'FAILED' as const,
        StateChangeReason: 'HIVE_CURSOR_ERROR',
        AthenaError: { ErrorCategory: 1, ErrorType: 1003, Retryable: true },
      },
    },
  };

  function athenaWithTokens() {
    // Athena's idempotency: a token already used returns its execution, whatever became of it.
    athena
      .on(StartQueryExecutionCommand, { ClientRequestToken: clientRequestToken('run-1', q, scope, 0) })
      .resolves({ QueryExecutionId: 'qe-1' });
    athena
      .on(StartQueryExecutionCommand, { ClientRequestToken: clientRequestToken('run-1', q, scope, 1) })
      .resolves({ QueryExecutionId: 'qe-2' });
    athena.on(GetQueryExecutionCommand, { QueryExecutionId: 'qe-1' }).resolves(failedRetryable);
    athena
      .on(GetQueryExecutionCommand, { QueryExecutionId: 'qe-2' })
      .resolves({ QueryExecution: { QueryExecutionId: 'qe-2', StatementType: 'DML', Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'qe-2' }).resolves(page([header, dataRow(1)]));
  }

  it('reproduced: with one fixed token, a retried step got the same FAILED execution back every time', async () => {
    athenaWithTokens();
    // Before the fix the engine started once per step attempt with token 0 only: qe-1, FAILED, on every retry.
    const onlyOne = engine({ maxQueryAttempts: 1 });
    await expect(onlyOne.query(q)).rejects.toThrow(/failed \(execution qe-1\)/);
    await expect(engine({ maxQueryAttempts: 1 }).query(q)).rejects.toThrow(/failed \(execution qe-1\)/);
  });

  it('starts a retryable failure again under the next token and returns its rows; a later step attempt reuses that success', async () => {
    athenaWithTokens();
    expect(await engine().query(q)).toHaveLength(1);
    const tokens = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.ClientRequestToken);
    expect(tokens).toEqual([clientRequestToken('run-1', q, scope, 0), clientRequestToken('run-1', q, scope, 1)]);
    // The step retried (a Lambda timeout): the same run id walks the same tokens and reads qe-2.
    athena.resetHistory();
    expect(await engine().query(q)).toHaveLength(1);
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.QueryExecutionId)).toEqual(['qe-2']);
  });

  it('does not start a query again that failed for a reason of its own (a user error)', async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'FAILED', StateChangeReason: 'SYNTAX_ERROR', AthenaError: { ErrorCategory: 2, Retryable: false } },
      },
    });
    await expect(engine().query(q)).rejects.toThrow(/SYNTAX_ERROR/);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });
});
