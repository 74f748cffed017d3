// Disclosure of a monthly result: one plan per month over the organisation and every department together,
// so the organisation page, each department's email and the trend charts all hide the same cells (a count
// hidden on the page must not be shown in an email, or the two together would reveal a small one).
import type { CountCell, NumberCell, RateCell, SuppressionReason } from '../report/model-types.ts';
import type { MonthlyResult, MonthlySection, Proportion, TrendPoint } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { countCell, missingCount, numberCell, rateCell } from './cells.ts';
import { planSuppression, type AdditiveGroup, type Reason, type SuppressionPlan } from './plan.ts';
import { planSharedSuppression, type AudienceCell, type SharedPlan } from './shared-plan.ts';
import { policyFromSettings, type DisclosurePolicy } from './policy.ts';
import { hoursOfWindow } from './windows.ts';

export interface DisclosedSection {
  received: CountCell;
  sent: CountCell;
  /** Clinician messages by category (`role/care_setting`). */
  byCategory: Record<string, CountCell>;
  activePatients: CountCell;
  clinicians: CountCell;
  cliniciansByCategory: Record<string, CountCell>;
  /** Messages per active clinician by category (hidden when either count is). */
  perClinician: Record<string, NumberCell>;
  within1d: RateCell;
  within3d: RateCell;
  medianHours: NumberCell;
  unanswered: CountCell;
  pending: CountCell;
  evening: RateCell;
  night: RateCell;
  weekend: RateCell;
  threadsWithin: RateCell;
  /** Clinician messages by local hour 0..23, or null when the result has none. */
  hours: CountCell[] | null;
  businessHours: { within1d: RateCell; within3d: RateCell; medianHours: NumberCell } | null;
}

export interface DisclosedMonth {
  month: string;
  /** The organisation's figures (shared page; also the "organisation" comparison in every email). */
  organisation: DisclosedSection;
  /** Each department's figures as its own email shows them. */
  departments: Record<string, DisclosedSection>;
  /** Each department's row in the organisation page's department table. */
  pageRows: Record<string, PageRow>;
  /** Hidden cells by id (`org|received`, `dept:<id>|cat:<category>`...): page and emails. For tests and trends. */
  plan: SharedPlan;
}

export interface DisclosedTrendPoint {
  month: string;
  received: CountCell;
  sent: CountCell;
  within1d: RateCell;
  within3d: RateCell;
  medianHours: NumberCell;
}

export interface DisclosedMonthly {
  current: DisclosedMonth;
  previous: DisclosedMonth | null;
  lastYear: DisclosedMonth | null;
  trend: { organisation: DisclosedTrendPoint[]; departments: Record<string, DisclosedTrendPoint[]> } | null;
  policy: DisclosurePolicy;
}

// Measures that add up over departments to the organisation's (each message has exactly one department).
// Active patients and clinicians do not (one person can be active in several departments).
const ADDITIVE = new Set(['received', 'sent', 'answered', 'answered3', 'w1', 'w3', 'unanswered', 'pending', 'evening', 'night', 'weekend', 'sentN', 'threads', 'le4', 'bh_answered', 'bh_answered3', 'bh_w1', 'bh_w3']);
const isAdditive = (measure: string): boolean => ADDITIVE.has(measure) || measure.startsWith('cat:') || measure.startsWith('hour:');

const unitId = (departmentId: string | null): string => (departmentId === null ? 'org' : `dept:${departmentId}`);

