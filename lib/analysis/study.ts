// study.json: the study's analyses over a range of months, by year and over the whole range.
import type { Engine } from '../engines/engine.ts';
import type { Settings } from '../settings/index.ts';
import type { Growth, LakeTotals, LoadTotals, RoleKey, StudyResult, StudyYear } from '../results/types.ts';
import {
  type CliniciansColumns,
  type ConversationColumns,
  type PatientsColumns,
  type TimeOfDayColumns,
  type TypedRow,
  type VolumeColumns,
  conversationsQuery,
  cutoffMonthIndex,
  cutoffValues,
  scanValues,
  render,
  splitRows,
  studyCountsQuery,
} from '../queries/index.ts';
import { yearOfIndex } from '../period/index.ts';
import * as A from './assemble.ts';
import { allLimited } from './concurrent.ts';
import { AnalysisError } from './errors.ts';
import { describeCoverage, type LakeSummary, lakeSummary, lakeTotals, loadTotals } from './meta.ts';
import { parseMonth, resolveCutoff } from './period.ts';
import { quarantineReasons } from './quarantine-reasons.ts';
import { groupRows, keyOf, runQuery } from './rows.ts';
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
  /** The lake's summary (lakeSummary), when the caller has read it already (for the cut-off and the range). */
  lake?: LakeSummary;
  /**
   * Called once the study's queries have been sent to the engine, before their rows are back: work for the
   * main thread while the engine computes (the `study` command loads the page stack then), which would
   * otherwise delay the queries if done before them.
   */
  whileQuerying?: () => void;
}

const ROLE_ORDER: RoleKey[] = ['physician', 'registered_nurse', 'np_pa', 'other', 'unknown'];

type ConversationRow = TypedRow<ConversationColumns>;

/** The checked range: month indexes and the cut-off. */
interface StudyRange {
  fromIdx: number;
  toIdx: number;
  cutoff: string;
  lake: LakeSummary;
}

/** The rows of the study's queries, grouped for assembly. */
interface StudyRows {
  volume: Map<string, TypedRow<VolumeColumns>[]>;
  patients: Map<string, TypedRow<PatientsColumns>[]>;
  clinicians: Map<string, TypedRow<CliniciansColumns>[]>;
  tod: TypedRow<TimeOfDayColumns>[];
  /** Whole-range response rows (the headline and, with reply categories, one per category). */
  response: ConversationRow[];
  threads: ConversationRow[];
  yearResponse: Map<number, ConversationRow>;
  yearThreads: ConversationRow[];
  load: LoadTotals;
  lake: LakeTotals;
}

export async function runStudy(opts: StudyOptions): Promise<StudyResult> {
  const { engine, settings } = opts;
  const range = await checkRange(opts);
  const rows = await studyRows(engine, settings, range, opts.whileQuerying);
  const business = settings.business_hours.study;
  const years = studyYears(range, rows, business);
  const orgResponse = rows.response.find((r) => r.str('reply_category') === null);
  const result: StudyResult = {
    kind: 'study',
    schema_version: 1,
    from: opts.from,
    to: opts.to,
    timezone: settings.timezone,
    data_cutoff: range.cutoff,
    settings: settings as unknown as Record<string, unknown>,
    engine: { name: engine.name ?? engine.dialect, percentiles: engine.percentiles },
    generated_at: new Date().toISOString(),
    portal_pulse_version: PORTAL_PULSE_VERSION,
    years,
    time_of_day: { by_role: timeOfDayByRole(rows.tod), by_category: timeOfDayByCategory(rows.tod) },
    response: {
      ...A.responseHeadline(orgResponse),
      by_category: responseByCategory(rows.response),
      delay_histogram: A.delayHistogram(orgResponse),
      ...(business ? { business_hours: A.businessHours(orgResponse) } : {}),
    },
    threads: A.threads(rows.threads),
    load: rows.load,
    lake: rows.lake,
  };
  const growth = growthOf(years);
  if (growth) result.growth = growth;
  return result;
}

/** The months of --from and --to, in order, with messages between them, and the cut-off. */
async function checkRange(opts: StudyOptions): Promise<StudyRange> {
  const fromIdx = parseMonth(opts.from, '--from');
  const toIdx = parseMonth(opts.to, '--to');
  if (fromIdx > toIdx) throw new AnalysisError(`--from ${opts.from} is after --to ${opts.to}`);
  const lake = opts.lake ?? (await lakeSummary(opts.engine));
  const cutoff = await resolveCutoff(opts.engine, opts.cutoff, lake);
  const { coverage } = lake;
  if (![...coverage.keys()].some((m) => m >= fromIdx && m <= toIdx)) {
    throw new AnalysisError(`no messages between ${opts.from} and ${opts.to}: ${describeCoverage(coverage)}`);
  }
  return { fromIdx, toIdx, cutoff, lake };
}

/**
 * Runs the study's queries together, up to the concurrency setting, and groups their rows. The counts are
 * one query (lib/queries/study.ts) so that the messages are read and joined to the roster once for them.
 * The conversations go first: the longest query, it starts before anything else can hold the engine up.
 */
