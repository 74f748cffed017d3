// The department email's model: one department, one month, every value disclosed for its audience (the
// department's own figures under the department rule; peers' figures as the organisation page shows them).
import { adoptDisclosedMonthly, discloseMonthly, HIDDEN_TEXT, type DisclosedMonthly } from '../disclosure/index.ts';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { disclosureSummary, effectiveSettings, perClinicianTable, settingsNotes } from './common.ts';
import { headlineFigures, type Reference } from './headlines.ts';
import { unusualMonths } from './honest.ts';
import { careSettingLabel, categoryLabel, dateTimeLabel, monthLabel } from './labels.ts';
import { monthlyCharts } from './monthly-charts.ts';
import type { DepartmentReportModel, DisplayCell, LinkModel } from './model-types.ts';
import { peersOf } from './peers.ts';
import { partialVolumes, preliminaryLine, subjectLine } from './preliminary.ts';
import { whatChanged } from './what-changed.ts';
import { UserError } from '../errors/index.ts';

export class ReportError extends UserError {
  override name = 'ReportError';
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

/**
 * The month's disclosure every department email of `monthly` reads (computed once per result and settings):
 * the render pool computes it on the main thread and hands it to its workers (adoptDepartmentsDisclosure).
 */
export function departmentsDisclosure(monthly: MonthlyResult, settings: Settings): DisclosedMonthly {
  return discloseMonthly(monthly, effectiveSettings(monthly.settings, settings));
}

/** Takes `disclosed` (departmentsDisclosure's result, computed elsewhere) as the disclosure of `monthly`. */
export function adoptDepartmentsDisclosure(monthly: MonthlyResult, settings: Settings, disclosed: DisclosedMonthly): void {
  adoptDisclosedMonthly(monthly, effectiveSettings(monthly.settings, settings), disclosed);
}

export function buildDepartmentReport(monthly: MonthlyResult, departmentId: string, settings: Settings): DepartmentReportModel {
  const dept = monthly.departments[departmentId];
  if (!dept) {
    const known = Object.keys(monthly.departments);
    throw new ReportError(
      `department '${departmentId}' is not in the ${monthly.month} results (known: ` +
        `${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''})`,
    );
  }
  const s = effectiveSettings(monthly.settings, settings);
  const d = discloseMonthly(monthly, s);
  const own = d.current.departments[departmentId]!;
  const name = dept.name ?? departmentId;
  const previousLabel = monthLabel(d.previous?.month ?? '');
  const refs: Reference[] = [
    { against: 'previous_month', label: previousLabel, section: d.previous?.departments[departmentId] ?? null },
    { against: 'same_month_last_year', label: monthLabel(d.lastYear?.month ?? ''), section: d.lastYear?.departments[departmentId] ?? null },
  ];
  const peers = peersOf(monthly, d.current, departmentId, s);
  const trend = d.trend?.departments[departmentId] ?? null;
  const unusual = trend ? unusualMonths(trend.map((p) => ({ month: p.month, rate: p.within1dOfAll }))) : null;
  const bhTrend = trend?.every((p) => p.businessWithin1dOfAll)
    ? unusualMonths(trend.map((p) => ({ month: p.month, rate: p.businessWithin1dOfAll! })))
    : null;
  const unusualLines = {
    ...(unusual?.last ? { replied_within_1d_of_all: unusual.last } : {}),
    ...(bhTrend?.last ? { replied_within_1bd_of_all: bhTrend.last } : {}),
  };
  const ml = monthLabel(monthly.month);
  const preliminary = preliminaryLine(monthly, s);
  const partial = partialVolumes(monthly, s);
  const oneDay = own.within1dOfAll;
  const replied =
    oneDay.rate !== null
      ? `${oneDay.text} of those whose follow-up is complete were replied within 1 day`
      : `replied within 1 day: ${oneDay.text}`;
  const base: Omit<DepartmentReportModel, 'disclosure'> = {
    kind: 'department',
    month: monthly.month,
    monthLabel: ml,
    department: {
      id: departmentId,
      name,
      careSetting: dept.care_setting ?? null,
      careSettingLabel: dept.care_setting ? careSettingLabel(dept.care_setting) : null,
    },
    subject: subjectLine(`Patient messaging report, ${ml}: ${name}`, monthly),
    summary:
      `${preliminary ? `${preliminary} ` : ''}In ${ml}, ${name} received ${phrase(own.received, 'patient messages')}; ` + `${replied}.`,
    preliminary,
    whatChanged: whatChanged({
      current: own,
      previous: refs[0]!.section,
      previousLabel,
      partLabel: (k) => k,
      categoryLabel: (k) => categoryLabel(k, true),
      compareVolumes: !partial,
    }),
    timezone: monthly.timezone,
    dataCutoff: monthly.data_cutoff,
    dataCutoffLabel: dateTimeLabel(monthly.data_cutoff, monthly.timezone),
    headlines: headlineFigures(own, {
      settings: s,
      refs,
      peers,
      organisation: d.current.organisation,
      unusual: unusualLines,
      compareVolumes: !partial,
    }),
    perClinician: perClinicianTable('per-clinician', `Messages per clinician by category, ${ml}`, own, d.policies.department, peers),
    charts: monthlyCharts(name, own, trend, s, unusual?.months ?? []),
    organisationLink: organisationPageLink(settings, monthly.month),
    settingsNotes: settingsNotes(s),
  };
  return { ...base, disclosure: disclosureSummary(d.policies.department, base) };
}
