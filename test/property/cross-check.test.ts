// The property of issue 3's "Correctness": on random small exports, the real product (ingest -> lake ->
// DuckDB -> runStudy / runMonthly) and the oracle (test/oracle/reference.ts, an independent in-memory reading
// of metrics.md) give the same spec-core figures. Replay a failure with PP_XCHECK_SEED=<seed> (and
// PP_XCHECK_PATH=<path> from the report); widen the search with PP_XCHECK_RUNS=200.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExport, exportPlan } from './export-arbitrary.ts';
import { assertAgrees, crossCheck } from './pipeline.ts';

const RUNS = Number(process.env.PP_XCHECK_RUNS ?? 20);
const SEED = process.env.PP_XCHECK_SEED === undefined ? undefined : Number(process.env.PP_XCHECK_SEED);
const PATH = process.env.PP_XCHECK_PATH;
// The search stops after this long (then says how many exports it checked), so the folder stays within a minute
// on a busy 2-core machine; a failure found is still reported (shrunk as far as the time allowed).
const TIME_LIMIT_MS = Number(process.env.PP_XCHECK_TIME_LIMIT_MS ?? 30_000);

describe('cross-check: SQL against the oracle on random exports', () => {
  it('agrees on every spec-core figure of study.json and monthly.json', async () => {
    let runs = 0;
    let messages = 0;
    await fc.assert(
      fc.asyncProperty(exportPlan, async (plan) => {
        const exp = buildExport(plan);
        runs++;
        messages += exp.rows.length;
        const { diffs } = await crossCheck(exp, { upperHeader: plan.shuffleSeed % 5 === 0, ndjson: plan.shuffleSeed % 7 === 3 });
        assertAgrees(exp, diffs);
      }),
      {
        numRuns: RUNS,
        ...(SEED !== undefined ? { seed: SEED } : {}),
        ...(PATH ? { path: PATH } : {}),
        // Each run loads a lake (about a second): cap shrinking so a failure still reports in time.
        interruptAfterTimeLimit: TIME_LIMIT_MS,
        // PP_XCHECK_NO_SHRINK=1 reports the first failure as found (quicker when hunting).
        endOnFailure: process.env.PP_XCHECK_NO_SHRINK === '1',
        markInterruptAsFailure: false,
      },
    );
    // A slow machine may stop the search early (the time limit above): say how much was checked.
    console.log(`cross-check: ${runs} exports, ${messages} message rows, all figures agree`);
    expect(runs).toBeGreaterThan(0);
  }, TIME_LIMIT_MS + 60_000);
});