/** Every count a section shows, by measure name, and the groups tying them together inside the section. */
function sectionCounts(s: MonthlySection, settings: Settings): { values: Map<string, number>; groups: Array<{ total: string; parts: string[] }> } {
  const v = new Map<string, number>();
  const groups: Array<{ total: string; parts: string[] }> = [];
  const same = (a: string, b: string): void => void groups.push({ total: a, parts: [b] }); // one number shown twice
  v.set('received', s.messages.patient_side);
  v.set('sent', s.messages.clinician_side);
  v.set('patients', s.active_patients);
  v.set('clin', s.active_clinicians.total);
  const cats = Object.keys(s.messages.by_category);
  for (const k of cats) v.set(`cat:${k}`, s.messages.by_category[k]!);
  groups.push({ total: 'sent', parts: cats.map((k) => `cat:${k}`) });
  const clinCats = Object.keys(s.active_clinicians.by_category);
  for (const k of clinCats) v.set(`clin:${k}`, s.active_clinicians.by_category[k]!);
  groups.push({ total: 'clin', parts: clinCats.map((k) => `clin:${k}`) });

  const r = s.response;
  v.set('answered', r.within_1d.N);
  v.set('answered3', r.within_3d.N);
  same('answered', 'answered3');
  v.set('w1', r.within_1d.n);
  v.set('w3', r.within_3d.n);
  v.set('unanswered', r.unanswered);
  v.set('pending', r.pending);
  // Every patient message is answered, unanswered or pending.
  groups.push({ total: 'received', parts: ['answered', 'unanswered', 'pending'] });
  if (r.business_hours) {
    v.set('bh_answered', r.business_hours.within_1d.N);
    v.set('bh_answered3', r.business_hours.within_3d.N);
    v.set('bh_w1', r.business_hours.within_1d.n);
    v.set('bh_w3', r.business_hours.within_3d.n);
    same('answered', 'bh_answered');
    same('answered', 'bh_answered3');
  }

  const ah = s.after_hours;
  v.set('evening', ah.evening.n);
  v.set('night', ah.night.n);
  v.set('weekend', ah.weekend.n);
  v.set('sentN', ah.evening.N);
  same('sent', 'sentN');
  v.set('threads', s.threads.le4_rounds.N);
  v.set('le4', s.threads.le4_rounds.n);

  if (s.clinician_hours && s.clinician_hours.length === 24) {
    s.clinician_hours.forEach((c, h) => v.set(`hour:${h}`, c));
    groups.push({ total: 'sent', parts: s.clinician_hours.map((_, h) => `hour:${h}`) });
    // A window's count is the sum of its hour bars: hiding one bar must not leave it derivable from the window.
    for (const w of ['evening', 'night'] as const) {
      const hs = hoursOfWindow(settings.windows[w]);
      if (hs) groups.push({ total: w, parts: hs.map((h) => `hour:${h}`) });
    }
  }
  return { values: v, groups };
}

function prefixed(unit: string, id: string): string {
  return `${unit}|${id}`;
}

/** Builds the disclosed sections of one month from the plan. */
function discloseSection(s: MonthlySection, unit: string, plan: SuppressionPlan, policy: DisclosurePolicy): DisclosedSection {
  const reason = (m: string): SuppressionReason | null => plan.get(prefixed(unit, m)) ?? null;
  const count = (m: string, value: number): CountCell => countCell(value, policy, reason(m));
  const rate = (nM: string, NM: string, p: Proportion): RateCell => rateCell(count(nM, p.n), count(NM, p.N));

  const byCategory: Record<string, CountCell> = {};
  for (const [k, c] of Object.entries(s.messages.by_category)) byCategory[k] = count(`cat:${k}`, c);
  const cliniciansByCategory: Record<string, CountCell> = {};
  for (const [k, c] of Object.entries(s.active_clinicians.by_category)) cliniciansByCategory[k] = count(`clin:${k}`, c);
  const perClinician: Record<string, NumberCell> = {};
  for (const k of Object.keys(byCategory)) {
    const msgs = byCategory[k]!;
    const clin = cliniciansByCategory[k] ?? missingCount();
    const mean = msgs.value !== null && clin.value ? msgs.value / clin.value : null;
    perClinician[k] = numberCell(mean, 'messages', [msgs, clin]);
  }
  const answered = count('answered', s.response.within_1d.N);
  const bh = s.response.business_hours;
  return {
    received: count('received', s.messages.patient_side),
    sent: count('sent', s.messages.clinician_side),
    byCategory,
    activePatients: count('patients', s.active_patients),
    clinicians: count('clin', s.active_clinicians.total),
    cliniciansByCategory,
    perClinician,
    within1d: rate('w1', 'answered', s.response.within_1d),
    within3d: rate('w3', 'answered3', s.response.within_3d),
    // A median over a handful of messages describes those few patients: hidden with the count under it.
    medianHours: numberCell(s.response.median_hours, 'hours', [answered]),
    unanswered: count('unanswered', s.response.unanswered),
    pending: count('pending', s.response.pending),
    evening: rate('evening', 'sentN', s.after_hours.evening),
    night: rate('night', 'sentN', s.after_hours.night),
    weekend: rate('weekend', 'sentN', s.after_hours.weekend),
    threadsWithin: rate('le4', 'threads', s.threads.le4_rounds),
    hours: s.clinician_hours && s.clinician_hours.length === 24 ? s.clinician_hours.map((c, h) => count(`hour:${h}`, c)) : null,
    businessHours: bh
      ? {
          within1d: rate('bh_w1', 'bh_answered', bh.within_1d),
          within3d: rate('bh_w3', 'bh_answered3', bh.within_3d),
          medianHours: numberCell(bh.median_hours, 'hours', [count('bh_answered', bh.within_1d.N)]),
        }
      : null,
  };
}

