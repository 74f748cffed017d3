// Disclosure of a study result for one audience: `public` (a release outside the organisation, the
// default) or `organisation` (the hosted study page). The counts and the totals they add up to are the
// registry in study-measures.ts; this file shapes the disclosed cells for the study page.
import type { CountCell, NumberCell, RateCell } from './cell-types.ts';
import type { Distribution, Growth, RoleKey, StudyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { countCell, numberCell, rateCell } from './cells.ts';
import { planSuppression } from './plan.ts';
import { formatInt, formatOneDecimal, policyFor, type Audience, type DisclosurePolicy } from './policy.ts';
import { collect, memberId, SectionCells } from './registry.ts';
import { ROUNDS, STUDY_MEASURES, yearKey } from './study-measures.ts';

export interface DisclosedDistribution {
  mean: NumberCell;
  median: NumberCell;
  p90: NumberCell;
}

export interface DisclosedStudyYear {
  year: number;
  patientSide: CountCell;
  clinicianSide: CountCell;
  byCategory: Record<string, CountCell>;
  activePatients: CountCell;
  activeClinicians: CountCell;
  activeCliniciansByCategory: Record<string, CountCell>;
  perPatient: DisclosedDistribution;
  perClinician: Record<string, DisclosedDistribution>;
}

export interface DisclosedRoleTimeOfDay {
  total: CountCell;
  hours: CountCell[];
  working: RateCell;
  evening: RateCell;
  night: RateCell;
  weekend: RateCell;
}

export interface DisclosedGrowth {
  fromYear: number;
  toYear: number;
  /** Change in clinician messages over all categories ("—" when it would reveal a hidden category's change). */
  total: NumberCell;
  byCategory: Record<string, { from: CountCell; to: CountCell; change: NumberCell; share: NumberCell }>;
}

export interface DisclosedStudy {
  policy: DisclosurePolicy;
  years: DisclosedStudyYear[];
  timeOfDay: Partial<Record<RoleKey, DisclosedRoleTimeOfDay>>;
  response: {
    within1d: RateCell;
    within3d: RateCell;
    /** Of all patient messages whose follow-up is complete (answered + unanswered). */
    within1dOfAll: RateCell;
    within3dOfAll: RateCell;
    replyRate: RateCell;
    unanswered: CountCell;
    pending: CountCell;
    medianHours: NumberCell;
    p90Hours: NumberCell;
    byCategory: Record<string, { within1d: RateCell; within3d: RateCell }>;
    delays: Array<{ label: string; count: CountCell }> | null;
    businessHours: { within1d: RateCell; within3d: RateCell; medianHours: NumberCell } | null;
  };
  threads: {
    within: RateCell;
    rounds: Array<{ label: string; count: CountCell }>;
    byStarter: { patient: RateCell; clinician: RateCell };
  };
  growth: DisclosedGrowth | null;
  load: { rowsRead: CountCell; accepted: CountCell; duplicates: CountCell; quarantined: CountCell };
}

/** A shown change with its sign: "+1,234", "\u22125". */
function signedCell(cell: NumberCell): NumberCell {
  if (cell.value === null) return cell;
  const t = formatInt(Math.abs(cell.value));
  return { ...cell, text: cell.value > 0 ? `+${t}` : cell.value < 0 ? `\u2212${t}` : '0' };
}

/**
 * A study result disclosed for one audience. In steps: plan the suppression over every count of the registry
 * (study-measures.ts), then shape each section's cells from that one plan.
 */
export function discloseStudy(study: StudyResult, settings: Settings, audience: Audience = 'public'): DisclosedStudy {
  const policy = policyFor(settings, audience);
  const cells = planStudyCells(study, settings, policy);
  const years = discloseYears(study, cells);
  return {
    policy,
    years,
    timeOfDay: discloseTimeOfDay(study, cells),
    response: discloseResponse(study, cells),
    threads: discloseThreads(cells),
    growth: study.growth ? discloseGrowth(study.growth, years, policy) : null,
    load: {
      rowsRead: cells.count('load:read'),
      accepted: cells.count('load:accepted'),
      duplicates: cells.count('load:duplicates'),
      quarantined: cells.count('load:quarantined'),
    },
  };
}

/** Every count of the study's registry, with the one suppression plan over all of them (so totals cannot undo it). */
function planStudyCells(study: StudyResult, settings: Settings, policy: DisclosurePolicy): SectionCells {
  const collected = collect(STUDY_MEASURES, study, settings);
  const values = new Map([...collected.cells].map(([id, x]) => [id, x.value] as [string, number]));
  const kinds = new Map([...collected.cells].map(([id, x]) => [id, x.counts] as const));
  const plan = planSuppression({ values, kinds, groups: collected.groups, policy });
  return new SectionCells(collected, plan, policy);
}

/** Mean, median and 90th percentile of messages per sender, hidden with any count they rest on. */
function distribution(d: Distribution | undefined, restsOn: CountCell[]): DisclosedDistribution {
  return {
    mean: numberCell(d?.mean ?? null, 'messages', restsOn),
    median: numberCell(d?.median ?? null, 'messages', restsOn),
    p90: numberCell(d?.p90 ?? null, 'messages', restsOn),
  };
}

function discloseYears(study: StudyResult, cells: SectionCells): DisclosedStudyYear[] {
  const c = (id: string): CountCell => cells.count(id);
  return study.years.map((y) => {
    const byCategory: Record<string, CountCell> = {};
    for (const k of Object.keys(y.messages.by_category)) byCategory[k] = c(memberId('y.cat', yearKey(y.year, k)));
    const clinBy: Record<string, CountCell> = {};
    for (const k of Object.keys(y.active_clinicians.by_category)) clinBy[k] = c(memberId('y.clincat', yearKey(y.year, k)));
    const perClinician: Record<string, DisclosedDistribution> = {};
    for (const [k, d] of Object.entries(y.per_clinician))
      perClinician[k] = distribution(d, [byCategory[k] ?? c('missing'), clinBy[k] ?? c('missing')]);
    const patients = c(memberId('y.patients', y.year));
    return {
      year: y.year,
      patientSide: c(memberId('y.patient', y.year)),
      clinicianSide: c(memberId('y.clinician', y.year)),
      byCategory,
      activePatients: patients,
      activeClinicians: c(memberId('y.clin', y.year)),
      activeCliniciansByCategory: clinBy,
      perPatient: distribution(y.per_patient, [patients, c(memberId('y.patient', y.year))]),
      perClinician,
    };
  });
}

function discloseTimeOfDay(study: StudyResult, cells: SectionCells): DisclosedStudy['timeOfDay'] {
  const timeOfDay: Partial<Record<RoleKey, DisclosedRoleTimeOfDay>> = {};
  for (const role of Object.keys(study.time_of_day.by_role) as RoleKey[]) {
    const d = study.time_of_day.by_role[role]!;
    const w = (name: string): RateCell => cells.rate(memberId(`tod.${name}`, role), memberId(`tod.${name}.N`, role));
    timeOfDay[role] = {
      total: cells.count(memberId('tod.N', role)),
      hours: d.hours.map((_, h) => cells.count(memberId('tod.hour', `${role}@${h}`))),
      working: w('working'),
      evening: w('evening'),
      night: w('night'),
      weekend: w('weekend'),
    };
  }
  return timeOfDay;
}

function discloseResponse(study: StudyResult, cells: SectionCells): DisclosedStudy['response'] {
  const c = (id: string): CountCell => cells.count(id);
  const r = study.response;
  const hist = r.delay_histogram ?? null;
  const answered = c('resp:N');
  const byCategory: DisclosedStudy['response']['byCategory'] = {};
  for (const k of Object.keys(r.by_category))
    byCategory[k] = {
      within1d: cells.rate(memberId('rc.w1', k), memberId('rc.N', k)),
      within3d: cells.rate(memberId('rc.w3', k), memberId('rc.N3', k)),
    };
  return {
    within1d: rateCell(c('resp:w1'), answered),
    within3d: rateCell(c('resp:w3'), c('resp:N3')),
    within1dOfAll: cells.rate('resp:w1', 'resp:complete'),
    within3dOfAll: cells.rate('resp:w3', 'resp:complete'),
    replyRate: cells.rate('resp:N', 'resp:complete'),
    unanswered: c('resp:unanswered'),
    pending: c('resp:pending'),
    medianHours: numberCell(r.median_hours, 'hours', [answered]),
    p90Hours: numberCell(r.p90_hours, 'hours', [answered]),
    byCategory,
    delays: hist ? hist.map((b, i) => ({ label: b.label, count: c(memberId('delay', i)) })) : null,
    businessHours: r.business_hours
      ? {
          within1d: rateCell(c('bh:w1'), c('bh:N')),
          within3d: rateCell(c('bh:w3'), c('bh:N3')),
          medianHours: numberCell(r.business_hours.median_hours, 'hours', [c('bh:N')]),
        }
      : null,
  };
}

function discloseThreads(cells: SectionCells): DisclosedStudy['threads'] {
  const c = (id: string): CountCell => cells.count(id);
  return {
    within: rateCell(c('th:le4'), c('th:N')),
    rounds: ROUNDS.map((k) => ({ label: k, count: c(memberId('th.round', k)) })),
    byStarter: { patient: rateCell(c('th:p:n'), c('th:p:N')), clinician: rateCell(c('th:c:n'), c('th:c:N')) },
  };
}

/** Which categories carried the change in volume, from the yearly cells of the same plan. */
function discloseGrowth(g: Growth, years: readonly DisclosedStudyYear[], policy: DisclosurePolicy): DisclosedGrowth {
  const fromY = years.find((y) => y.year === g.from_year);
  const toY = years.find((y) => y.year === g.to_year);
  const entries = Object.entries(g.by_category).map(([k, e]) => {
    // The endpoints are the yearly cells (same plan); a change is shown only when both are.
    const from = fromY?.byCategory[k] ?? countCell(e.from, policy);
    const to = toY?.byCategory[k] ?? countCell(e.to, policy);
    return { k, from, to, change: numberCell(e.change, 'messages', [from, to]) };
  });
  // One hidden change beside a shown total would be the total minus the others: hide the total too.
  const hiddenChanges = entries.filter((e) => e.change.suppressed).length;
  const totalValue = entries.reduce((a, e) => a + (g.by_category[e.k]?.change ?? 0), 0);
  const total = numberCell(totalValue, 'messages', hiddenChanges === 1 ? [{ suppressed: true }] : []);
  const byCat: DisclosedGrowth['byCategory'] = {};
  for (const e of entries) {
    const shareValue = totalValue !== 0 ? (100 * (g.by_category[e.k]?.change ?? 0)) / totalValue : null;
    // Shown as a rate, x% (n/N): the category's change over the change in all categories.
    const share = numberCell(shareValue, 'none', [e.change, total]);
    if (share.value !== null) share.text = `${formatOneDecimal(share.value)}% (${signedCell(e.change).text}/${signedCell(total).text})`;
    byCat[e.k] = { from: e.from, to: e.to, change: signedCell(e.change), share };
  }
  return { fromYear: g.from_year, toYear: g.to_year, total: signedCell(total), byCategory: byCat };
}
