// The department email's model: one department, one month, every value disclosed.
import { discloseMonthly, HIDDEN_TEXT } from '../disclosure/index.ts';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { disclosureSummary, effectiveSettings, perClinicianTable, settingsNotes } from './common.ts';
import { businessHoursFigures, headlineFigures, type Reference } from './headlines.ts';
import { careSettingLabel, dateTimeLabel, monthLabel } from './labels.ts';
import { monthlyCharts } from './monthly-charts.ts';
import type { DepartmentReportModel, DisplayCell, LinkModel } from './model-types.ts';

export class ReportError extends Error {
  override name = 'ReportError';
  readonly userFacing = true;
}

/** Link to the hosted organisation page of `month`, or null when settings.reports.link_base is null. */
export function organisationPageLink(settings: Settings, month: string): LinkModel | null {
  const base = settings.reports.link_base;
  if (!base) return null;
  return { href: `${base.replace(/\/+$/, '')}/pages/organisation-${month}.html`, text: `Organisation report for ${monthLabel(month)}` };
}

/** "received 1,714" / "received fewer than 11" / "received a number not shown". */
export function phrase(cell: DisplayCell, plural: string): string {
  if (!cell.suppressed) return `${cell.text} ${plural}`;
  if (cell.text !== HIDDEN_TEXT && cell.text.startsWith('<')) return `fewer than ${cell.text.slice(1)} ${plural}`;
  return `a number of ${plural} not shown here`;
}

export function buildDepartmentReport(monthly: MonthlyResult, departmentId: string, settings: Settings): DepartmentReportModel {
  const dept = monthly.departments[departmentId];
  if (!dept) {
    const known = Object.keys(monthly.departments);
    throw new ReportError(`department '${departmentId}' is not in the ${monthly.month} results (known: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''})`);
  }
  const s = effectiveSettings(monthly.settings, settings);
  const d = discloseMonthly(monthly, s);
  const own = d.current.departments[departmentId]!;
  const name = dept.name ?? departmentId;
  const refs: Reference[] = [
    { against: 'previous_month', label: monthLabel(d.previous?.month ?? ''), section: d.previous?.departments[departmentId] ?? null },
    { against: 'same_month_last_year', label: monthLabel(d.lastYear?.month ?? ''), section: d.lastYear?.departments[departmentId] ?? null },
    { against: 'organisation', label: 'Organisation', section: d.current.organisation },
  ];
  const ml = monthLabel(monthly.month);
  const base: Omit<DepartmentReportModel, 'disclosure'> = {
    kind: 'department',
    month: monthly.month,
    monthLabel: ml,
    department: { id: departmentId, name, careSetting: dept.care_setting ?? null, careSettingLabel: dept.care_setting ? careSettingLabel(dept.care_setting) : null },
    subject: `Patient messaging report, ${ml}: ${name}`,
    summary: `In ${ml}, ${name} received ${phrase(own.received, 'patient messages')} and sent ${phrase(own.sent, 'clinician messages')}; replied within 1 day: ${own.within1d.text}.`,
    timezone: monthly.timezone,
    dataCutoff: monthly.data_cutoff,
    dataCutoffLabel: dateTimeLabel(monthly.data_cutoff, monthly.timezone),
    headlines: headlineFigures(own, refs, s),
    businessHours: businessHoursFigures(own, refs, s),
    perClinician: perClinicianTable('per-clinician', `Messages per clinician by category, ${ml}`, own, d.policies.department, d.current.organisation),
    charts: monthlyCharts(name, own, d.trend?.departments[departmentId] ?? null, s),
    organisationLink: organisationPageLink(settings, monthly.month),
    settingsNotes: settingsNotes(s),
  };
  return { ...base, disclosure: disclosureSummary(d.policies.department, base) };
}
