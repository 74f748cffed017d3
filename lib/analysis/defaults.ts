// Defaults for the commands' periods: what a user means when they give none.
import type { Engine } from '../engines/engine.ts';
import { monthIndex, monthOfIndex } from '../queries/index.ts';
import { AnalysisError } from './errors.ts';
import { describeCoverage, monthsWithData } from './meta.ts';
import { localMonth } from './period.ts';

export { localMonth };

/**
 * A study's default range: the first month with data to the latest complete month before the cut-off (the
 * cut-off's own month holds only what has arrived so far, often just replies that spilled over).
 */
export async function defaultStudyRange(engine: Engine, cutoffIso: string, timezone: string): Promise<{ from: string; to: string }> {
  const { from } = await fullRange(engine);
  return { from, to: await latestCompleteMonth(engine, cutoffIso, timezone) };
}

/** The first and last month with data (the whole lake). */
export async function fullRange(engine: Engine): Promise<{ from: string; to: string }> {
  const months = [...(await monthsWithData(engine)).keys()].sort((a, b) => a - b);
  if (!months.length) throw new AnalysisError('the lake holds no messages: load an export first (portal-pulse ingest)');
  return { from: monthOfIndex(months[0]!), to: monthOfIndex(months[months.length - 1]!) };
}

/**
 * The latest complete month: the month before the cut-off's local month (the cut-off's own month is
 * still filling up), if it has data; otherwise the latest month with data.
 */
export async function latestCompleteMonth(engine: Engine, cutoffIso: string, timezone: string): Promise<string> {
  const coverage = await monthsWithData(engine);
  const before = monthIndex(localMonth(cutoffIso, timezone)) - 1;
  if (coverage.get(before)) return monthOfIndex(before);
  const months = [...coverage.keys()].sort((a, b) => a - b);
  const last = months.filter((m) => m <= before + 1).pop();
  if (last === undefined) throw new AnalysisError(`no month with data up to the cut-off ${cutoffIso}: ${describeCoverage(coverage)}`);
  return monthOfIndex(last);
}
