// Every query variant the analyses run (lib/analysis/study.ts and monthly.ts), with realistic values: the
// queries tests render each for both dialects, check the Athena text and run the DuckDB text. A test
// (test/queries/catalogue.test.ts) records what runStudy/runMonthly really run and checks it is all here.
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/index.ts';
import { monthIndex } from '../../lib/period/index.ts';
import {
  cliniciansQuery,
  followHorizonQuery,
  followHorizonValues,
  departmentsQuery,
  lakeSummaryQuery,
  loadsQuery,
  loadReasonsQuery,
  loadTotalsQuery,
  conversationsQuery,
  patientsQuery,
  pickValues,
  scanValues,
  studyCountsQuery,
  timeOfDayQuery,
  volumeQuery,
  type QueryDef,
  type Values,
} from '../../lib/queries/index.ts';
import { holidayCount, responseValues, windowsValues } from '../../lib/analysis/values.ts';

export interface CatalogueEntry {
  def: QueryDef;
  values: Values;
}

/**
 * Values for a period [from, to] with replies followed to the cut-off; `picks` are the months a monthly
 * report picks (default: to, the month before, and from).
 */
export function catalogue(
  opts: { from?: string; to?: string; cutoff?: string; settings?: Settings; picks?: string[] } = {},
): CatalogueEntry[] {
  const s = opts.settings ?? DEFAULT_SETTINGS;
  const from = monthIndex(opts.from ?? '2016-01');
  const to = monthIndex(opts.to ?? '2017-12');
  const cutoff = opts.cutoff ?? '2018-01-31T23:59:59.000Z';
  const given = (opts.picks ?? []).map(monthIndex);
  const pickList = given.length ? given : [to, to - 1, from];
  const picks: Values = pickValues(pickList);
  const period = { from_idx: from, to_idx: to };
  const inPeriod = { ...scanValues(from, to, cutoff), ...period };
  const followed = { ...scanValues(from, to + 2, cutoff), ...period };
  const conv = (business: boolean) => ({
    ...followed,
    ...responseValues(s, Date.parse(cutoff), business, { fromIdx: from }),
    max_rounds: s.threads.max_rounds,
  });
  // With holidays (the settings' list, else the weekdays of the period's first week): the business clock's
  // holiday terms. The same count for every period, so the text stays the same and only values change.
  const firstWeek = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(Math.floor(from / 12), from % 12, i + 1)))
    .filter((d) => d.getUTCDay() % 6 !== 0)
    .map((d) => d.toISOString().slice(0, 10));
  const withHolidays = {
    ...s,
    business_hours: { ...s.business_hours, holidays: s.business_hours.holidays.length ? s.business_hours.holidays : firstWeek },
  };
  const convHolidays = {
    ...followed,
    ...responseValues(withHolidays, Date.parse(cutoff), true, { fromIdx: from }),
    max_rounds: s.threads.max_rounds,
  };
  const holidays = holidayCount(convHolidays);
  const all = { grain: 'all', byDepartment: false } as const;
  const month = { grain: 'month', byDepartment: true } as const;
  const picked = { grain: 'month', byDepartment: true, picks: pickList.length } as const;
  const single = { grain: 'month', byDepartment: true, picks: 1 } as const;
  return [
    { def: lakeSummaryQuery, values: {} },
    { def: departmentsQuery, values: {} },
    { def: loadTotalsQuery, values: {} },
    { def: followHorizonQuery, values: followHorizonValues(from, to, to + 24) },
    { def: loadsQuery, values: {} },
    { def: loadReasonsQuery, values: {} },
    // study: its counts in one query (lib/queries/study.ts), its conversations in another
    { def: studyCountsQuery().def, values: { ...inPeriod, ...windowsValues(s) } },
    { def: conversationsQuery(all, { byReplyCategory: true, businessHours: false, byYear: true }), values: conv(false) },
    { def: conversationsQuery(all, { byReplyCategory: true, businessHours: true, byYear: true }), values: conv(true) },
    { def: conversationsQuery(all, { byReplyCategory: true, businessHours: true, byYear: true, holidays }), values: convHolidays },
    // monthly
    { def: volumeQuery(month, { byCategory: false }), values: inPeriod },
    { def: patientsQuery(month), values: inPeriod },
    { def: conversationsQuery(month, { byReplyCategory: false, businessHours: true }), values: conv(true) },
    { def: conversationsQuery(month, { byReplyCategory: false, businessHours: true, holidays }), values: convHolidays },
    { def: conversationsQuery(month, { byReplyCategory: false, businessHours: false }), values: conv(false) },
    { def: volumeQuery(picked, { byCategory: true }), values: { ...inPeriod, ...picks } },
    { def: cliniciansQuery(picked), values: { ...inPeriod, ...picks } },
    { def: timeOfDayQuery(picked, { byRole: false }), values: { ...inPeriod, ...picks, ...windowsValues(s) } },
    // a month with nothing to compare with (the lake's first months): the month alone is picked
    { def: volumeQuery(single, { byCategory: true }), values: { ...inPeriod, ...pickValues([pickList[0]!]) } },
    { def: cliniciansQuery(single), values: { ...inPeriod, ...pickValues([pickList[0]!]) } },
    { def: timeOfDayQuery(single, { byRole: false }), values: { ...inPeriod, ...pickValues([pickList[0]!]), ...windowsValues(s) } },
  ];
}
