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
// Budgets rather than fast-check's interruptAfterTimeLimit (which abandons a run mid-load and leaves its temp
// folder behind): once TIME_LIMIT_MS has passed no new export is checked, so the folder stays within about a
// minute on a busy 2-core machine; after a failure, shrinking gets SHRINK_LIMIT_MS more, then the smallest
// counter-example found so far is reported.
const TIME_LIMIT_MS = Number(process.env.PP_XCHECK_TIME_LIMIT_MS ?? 30_000);
const SHRINK_LIMIT_MS = Number(process.env.PP_XCHECK_SHRINK_LIMIT_MS ?? 90_000);

describe('cross-check: SQL against the oracle on random exports', () => {
  it(
    'agrees on every spec-core figure of study.json and monthly.json',
    async () => {
      let runs = 0;
      let messages = 0;
      const started = Date.now();
      let failedAt: number | null = null;
      await fc.assert(
        fc.asyncProperty(exportPlan, async (plan) => {
          const now = Date.now();
          // Out of budget: pass without checking (during shrinking this keeps the last counter-example).
          if (failedAt === null ? now - started > TIME_LIMIT_MS : now - failedAt > SHRINK_LIMIT_MS) return;
          const exp = buildExport(plan);
          runs++;
          messages += exp.rows.length;
          try {
            const { diffs } = await crossCheck(exp, { upperHeader: plan.shuffleSeed % 5 === 0, ndjson: plan.shuffleSeed % 7 === 3 });
            assertAgrees(exp, diffs);
          } catch (e) {
            failedAt ??= Date.now();
            throw e;
          }
        }),
        {
          numRuns: RUNS,
          ...(SEED !== undefined ? { seed: SEED } : {}),
          ...(PATH ? { path: PATH } : {}),
          // PP_XCHECK_NO_SHRINK=1 reports the first failure as found (quicker when hunting).
          endOnFailure: process.env.PP_XCHECK_NO_SHRINK === '1',
        },
      );
      // A slow machine may stop the search early (the time budget above): say how much was checked.
      console.log(`cross-check: ${runs} exports, ${messages} message rows, all figures agree`);
      expect(runs).toBeGreaterThan(0);
    },
    TIME_LIMIT_MS + SHRINK_LIMIT_MS + 60_000,
  );
});
