// Shared inputs for the rendering tests: the results fixtures (test/fixtures/results), settings with and
// without the hosted-pages link, and a way to make a month look 1000 times busier.
import { readFileSync } from 'node:fs';
import { buildDepartmentReport } from '../../lib/report/index.ts';
import type { MonthlyResult, StudyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/index.ts';

const dir = new URL('../fixtures/results/', import.meta.url);

export function loadMonthly(): MonthlyResult {
  return JSON.parse(readFileSync(new URL('monthly.json', dir), 'utf8')) as MonthlyResult;
}

export function loadStudy(): StudyResult {
  return JSON.parse(readFileSync(new URL('study.json', dir), 'utf8')) as StudyResult;
}

export const SETTINGS: Settings = DEFAULT_SETTINGS;
export const LINK_BASE = 'https://reports.example.org/pulse';
export const SETTINGS_WITH_LINK: Settings = {
  ...DEFAULT_SETTINGS,
  reports: { ...DEFAULT_SETTINGS.reports, link_base: LINK_BASE },
};

/** The fixture department whose name holds '<', '&' and both quotes. */
export const NASTY_ID = 'd-derm';

/** Names of results fields that are not counts (left alone when scaling). */
const NOT_COUNTS = new Set(['schema_version', 'year', 'median_hours', 'p90_hours', 'mean', 'median', 'p90', 'from_hours', 'to_hours']);

/** The same month with every count multiplied by `factor` (proportions keep n <= N). */
export function scaleCounts<T>(value: T, factor: number, key = ''): T {
  if (key === 'settings' || NOT_COUNTS.has(key)) return value;
  if (typeof value === 'number') return (Number.isInteger(value) ? value * factor : value) as T;
  if (Array.isArray(value)) return value.map((v) => scaleCounts(v, factor, key)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scaleCounts(v, factor, k)])) as T;
  }
  return value;
}

/** The department with the most messages (patient + clinician side). */
export function busiestDepartment(monthly: MonthlyResult): string {
  const ids = Object.keys(monthly.departments);
  const volume = (id: string): number => {
    const m = monthly.departments[id]!.messages;
    return m.patient_side + m.clinician_side;
  };
  return ids.reduce((a, b) => (volume(b) > volume(a) ? b : a));
}

/** The month restricted to some departments (the organisation section is kept): fewer emails to render. */
export function onlyDepartments(monthly: MonthlyResult, ids: string[]): MonthlyResult {
  const pick = <T>(rec: Record<string, T> | undefined): Record<string, T> =>
    Object.fromEntries(Object.entries(rec ?? {}).filter(([id]) => ids.includes(id)));
  return {
    ...monthly,
    departments: pick(monthly.departments),
    ...(monthly.previous_month
      ? { previous_month: { ...monthly.previous_month, departments: pick(monthly.previous_month.departments) } }
      : {}),
    ...(monthly.same_month_last_year
      ? { same_month_last_year: { ...monthly.same_month_last_year, departments: pick(monthly.same_month_last_year.departments) } }
      : {}),
    ...(monthly.trend ? { trend: { ...monthly.trend, departments: pick(monthly.trend.departments) } } : {}),
  };
}

/** The fixture month as a preliminary one: data cut at 3 July 2017, 09:05 Chicago, less than 72 h after June. */
export function loadPreliminaryMonthly(): MonthlyResult {
  return { ...loadMonthly(), preliminary: true, data_cutoff: '2017-07-03T14:05:00.000Z' };
}

/** Every chart of the fixture month's department emails (trend rates, trend volume, hours), in department order. */
export function fixtureDepartmentCharts() {
  const monthly = loadMonthly();
  return Object.keys(monthly.departments).flatMap((id) => {
    const c = buildDepartmentReport(monthly, id, SETTINGS_WITH_LINK).charts;
    return [c.trendRates, c.trendVolume, c.hours].filter((x) => x !== null);
  });
}
