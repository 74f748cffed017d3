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
import { yearOfIndex } from '../period/index.ts';
import * as A from './assemble.ts';
import { allLimited } from './concurrent.ts';
import { AnalysisError } from './errors.ts';
import { describeCoverage, lakeTotals, loadTotals, monthsWithData } from './meta.ts';
import { parseMonth, resolveCutoff } from './period.ts';
import { quarantineReasons } from './quarantine-reasons.ts';
import { groupRows, keyOf, num, runQuery, str } from './rows.ts';
import { holidayCount, responseValues, windowsValues } from './values.ts';
import { PORTAL_PULSE_VERSION } from './version.ts';

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

  // The whole range and each year of it from one sort of the threads (rows with year set are the years').
  const convValues = responseValues(settings, cutoffValues(cutoff).cutoff_ms, business, { fromIdx });
  // Independent queries: sent to the engine together, up to the concurrency setting.
  const [volumeRows, patientRows, clinicianRows, tod, conversations, load, lake] = await allLimited(settings.engine.concurrency, [
    () => runQuery(engine, volumeQuery(byYear, { byCategory: true }), inPeriod),
    () => runQuery(engine, patientsQuery(byYear), inPeriod),
    () => runQuery(engine, cliniciansQuery(byYear), inPeriod),
    // One scan for both: rows by role (category NULL) and rows by category (role NULL).
    () => runQuery(engine, timeOfDayQuery(whole, { byRole: true, byCategory: true }), { ...inPeriod, ...windowsValues(settings) }),
    () =>
      runQuery(
        engine,
        conversationsQuery(whole, { byReplyCategory: true, businessHours: business, holidays: holidayCount(convValues), byYear: true }),
        { ...followed, ...convValues, max_rounds: settings.threads.max_rounds },
      ),
    () => loadTotals(engine),
    () => lakeTotals(engine),
  ] as const);
  const volume = groupRows(volumeRows);
  const patients = groupRows(patientRows);
  const clinicians = groupRows(clinicianRows);
  const isPart = (part: string, yearRows: boolean) => (r: (typeof conversations)[number]) =>
    str(r, 'part') === part && (str(r, 'year') !== null) === yearRows;
  const response = conversations.filter(isPart('response', false));
  const threadRows = conversations.filter(isPart('threads', false));
  const yearResponse = new Map(conversations.filter(isPart('response', true)).map((r) => [num(r, 'year'), r]));
  const yearThreads = conversations.filter(isPart('threads', true));
  // The messages' quarantine reasons, from each load's own record; only when there is a reason to give.
  const reasons = await quarantineReasons(engine);
  if (reasons && Object.keys(reasons).length) load.quarantined_by_reason = reasons;

  const years: StudyYear[] = [];
  for (let y = yearOfIndex(fromIdx); y <= yearOfIndex(toIdx); y++) {
    const k = keyOf(y, null);
    const clin = clinicians.get(k) ?? [];
    const resp = yearResponse.get(y);
    const head = A.responseHeadline(resp);
    years.push({
      year: y,
      messages: A.messageCounts(volume.get(k)),
      active_patients: patients.get(k)?.[0] ? num(patients.get(k)![0]!, 'active') : 0,
      active_clinicians: A.activeClinicians(clin),
      per_patient: A.distribution(patients.get(k)?.[0]),
      per_clinician: A.sortKeys(
        Object.fromEntries(clin.filter((r) => str(r, 'category') !== null).map((r) => [str(r, 'category')!, A.distribution(r)])),
      ),
      response: { ...head, ...(business ? { business_hours: A.businessHours(resp) } : {}) },
      threads: A.threads(yearThreads.filter((r) => num(r, 'year') === y)),
    });
  }

  const byRole: StudyResult['time_of_day']['by_role'] = {};
  for (const role of ROLE_ORDER) {
    const rows = tod.filter((r) => str(r, 'role') === role);
    if (rows.length) byRole[role] = A.timeOfDay(rows);
  }
  const byCategoryTod: StudyResult['time_of_day']['by_category'] = {};
  const categoryRows = groupBy(
    tod.filter((r) => str(r, 'category') !== null),
    (r) => str(r, 'category')!,
  );
  for (const [c, rows] of categoryRows) byCategoryTod[c] = A.timeOfDay(rows);

  const orgResponse = response.find((r) => str(r, 'reply_category') === null);
  const byCategory: StudyResult['response']['by_category'] = {};
  for (const r of response) {
    const c = str(r, 'reply_category');
    if (!c) continue; // NULL: the headline row; '': patient messages without a reply
    byCategory[c] = {
      within_1d: A.p(num(r, 'within_1d'), num(r, 'answered')),
      within_3d: A.p(num(r, 'within_3d'), num(r, 'answered')),
    };
  }

  const result: StudyResult = {
    kind: 'study',
    schema_version: 1,
    from: opts.from,
    to: opts.to,
    timezone: settings.timezone,
    data_cutoff: cutoff,
    settings: settings as unknown as Record<string, unknown>,
    engine: { name: engine.name ?? engine.dialect, percentiles: engine.percentiles },
    generated_at: new Date().toISOString(),
    portal_pulse_version: PORTAL_PULSE_VERSION,
    years,
    time_of_day: { by_role: byRole, by_category: A.sortKeys(byCategoryTod) },
    response: {
      ...A.responseHeadline(orgResponse),
      by_category: A.sortKeys(byCategory),
      delay_histogram: A.delayHistogram(orgResponse),
      ...(business ? { business_hours: A.businessHours(orgResponse) } : {}),
    },
    threads: A.threads(threadRows),
    load,
    lake,
  };
  const growth = growthOf(years);
  if (growth) result.growth = growth;
  return result;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) m.set(key(t), [...(m.get(key(t)) ?? []), t]);
  return m;
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
