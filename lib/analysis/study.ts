// study.json: the study's analyses over a range of months, by year and over the whole range.
import type { Engine } from '../engines/engine.ts';
import type { Settings } from '../settings/index.ts';
import type { Growth, RoleKey, StudyResult, StudyYear } from '../results/types.ts';
import {
  cliniciansQuery,
  conversationsQuery,
  cutoffMonthIndex,
  cutoffValues,
  patientsQuery,
  scanValues,
  timeOfDayQuery,
  volumeQuery,
} from '../queries/index.ts';
import * as A from './assemble.ts';
import { AnalysisError } from './errors.ts';
import { describeCoverage, loadTotals, monthsWithData } from './meta.ts';
import { parseMonth, resolveCutoff } from './period.ts';
import { loadRecords } from './provenance.ts';
import { groupRows, keyOf, num, runQuery, str } from './rows.ts';
import { responseValues, windowsValues } from './values.ts';

export interface StudyOptions {
  engine: Engine;
  settings: Settings;
  /** First and last month, YYYY-MM, inclusive. */
  from: string;
  to: string;
  /** ISO timestamp; default: the latest message loaded. */
  cutoff?: string;
}

const ROLE_ORDER: RoleKey[] = ['physician', 'registered_nurse', 'np_pa', 'other', 'unknown'];

export async function runStudy(opts: StudyOptions): Promise<StudyResult> {
  const { engine, settings } = opts;
  const fromIdx = parseMonth(opts.from, '--from');
  const toIdx = parseMonth(opts.to, '--to');
  if (fromIdx > toIdx) throw new AnalysisError(`--from ${opts.from} is after --to ${opts.to}`);
  const cutoff = await resolveCutoff(engine, opts.cutoff);
  const coverage = await monthsWithData(engine);
  if (![...coverage.keys()].some((m) => m >= fromIdx && m <= toIdx)) {
    throw new AnalysisError(`no messages between ${opts.from} and ${opts.to}: ${describeCoverage(coverage)}`);
  }

  const period = { from_idx: fromIdx, to_idx: toIdx };
  const inPeriod = { ...scanValues(fromIdx, toIdx, cutoff), ...period };
  // Replies and later turns are followed past the period's end, up to the cut-off.
  const followed = { ...scanValues(fromIdx, Math.max(toIdx, cutoffMonthIndex(cutoff)), cutoff), ...period };
  const byYear = { grain: 'year', byDepartment: false } as const;
  const whole = { grain: 'all', byDepartment: false } as const;
  const business = settings.business_hours.study;

  const volume = groupRows(await runQuery(engine, volumeQuery(byYear, { byCategory: true }), inPeriod));
  const patients = groupRows(await runQuery(engine, patientsQuery(byYear), inPeriod));
  const clinicians = groupRows(await runQuery(engine, cliniciansQuery(byYear), inPeriod));
  const tod = await runQuery(engine, timeOfDayQuery(whole, { byRole: true }), { ...inPeriod, ...windowsValues(settings) });
  const conversations = await runQuery(engine, conversationsQuery(whole, { byReplyCategory: true, businessHours: business }), {
    ...followed,
    ...responseValues(settings, cutoffValues(cutoff).cutoff_ms, business),
    max_rounds: settings.threads.max_rounds,
  });
  const response = conversations.filter((r) => str(r, 'part') === 'response');
  const threadRows = conversations.filter((r) => str(r, 'part') === 'threads');
  const load = await loadTotals(engine);
  const records = await loadRecords(engine);
  if (records.quarantinedByReason) load.quarantined_by_reason = records.quarantinedByReason;

  const years: StudyYear[] = [];
  for (let y = Math.floor(fromIdx / 12); y <= Math.floor(toIdx / 12); y++) {
    const k = keyOf(y, null);
    const clin = clinicians.get(k) ?? [];
    years.push({
      year: y,
      messages: A.messageCounts(volume.get(k)),
      active_patients: patients.get(k)?.[0] ? num(patients.get(k)![0]!, 'active') : 0,
      active_clinicians: A.activeClinicians(clin),
      per_patient: A.distribution(patients.get(k)?.[0]),
      per_clinician: A.sortKeys(
        Object.fromEntries(clin.filter((r) => str(r, 'category') !== null).map((r) => [str(r, 'category')!, A.distribution(r)])),
      ),
    });
  }

  const byRole: StudyResult['time_of_day']['by_role'] = {};
  for (const role of ROLE_ORDER) {
    const rows = tod.filter((r) => str(r, 'role') === role);
    if (rows.length) byRole[role] = A.timeOfDay(rows);
  }

  const orgResponse = response.find((r) => str(r, 'reply_category') === null);
  const byCategory: StudyResult['response']['by_category'] = {};
  for (const r of response) {
    const c = str(r, 'reply_category');
    if (!c) continue; // NULL: the headline row; '': patient messages without a reply
    byCategory[c] = { within_1d: A.p(num(r, 'within_short'), num(r, 'answered')), within_3d: A.p(num(r, 'within_long'), num(r, 'answered')) };
  }

  const result: StudyResult = {
    kind: 'study',
    schema_version: 1,
    from: opts.from,
    to: opts.to,
    timezone: settings.timezone,
    data_cutoff: cutoff,
    settings: settings as unknown as Record<string, unknown>,
    engine: { name: engine.dialect, percentiles: engine.percentiles },
    generated_at: new Date().toISOString(),
    years,
    time_of_day: { by_role: byRole },
    response: {
      ...A.responseHeadline(orgResponse),
      by_category: A.sortKeys(byCategory),
      delay_histogram: A.delayHistogram(orgResponse),
      ...(business ? { business_hours: A.businessHours(orgResponse) } : {}),
    },
    threads: A.threads(threadRows),
    load,
  };
  const growth = growthOf(years);
  if (growth) result.growth = growth;
  result.provenance = records.provenance;
  return result;
}

/**
 * Change in clinician-side volume between the first and the last year of the range, and each category's
 * share of it (n = the category's change, N = the total change; shares sum to 1, and a category that
 * shrank while the total grew has a negative share).
 */
export function growthOf(years: StudyYear[]): Growth | undefined {
  const first = years[0];
  const last = years[years.length - 1];
  if (!first || !last || first.year === last.year) return undefined;
  const total = last.messages.clinician_side - first.messages.clinician_side;
  const cats = [...new Set([...Object.keys(first.messages.by_category), ...Object.keys(last.messages.by_category)])].sort();
  const by_category: Growth['by_category'] = {};
  for (const c of cats) {
    const from = first.messages.by_category[c] ?? 0;
    const to = last.messages.by_category[c] ?? 0;
    by_category[c] = { from, to, change: to - from, share_of_change: A.p(to - from, total) };
  }
  return { from_year: first.year, to_year: last.year, total_change: total, by_category };
}