async function studyRows(
  engine: Engine,
  settings: Settings,
  { fromIdx, toIdx, cutoff, lake: summary }: StudyRange,
  whileQuerying?: () => void,
): Promise<StudyRows> {
  const period = { from_idx: fromIdx, to_idx: toIdx };
  const inPeriod = { ...scanValues(fromIdx, toIdx, cutoff), ...period };
  // Replies and later turns are followed past the period's end, up to the cut-off.
  const followed = { ...scanValues(fromIdx, Math.max(toIdx, cutoffMonthIndex(cutoff)), cutoff), ...period };
  const whole = { grain: 'all', byDepartment: false } as const;
  const business = settings.business_hours.study;
  // The whole range and each year of it from one sort of the threads (rows with year set are the years').
  const convValues = responseValues(settings, cutoffValues(cutoff).cutoff_ms, business, { fromIdx });
  const conversationsDef = conversationsQuery(whole, {
    byReplyCategory: true,
    businessHours: business,
    holidays: holidayCount(convValues),
    byYear: true,
  });
  const counts = studyCountsQuery();
  const querying = allLimited(settings.engine.concurrency, [
    () => runQuery(engine, conversationsDef, { ...followed, ...convValues, max_rounds: settings.threads.max_rounds }),
    async () => splitRows(counts, await engine.query(render(counts.def, engine.dialect, { ...inPeriod, ...windowsValues(settings) }))),
    () => loadTotals(engine),
    () => lakeTotals(engine, summary),
    // The messages' quarantine reasons, from each load's own record.
    () => quarantineReasons(engine),
  ] as const);
  if (whileQuerying) {
    querying.catch(() => undefined); // awaited just below; not unhandled if whileQuerying throws first
    whileQuerying();
  }
  const [conversations, countRows, load, lake, reasons] = await querying;
  // Only when there is a reason to give.
  if (reasons && Object.keys(reasons).length) load.quarantined_by_reason = reasons;
  const { volume, patients, clinicians, time_of_day: tod } = countRows;
  const isPart = (part: string, yearRows: boolean) => (r: ConversationRow) =>
    r.str('part') === part && (r.numOrNull('year') !== null) === yearRows;
  return {
    volume: groupRows(volume),
    patients: groupRows(patients),
    clinicians: groupRows(clinicians),
    tod,
    response: conversations.filter(isPart('response', false)),
    threads: conversations.filter(isPart('threads', false)),
    yearResponse: new Map(conversations.filter(isPart('response', true)).map((r) => [r.num('year'), r])),
    yearThreads: conversations.filter(isPart('threads', true)),
    load,
    lake,
  };
}

/** One entry per calendar year of the range, each counting only its months in the range. */
function studyYears({ fromIdx, toIdx }: StudyRange, rows: StudyRows, business: boolean): StudyYear[] {
  const years: StudyYear[] = [];
  for (let y = yearOfIndex(fromIdx); y <= yearOfIndex(toIdx); y++) {
    const k = keyOf(y, null);
    const clin = rows.clinicians.get(k) ?? [];
    const patients = rows.patients.get(k)?.[0];
    const resp = rows.yearResponse.get(y);
    const byCategory = clin.filter((r) => r.str('category') !== null).map((r) => [r.str('category')!, A.distribution(r)]);
    years.push({
      year: y,
      messages: A.messageCounts(rows.volume.get(k)),
      active_patients: patients ? patients.num('active') : 0,
      active_clinicians: A.activeClinicians(clin),
      per_patient: A.distribution(patients),
      per_clinician: A.sortKeys(Object.fromEntries(byCategory)),
      response: { ...A.responseHeadline(resp), ...(business ? { business_hours: A.businessHours(resp) } : {}) },
      threads: A.threads(rows.yearThreads.filter((r) => r.num('year') === y)),
    });
  }
  return years;
}

function timeOfDayByRole(tod: TypedRow<TimeOfDayColumns>[]): StudyResult['time_of_day']['by_role'] {
  const byRole: StudyResult['time_of_day']['by_role'] = {};
  for (const role of ROLE_ORDER) {
    const rows = tod.filter((r) => r.str('role') === role);
    if (rows.length) byRole[role] = A.timeOfDay(rows);
  }
  return byRole;
}

function timeOfDayByCategory(tod: TypedRow<TimeOfDayColumns>[]): StudyResult['time_of_day']['by_category'] {
  const out: StudyResult['time_of_day']['by_category'] = {};
  const byCategory = groupBy(
    tod.filter((r) => r.str('category') !== null),
    (r) => r.str('category')!,
  );
  for (const [c, rows] of byCategory) out[c] = A.timeOfDay(rows);
  return A.sortKeys(out);
}

/** Reply shares per category of the replying clinician (the organisation's rows with reply_category set). */
function responseByCategory(response: ConversationRow[]): StudyResult['response']['by_category'] {
  const byCategory: StudyResult['response']['by_category'] = {};
  for (const r of response) {
    const c = r.str('reply_category');
    if (!c) continue; // NULL: the headline row; '': patient messages without a reply
    byCategory[c] = { within_1d: A.p(r.num('within_1d'), r.num('answered')), within_3d: A.p(r.num('within_3d'), r.num('answered')) };
  }
  return A.sortKeys(byCategory);
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
