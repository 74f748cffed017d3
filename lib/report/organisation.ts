// The organisation page's model: the whole organisation for one month, and a table of every department,
// disclosed together with the department emails (one plan per month).
import { discloseMonthly } from '../disclosure/index.ts';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { disclosureSummary, effectiveSettings, perClinicianTable, settingsNotes } from './common.ts';
import { phrase } from './department.ts';
import { businessHoursFigures, headlineFigures, type Reference } from './headlines.ts';
import { dateTimeLabel, monthLabel } from './labels.ts';
import { monthlyCharts } from './monthly-charts.ts';
import type { OrganisationReportModel, TableModel } from './model-types.ts';

export function buildOrganisationReport(monthly: MonthlyResult, settings: Settings): OrganisationReportModel {
  const s = effectiveSettings(monthly.settings, settings);
  const d = discloseMonthly(monthly, s);
  const org = d.current.organisation;
  const ml = monthLabel(monthly.month);
  const refs: Reference[] = [
    { against: 'previous_month', label: monthLabel(d.previous?.month ?? ''), section: d.previous?.organisation ?? null },
    { against: 'same_month_last_year', label: monthLabel(d.lastYear?.month ?? ''), section: d.lastYear?.organisation ?? null },
  ];
  const rounds = s.threads.max_rounds;
  const departments: TableModel = {
    id: 'departments',
    caption: `Departments, ${ml}`,
    rowHeaderLabel: 'Department',
    columns: [
      { key: 'received', label: 'Patient messages', align: 'right' },
      { key: 'sent', label: 'Clinician messages', align: 'right' },
      { key: 'within_1d', label: 'Replied within 1 day', align: 'right' },
      { key: 'within_3d', label: 'Replied within 3 days', align: 'right' },
      { key: 'median', label: 'Median time to reply', align: 'right' },
      { key: 'unanswered', label: 'Unanswered', align: 'right' },
      { key: 'pending', label: 'Pending', align: 'right' },
      { key: 'evening', label: 'Clinician messages in the evening', align: 'right' },
      { key: 'threads', label: `Threads within ${rounds} rounds`, align: 'right' },
    ],
    rows: [
      ...Object.entries(d.current.pageRows)
        .map(([id, r]) => ({ id, name: monthly.departments[id]?.name ?? id, r }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map(({ id, name, r }) => ({ key: id, header: name, cells: [r.received, r.sent, r.within1d, r.within3d, r.medianHours, r.unanswered, r.pending, r.evening, r.threadsWithin], isTotal: false })),
      { key: 'organisation', header: 'Organisation', cells: [org.received, org.sent, org.within1d, org.within3d, org.medianHours, org.unanswered, org.pending, org.evening, org.threadsWithin], isTotal: true },
    ],
    notes: ['Departments are disclosed together with the organisation total: where a department has a small count, enough other cells are hidden that it cannot be worked out by subtraction, even by a department lead who knows their own figures.'],
  };
  const base: Omit<OrganisationReportModel, 'disclosure'> = {
    kind: 'organisation',
    month: monthly.month,
    monthLabel: ml,
    title: `Patient messaging, organisation report, ${ml}`,
    summary: `In ${ml} the organisation received ${phrase(org.received, 'patient messages')} and sent ${phrase(org.sent, 'clinician messages')}; replied within 1 day: ${org.within1d.text}.`,
    timezone: monthly.timezone,
    dataCutoff: monthly.data_cutoff,
    dataCutoffLabel: dateTimeLabel(monthly.data_cutoff, monthly.timezone),
    headlines: headlineFigures(org, refs, s),
    businessHours: businessHoursFigures(org, refs, s),
    perClinician: perClinicianTable('per-clinician', `Messages per clinician by category, ${ml}`, org, d.policies.organisation, null),
    departments,
    charts: monthlyCharts('Organisation', org, d.trend?.organisation ?? null, s),
    settingsNotes: settingsNotes(s),
  };
  return { ...base, disclosure: disclosureSummary(d.policies.organisation, base) };
}