/** A department's figures as the organisation page's department table shows them. */
export interface PageRow {
  received: CountCell;
  sent: CountCell;
  within1d: RateCell;
  within3d: RateCell;
  medianHours: NumberCell;
  unanswered: CountCell;
  pending: CountCell;
  evening: RateCell;
  threadsWithin: RateCell;
}

/** Department figures that the organisation page's department table shows (everything else stays in the email). */
export const PAGE_MEASURES: ReadonlySet<string> = new Set(['received', 'sent', 'answered', 'answered3', 'w1', 'w3', 'unanswered', 'pending', 'evening', 'sentN', 'threads', 'le4']);

/**
 * Discloses one month. First each department's email on its own (groups inside the section: categories and
 * hours add up to clinician messages, answered + unanswered + pending to patient messages, a window to its
 * hours); then the shared organisation page, where departments add up to the organisation and each lead
 * also knows their own figures (see shared-plan.ts).
 */
export function discloseMonth(
  month: string,
  organisation: MonthlySection,
  departments: Record<string, MonthlySection>,
  settings: Settings,
): DisclosedMonth {
  const policy = policyFromSettings(settings);
  const cells = new Map<string, AudienceCell>();
  const groups: AdditiveGroup[] = [];
  const emailHidden: SuppressionPlan = new Map();
  const add = (unit: string, owner: string | null, s: MonthlySection): void => {
    const c = sectionCounts(s, settings);
    const ownGroups = c.groups.map((g) => ({ total: prefixed(unit, g.total), parts: g.parts.map((p) => prefixed(unit, p)) }));
    const values = new Map([...c.values].map(([m, v]) => [prefixed(unit, m), v] as [string, number]));
    for (const [m, v] of c.values) cells.set(prefixed(unit, m), { value: v, owner, shared: owner === null || PAGE_MEASURES.has(m) });
    groups.push(...ownGroups);
    if (owner !== null) for (const [id, r] of planSuppression({ values, groups: ownGroups, policy })) emailHidden.set(id, r);
  };
  add('org', null, organisation);
  for (const [id, s] of Object.entries(departments)) add(unitId(id), id, s);

  const deptUnits = Object.keys(departments).map(unitId);
  const measures = new Set<string>();
  for (const id of cells.keys()) measures.add(id.slice(id.indexOf('|') + 1));
  for (const m of measures) {
    if (!isAdditive(m) || deptUnits.length === 0) continue;
    groups.push({ total: prefixed('org', m), parts: deptUnits.map((u) => prefixed(u, m)) });
  }
  const plan = planSharedSuppression({ cells, groups, policy, emailHidden });
  const own: Record<string, DisclosedSection> = {};
  const rows: Record<string, PageRow> = {};
  for (const [id, s] of Object.entries(departments)) {
    own[id] = discloseSection(s, unitId(id), plan.email, policy);
    const p = discloseSection(s, unitId(id), plan.page, policy);
    rows[id] = { received: p.received, sent: p.sent, within1d: p.within1d, within3d: p.within3d, medianHours: p.medianHours, unanswered: p.unanswered, pending: p.pending, evening: p.evening, threadsWithin: p.threadsWithin };
  }
  return { month, organisation: discloseSection(organisation, 'org', plan.page, policy), departments: own, pageRows: rows, plan };
}

/**
 * Discloses the trailing-12-month trend: per month, each department's points are private to its email and
 * the organisation's are shared; months disclosed in full (current, previous) keep their plans, so a trend
 * point never shows what that month's email or page hides.
 */
