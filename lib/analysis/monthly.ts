// monthly.json: one month for the organisation and every department, plus what the month is compared
// with (previous month, same month a year before) and the trailing 12 months of the headline figures.
import type { Engine } from '../engines/engine.ts';
import type { Settings } from '../settings/index.ts';
import type { DepartmentSection, MonthlyComparison, MonthlyResult, MonthlySection, TrendPoint } from '../results/types.ts';
import {
  type CliniciansColumns,
  type Columns,
  type ConversationColumns,
  type PatientsColumns,
  type TimeOfDayColumns,
  type TypedRow,
  type VolumeColumns,
  cliniciansQuery,
  conversationsQuery,
  cutoffMonthIndex,
  followHorizonQuery,
  followHorizonValues,
  cutoffValues,
  patientsQuery,
  pickValues,
  scanValues,
  timeOfDayQuery,
  volumeQuery,
  type Values,
} from '../queries/index.ts';
import { monthOfIndex } from '../period/index.ts';
import * as A from './assemble.ts';
import { allLimited } from './concurrent.ts';
import { AnalysisError } from './errors.ts';
import { monthCompleteness } from './complete.ts';
import { type DepartmentInfo, describeCoverage, type LakeSummary, lakeSummary, lakeTotals, listDepartments } from './meta.ts';
import { assertNotAfterCutoff, parseMonth, resolveCutoff } from './period.ts';
import { groupRows, keyOf, runQuery } from './rows.ts';
import { holidayCount, responseValues, windowsValues } from './values.ts';
import { PORTAL_PULSE_VERSION } from './version.ts';

export interface MonthlyOptions {
  engine: Engine;
  settings: Settings;
  /** YYYY-MM */
  month: string;
  /** ISO timestamp; default: the latest message loaded. */
  cutoff?: string;
  /** The lake's summary (lakeSummary), when the caller has read it already (for the cut-off or the month). */
  lake?: LakeSummary;
}

const byMonth = { grain: 'month', byDepartment: true } as const;

type Grouped<C extends Columns> = Map<string, TypedRow<C>[]>;

/** The month's queries' rows, grouped by period and department, and what they were run for. */
interface MonthRows {
  /** The range queries: one row per month and department, for the month, its comparisons and the trend. */
  sides: Grouped<VolumeColumns>;
  patients: Grouped<PatientsColumns>;
  response: Grouped<ConversationColumns>;
  threads: Grouped<ConversationColumns>;
  /** By category and by hour: only for sectionMonths. */
  volume: Grouped<VolumeColumns>;
  clinicians: Grouped<CliniciansColumns>;
  tod: Grouped<TimeOfDayColumns>;
  /** The month and the months it is compared with that have data. */
  sectionMonths: number[];
  departments: DepartmentInfo[];
}

/** The last month the conversations query must read for the range [first, m], given the cut-off's month. */
async function followUntil(engine: Engine, first: number, m: number, cutoffIdx: number): Promise<number> {
  // Up to the month after m the scan costs no more than the question would.
  if (cutoffIdx <= m + 1) return Math.max(m, cutoffIdx);
  const [row] = await runQuery(engine, followHorizonQuery, followHorizonValues(first, m, cutoffIdx));
  const last = row ? row.numOrNull('last_idx') : null;
  return last === null ? m : Math.max(m, Math.min(last, cutoffIdx));
}

export async function runMonthly(opts: MonthlyOptions): Promise<MonthlyResult> {
  const { engine, settings } = opts;
  const m = parseMonth(opts.month, '--month');
  // The cut-off, the months with data and the lake's message count, from one query.
  const summary = opts.lake ?? (await lakeSummary(engine));
  const cutoff = await resolveCutoff(engine, opts.cutoff, summary);
  assertNotAfterCutoff(m, `--month ${opts.month}`, cutoff, settings.timezone);
  const { coverage } = summary;
  if (!coverage.get(m)) throw new AnalysisError(`no messages in ${opts.month}: ${describeCoverage(coverage)}`);

  const rows = await monthRows(engine, settings, m, cutoff, coverage);
  const deptIds = departmentIds(rows, m);
  const business = settings.business_hours.monthly;
  const section = sectionOf(rows, business);
  const known = new Map(rows.departments.map((d) => [d.department_id, d]));
  const deptSections: Record<string, DepartmentSection> = {};
  for (const id of deptIds) {
    const info = known.get(id);
    // A department absent from the departments table has no name or care setting to show.
    deptSections[id] = { ...(info ? { name: info.name, care_setting: info.care_setting } : {}), ...section(m, id) };
  }
  const comparison = (idx: number): MonthlyComparison | undefined =>
    rows.sectionMonths.includes(idx)
      ? {
          month: monthOfIndex(idx),
          organisation: section(idx, null),
          departments: Object.fromEntries(deptIds.map((id) => [id, section(idx, id)])),
        }
      : undefined;
  const previous = comparison(m - 1);
  const lastYear = comparison(m - 12);
  const trendMonths = trailingMonths(m, coverage);
  const point = trendPointOf(rows, business);

  const { preliminary, complete_at } = monthCompleteness(opts.month, cutoff, settings);
  const lake = await lakeTotals(engine, summary);
  return {
    kind: 'monthly',
    schema_version: 1,
    month: opts.month,
    timezone: settings.timezone,
    data_cutoff: cutoff,
    preliminary,
    complete_at,
    lake,
    settings: settings as unknown as Record<string, unknown>,
    engine: { name: engine.name ?? engine.dialect, percentiles: engine.percentiles },
    generated_at: new Date().toISOString(),
    portal_pulse_version: PORTAL_PULSE_VERSION,
    organisation: section(m, null),
    departments: deptSections,
    ...(previous ? { previous_month: previous } : {}),
    ...(lastYear ? { same_month_last_year: lastYear } : {}),
    trend: {
      organisation: trendMonths.map((i) => point(i, null)),
      departments: Object.fromEntries(deptIds.map((id) => [id, trendMonths.map((i) => point(i, id))])),
    },
  };
}

