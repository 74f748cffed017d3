// Checking and resolving the user's months and cut-off.
import type { Engine } from '../engines/engine.ts';
import { isMonth, localMonth, monthIndex } from '../period/index.ts';
import { AnalysisError } from './errors.ts';
import { dataCutoff, type LakeSummary } from './meta.ts';

/** The month index of a "YYYY-MM" given as `what` (e.g. "--from"), or a clear error. */
export function parseMonth(value: string, what: string): number {
  if (!isMonth(value)) throw new AnalysisError(`${what} '${value}' is not a month: use YYYY-MM, e.g. 2017-06`);
  return monthIndex(value);
}

/**
 * Refuses a month after the cut-off's local month: the data ends at the cut-off, and a later month would
 * report zeros that mean "not loaded", not "nothing happened" (and mail them to every lead). A study range
 * may run past it: its years are listed, with zeros where no data is (docs/metrics-implementation.md).
 */
export function assertNotAfterCutoff(lastIdx: number, what: string, cutoffIso: string, timezone: string): void {
  const cutoffMonth = localMonth(cutoffIso, timezone);
  if (lastIdx > monthIndex(cutoffMonth)) {
    throw new AnalysisError(`${what} is after the data cut-off ${cutoffIso} (local month ${cutoffMonth}): there is no data for it`);
  }
}

/**
 * The cut-off to use: the given ISO timestamp (checked), else the latest message loaded (from `summary`, the
 * lake's summary, when the caller has read it).
 */
export async function resolveCutoff(engine: Engine, cutoff: string | undefined, summary?: LakeSummary): Promise<string> {
  if (cutoff !== undefined) {
    const ms = Date.parse(cutoff);
    if (!/^\d{4}-\d\d-\d\d/.test(cutoff) || Number.isNaN(ms)) {
      throw new AnalysisError(`cut-off '${cutoff}' is not an ISO 8601 timestamp, e.g. 2017-12-31T23:59:59Z`);
    }
    return new Date(ms).toISOString();
  }
  const latest = summary ? summary.cutoff : await dataCutoff(engine);
  if (latest === null) throw new AnalysisError('the lake holds no messages: load an export first (portal-pulse ingest)');
  return latest;
}