export function discloseTrend(
  trend: NonNullable<MonthlyResult['trend']>,
  settings: Settings,
  known: DisclosedMonth[],
): NonNullable<DisclosedMonthly['trend']> {
  const policy = policyFromSettings(settings);
  const byMonth = new Map<string, { org: TrendPoint | null; depts: Map<string, TrendPoint> }>();
  const slot = (m: string) => {
    let e = byMonth.get(m);
    if (!e) byMonth.set(m, (e = { org: null, depts: new Map() }));
    return e;
  };
  for (const p of trend.organisation) slot(p.month).org = p;
  for (const [id, pts] of Object.entries(trend.departments)) for (const p of pts) slot(p.month).depts.set(id, p);

  const MEASURES = ['received', 'sent', 'answered', 'answered3', 'w1', 'w3'] as const;
  const pick = (p: TrendPoint, m: (typeof MEASURES)[number]): number =>
    ({ received: p.patient_side, sent: p.clinician_side, answered: p.within_1d.N, answered3: p.within_3d.N, w1: p.within_1d.n, w3: p.within_3d.n })[m];
  const disclosed = new Map<string, DisclosedTrendPoint>(); // key `${unit}@${month}`
  for (const [m, e] of byMonth) {
    const full = known.find((k) => k.month === m);
    const cells = new Map<string, AudienceCell>();
    const groups: AdditiveGroup[] = [];
    const emailHidden: SuppressionPlan = new Map();
    const units: Array<[string, string | null, TrendPoint]> = [];
    if (e.org) units.push(['org', null, e.org]);
    for (const [id, p] of e.depts) units.push([unitId(id), id, p]);
    for (const [u, owner, p] of units) {
      const values = new Map<string, number>();
      for (const meas of MEASURES) {
        values.set(prefixed(u, meas), pick(p, meas));
        cells.set(prefixed(u, meas), { value: pick(p, meas), owner, shared: owner === null });
      }
      const own = [{ total: prefixed(u, 'answered'), parts: [prefixed(u, 'answered3')] }];
      groups.push(...own);
      if (owner !== null) {
        const forced = new Map([...(full?.plan.email ?? new Map<string, Reason>())].filter(([id]) => values.has(id)));
        for (const [id, r] of planSuppression({ values, groups: own, policy, forced })) emailHidden.set(id, r);
      }
    }
    if (e.org && e.depts.size > 0) {
      for (const meas of MEASURES) groups.push({ total: prefixed('org', meas), parts: [...e.depts.keys()].map((id) => prefixed(unitId(id), meas)) });
    }
    const pageHidden = new Map([...(full?.plan.page ?? new Map<string, Reason>())].filter(([id]) => id.startsWith('org|') && cells.has(id)));
    const plan = planSharedSuppression({ cells, groups, policy, emailHidden, pageHidden });
    for (const [u, owner, p] of units) {
      const hidden = owner === null ? plan.page : plan.email;
      const c = (meas: (typeof MEASURES)[number]): CountCell => countCell(pick(p, meas), policy, hidden.get(prefixed(u, meas)) ?? null);
      const answered = c('answered');
      disclosed.set(`${u}@${m}`, {
        month: m,
        received: c('received'),
        sent: c('sent'),
        within1d: rateCell(c('w1'), answered),
        within3d: rateCell(c('w3'), c('answered3')),
        medianHours: numberCell(p.median_hours, 'hours', [answered]),
      });
    }
  }
  const departments: Record<string, DisclosedTrendPoint[]> = {};
  for (const [id, pts] of Object.entries(trend.departments)) departments[id] = pts.map((p) => disclosed.get(`${unitId(id)}@${p.month}`)!);
  return { organisation: trend.organisation.map((p) => disclosed.get(`org@${p.month}`)!), departments };
}

const cache = new WeakMap<MonthlyResult, Map<number, DisclosedMonthly>>();

/** Discloses everything a monthly result shows (cached per result object and threshold). */
export function discloseMonthly(result: MonthlyResult, settings: Settings): DisclosedMonthly {
  const policy = policyFromSettings(settings);
  let perResult = cache.get(result);
  const hit = perResult?.get(policy.maxSmallCount);
  if (hit) return hit;
  const current = discloseMonth(result.month, result.organisation, result.departments, settings);
  const cmp = (c: MonthlyResult['previous_month']): DisclosedMonth | null => (c ? discloseMonth(c.month, c.organisation, c.departments, settings) : null);
  const previous = cmp(result.previous_month);
  const lastYear = cmp(result.same_month_last_year);
  const known = [current, previous, lastYear].filter((k): k is DisclosedMonth => k !== null);
  const trend = result.trend ? discloseTrend(result.trend, settings, known) : null;
  const out: DisclosedMonthly = { current, previous, lastYear, trend, policy };
  if (!perResult) cache.set(result, (perResult = new Map()));
  perResult.set(policy.maxSmallCount, out);
  return out;
}