/**
 * Runs the month's independent queries together, up to the concurrency setting: the range queries over the
 * 13 months ending with the month, and by category and by hour only for the month and the months it is
 * compared with (a month before the lake's data would compare against zeros that mean "no data", so it is
 * left out).
 */
async function monthRows(engine: Engine, settings: Settings, m: number, cutoff: string, coverage: Map<number, number>): Promise<MonthRows> {
  const first = m - 12;
  const range = { from_idx: first, to_idx: m };
  const inRange = { ...scanValues(first, m, cutoff), ...range };
  // Replies and later turns are followed past the month, up to the cut-off, but only as far as the range's
  // threads go: for an old month that is a few months, not every month since (follow.ts).
  const followed = { ...scanValues(first, await followUntil(engine, first, m, cutoffMonthIndex(cutoff)), cutoff), ...range };
  const business = settings.business_hours.monthly;
  const convValues = responseValues(settings, cutoffValues(cutoff).cutoff_ms, business, { fromIdx: first });
  const conversationsDef = conversationsQuery(byMonth, {
    byReplyCategory: false,
    businessHours: business,
    holidays: holidayCount(convValues),
  });
  const sectionMonths = [m, m - 1, m - 12].filter((i) => i === m || coverage.get(i));
  const picked = { grain: 'month', byDepartment: true, picks: sectionMonths.length } as const;
  const picks: Values = { ...inRange, ...pickValues(sectionMonths) };
  const [sides, patients, conversations, volume, clinicians, tod, departments] = await allLimited(settings.engine.concurrency, [
    () => runQuery(engine, volumeQuery(byMonth, { byCategory: false }), inRange),
    () => runQuery(engine, patientsQuery(byMonth), inRange),
    () => runQuery(engine, conversationsDef, { ...followed, ...convValues, max_rounds: settings.threads.max_rounds }),
    () => runQuery(engine, volumeQuery(picked, { byCategory: true }), picks),
    () => runQuery(engine, cliniciansQuery(picked), picks),
    () => runQuery(engine, timeOfDayQuery(picked, { byRole: false }), { ...picks, ...windowsValues(settings) }),
    () => listDepartments(engine),
  ] as const);
  return {
    sides: groupRows(sides),
    patients: groupRows(patients),
    response: groupRows(conversations.filter((r) => r.str('part') === 'response')),
    threads: groupRows(conversations.filter((r) => r.str('part') === 'threads')),
    volume: groupRows(volume),
    clinicians: groupRows(clinicians),
    tod: groupRows(tod),
    sectionMonths,
    departments,
  };
}

/** Every known department, plus any department id the month's messages name that the table lacks; sorted. */
function departmentIds(rows: MonthRows, m: number): string[] {
  const ids = new Set(rows.departments.map((d) => d.department_id));
  for (const k of [...rows.sides.keys(), ...rows.threads.keys()]) {
    const [period, dept] = k.split('|');
    if (Number(period) === m && dept) ids.add(dept);
  }
  return [...ids].sort();
}

/** The section of one month and department (null = the organisation). */
function sectionOf(rows: MonthRows, business: boolean): (idx: number, dept: string | null) => MonthlySection {
  return (idx, dept) => {
    const k = keyOf(idx, dept);
    const tod = A.timeOfDay(rows.tod.get(k));
    const resp = rows.response.get(k)?.[0];
    // The study's headline figures, all but the p90 (results.md's monthly response); a new headline figure
    // appears here too.
    const { p90_hours: _, ...head } = A.responseHeadline(resp);
    const patientRow = rows.patients.get(k)?.[0];
    return {
      messages: A.messageCounts(rows.volume.get(k)),
      active_patients: patientRow ? patientRow.num('active') : 0,
      active_clinicians: A.activeClinicians(rows.clinicians.get(k)),
      after_hours: { evening: tod.evening, night: tod.night, weekend: tod.weekend },
      response: { ...head, ...(business ? { business_hours: A.businessHours(resp) } : {}) },
      threads: { le4_rounds: A.threads(rows.threads.get(k)).le4_rounds },
      clinician_hours: tod.hours,
    };
  };
}

/** The trailing 12 months ending with the month; leading months before the lake's data are left out. */
function trailingMonths(m: number, coverage: Map<number, number>): number[] {
  const firstData = Math.min(...coverage.keys());
  const months: number[] = [];
  for (let i = Math.max(m - 11, firstData); i <= m; i++) months.push(i);
  return months;
}

/** The trend point of one month and department (null = the organisation). */
function trendPointOf(rows: MonthRows, business: boolean): (idx: number, dept: string | null) => TrendPoint {
  return (idx, dept) => {
    const k = keyOf(idx, dept);
    const counts = A.messageCounts(rows.sides.get(k));
    const resp = rows.response.get(k)?.[0];
    const head = A.responseHeadline(resp);
    return {
      month: monthOfIndex(idx),
      patient_side: counts.patient_side,
      clinician_side: counts.clinician_side,
      within_1d: head.within_1d,
      within_3d: head.within_3d,
      median_hours: head.median_hours,
      reply_rate: head.reply_rate,
      within_1d_of_all: head.within_1d_of_all,
      within_3d_of_all: head.within_3d_of_all,
      unanswered: head.unanswered,
      pending: head.pending,
      ...(business ? { business_hours: A.businessHours(resp) } : {}),
    };
  };
}
