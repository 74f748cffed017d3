// Defaults for the commands' periods: what a user means when they give none.
import type { Engine } from '../engines/engine.ts';
import { localMonth, monthIndex, monthOfIndex } from '../period/index.ts';
import { AnalysisError } from './errors.ts';
import { DEFAULT_SETTINGS } from '../settings/index.ts';
import { monthCompleteness } from './complete.ts';
import { describeCoverage, monthsWithData } from './meta.ts';

/**
 * A study's default range: the first month with data to the latest complete month before the cut-off (the
 * cut-off's own month holds only what has arrived so far, often just replies that spilled over). `known`: the
 * lake's months with data when already read (lakeSummary's coverage), else they are read here.
 */
export async function defaultStudyRange(
  engine: Engine,
  cutoffIso: string,
  timezone: string,
  followUpHours = DEFAULT_SETTINGS.reply.follow_up_hours,
  known?: Map<number, number>,
): Promise<{ from: string; to: string }> {
  const coverage = known ?? (await monthsWithData(engine));
  const { from } = await fullRange(engine, coverage);
  return { from, to: await latestCompleteMonth(engine, cutoffIso, timezone, followUpHours, coverage) };
}

/** The first and last month with data (the whole lake); `coverage`: the lake's months with data if already read. */
export async function fullRange(engine: Engine, coverage?: Map<number, number>): Promise<{ from: string; to: string }> {
  const months = [...(coverage ?? (await monthsWithData(engine))).keys()].sort((a, b) => a - b);
  if (!months.length) throw new AnalysisError('the lake holds no messages: load an export first (portal-pulse ingest)');
  return { from: monthOfIndex(months[0]!), to: monthOfIndex(months[months.length - 1]!) };
}

/**
 * The latest complete month (metrics.md "A complete month": the cut-off at least follow_up_hours after its
 * last instant) that has data. When no month with data is complete yet (a lake of a few days), the
 * latest month with data up to the cut-off: a study still has a range, and `monthly` refuses it as
 * preliminary with the time it will be complete.
 */
export async function latestCompleteMonth(
  engine: Engine,
  cutoffIso: string,
  timezone: string,
  followUpHours = DEFAULT_SETTINGS.reply.follow_up_hours,
  known?: Map<number, number>,
): Promise<string> {
  const coverage = known ?? (await monthsWithData(engine));
  const cutoffMonth = monthIndex(localMonth(cutoffIso, timezone));
  const months = [...coverage.keys()].filter((m) => m <= cutoffMonth).sort((a, b) => a - b);
  const settings = { ...DEFAULT_SETTINGS, timezone, reply: { ...DEFAULT_SETTINGS.reply, follow_up_hours: followUpHours } };
  // From the latest back: only the last month or two can be preliminary.
  const complete = [...months].reverse().find((m) => !monthCompleteness(monthOfIndex(m), cutoffIso, settings).preliminary);
  const last = complete ?? months.pop();
  if (last === undefined) throw new AnalysisError(`no month with data up to the cut-off ${cutoffIso}: ${describeCoverage(coverage)}`);
  return monthOfIndex(last);
}
