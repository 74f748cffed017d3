// The organisation page's model: the whole organisation for one month, and a table of every department with
// its change on last month, disclosed under the organisation audience's rule together with the emails.
import { discloseMonthly, textCell, type DisclosedSection } from '../disclosure/index.ts';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { compare } from './change.ts';
import { disclosureSummary, effectiveSettings, perClinicianTable, settingsNotes } from './common.ts';
import { phrase } from './department.ts';
import { headlineFigures, type Reference } from './headlines.ts';
import { unusualMonths } from './honest.ts';
import { categoryLabel, dateTimeLabel, monthLabel } from './labels.ts';
import { monthlyCharts } from './monthly-charts.ts';
import type { ChangeModel, DisplayCell, OrganisationReportModel, TableModel } from './model-types.ts';
import { partialVolumes, preliminaryLine } from './preliminary.ts';
import { whatChanged } from './what-changed.ts';

/** A change as a table cell: "+64 (+3.9%), higher", "about the same", or nothing to compare. */
function changeCell(c: ChangeModel | null): DisplayCell {
  if (!c) return textCell('');
  return textCell(c.direction === 'same' ? 'about the same' : `${c.text}, ${c.word}`);
}

export function buildOrganisationReport(monthly: MonthlyResult, settings: Settings): OrganisationReportModel {
  const s = effectiveSettings(monthly.settings, settings);
  const d = discloseMonthly(monthly, s);
  const org = d.current.organisation;
  const ml = monthLabel(monthly.month);
  const previousLabel = monthLabel(d.previous?.month ?? '');
  const refs: Reference[] = [
    { against: 'previous_month', label: previousLabel, section: d.previous?.organisation ?? null },
    { against: 'same_month_last_year', label: monthLabel(d.lastYear?.month ?? ''), section: d.lastYear?.organisation ?? null },
  ];
  const bh = org.businessHours !== null;
  const preliminary = preliminaryLine(monthly, s);
  const partial = partialVolumes(monthly, s);
  const name = (id: string): string => monthly.departments[id]?.name ?? id;
  const before = (id: string): DisclosedSection | null => d.previous?.pageRows[id] ?? null;
  const row = (key: string, header: string, x: DisclosedSection, prev: DisclosedSection | null, isTotal: boolean) => ({
    key,
    header,
    isTotal,
    cells: [
      x.received,
      // A preliminary month's volume may be partial: not set beside a whole month.
      changeCell(prev && !partial ? compare(x.received, prev.received, 'neutral', previousLabel) : null),
      ...(bh ? [x.businessHours?.within1dOfAll ?? textCell('')] : []),
      x.within1dOfAll,
      changeCell(prev ? compare(x.within1dOfAll, prev.within1dOfAll, 'up', previousLabel) : null),
      x.replyRate,
      x.unansweredShare,
      x.medianHours,
    ],
  });
  const departments: TableModel = {
    id: 'departments',
    caption: `Departments, ${ml}`,
    rowHeaderLabel: 'Department',
    columns: [
      { key: 'received', label: 'Patient messages', align: 'right' },
      { key: 'received_change', label: `Change on ${previousLabel}`, align: 'right' },
      ...(bh ? [{ key: 'within_1bd_of_all', label: 'Replied within 1 business day', align: 'right' as const }] : []),
      { key: 'within_1d_of_all', label: 'Replied within 1 day', align: 'right' },
      { key: 'within_1d_change', label: `Change on ${previousLabel}`, align: 'right' },
      { key: 'reply_rate', label: 'Replied at all', align: 'right' },
      { key: 'unanswered', label: 'Unanswered', align: 'right' },
      { key: 'median', label: 'Median time to reply', align: 'right' },
    ],
    rows: [
      ...Object.entries(d.current.pageRows)
        .map(([id, r]) => ({ id, r }))
        .sort((a, b) => name(a.id).localeCompare(name(b.id)) || a.id.localeCompare(b.id))
        .map(({ id, r }) => row(id, name(id), r, before(id), false)),
      row('organisation', 'Organisation', org, d.previous?.organisation ?? null, true),
    ],
    notes: [
      'Shares are of all patient messages whose follow-up is complete (answered or unanswered); under each, its 95% interval. A change ' +
        'is called higher or lower only when a test at 95% says it is beyond chance.',
      'Each department\u2019s email compares it with its peers (the departments of the same care setting), never with the ' +
        'organisation\u2019s total.',
    ],
  };
  const trend = d.trend?.organisation ?? null;
  const unusual = trend ? unusualMonths(trend.map((p) => ({ month: p.month, rate: p.within1dOfAll }))) : null;
  const bhTrend = trend?.every((p) => p.businessWithin1dOfAll)
    ? unusualMonths(trend.map((p) => ({ month: p.month, rate: p.businessWithin1dOfAll! })))
    : null;
  const unusualLines = {
    ...(unusual?.last ? { replied_within_1d_of_all: unusual.last } : {}),
    ...(bhTrend?.last ? { replied_within_1bd_of_all: bhTrend.last } : {}),
  };
  const base: Omit<OrganisationReportModel, 'disclosure'> = {
    kind: 'organisation',
    month: monthly.month,
    monthLabel: ml,
    // The header's banner gives the cut-off; the title (also the index entry) says "preliminary".
    title: `Patient messaging, organisation report, ${ml}${preliminary ? ' (preliminary)' : ''}`,
    summary:
      `In ${ml} the organisation received ${phrase(org.received, 'patient messages')} and sent ` +
      `${phrase(org.sent, 'clinician messages')}; replied within 1 day, of all patient messages whose follow-up is complete: ` +
      `${org.within1dOfAll.text}.`,
    preliminary,
    whatChanged: whatChanged({
      current: org,
      previous: refs[0]!.section,
      previousLabel,
      receivedParts: d.previous
        ? {
            now: Object.fromEntries(Object.entries(d.current.pageRows).map(([id, r]) => [id, r.received])),
            before: Object.fromEntries(Object.entries(d.previous.pageRows).map(([id, r]) => [id, r.received])),
          }
        : undefined,
      partLabel: name,
      categoryLabel: (k) => categoryLabel(k, true),
      compareVolumes: !partial,
    }),
    timezone: monthly.timezone,
    dataCutoff: monthly.data_cutoff,
    dataCutoffLabel: dateTimeLabel(monthly.data_cutoff, monthly.timezone),
    headlines: headlineFigures(org, {
      settings: s,
      refs,
      peers: null,
      organisation: null,
      unusual: unusualLines,
      compareVolumes: !partial,
    }),
    perClinician: perClinicianTable('per-clinician', `Messages per clinician by category, ${ml}`, org, d.policies.organisation, null),
    departments,
    charts: monthlyCharts('Organisation', org, trend, s, unusual?.months ?? []),
    settingsNotes: settingsNotes(s),
  };
  return { ...base, disclosure: disclosureSummary(d.policies.organisation, base) };
}
