// Disclosure of a monthly result, by audience (metrics.md, "Disclosure control"): each department's email
// shows its own figures under the `department` rule; the organisation page (its figures, and the table of
// every department) under the `organisation` rule. One plan per month over the organisation and every
// department together, so that what the page hides cannot be worked out from the page, even by a lead who
// also knows their own department's figures (shared-plan.ts). Every count and figure comes from the
// registry in monthly-measures.ts.
import type { MonthlyResult, MonthlySection, TrendPoint } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import {
  BUSINESS_HOURS_FIGURES,
  FIGURES,
  MONTHLY_MEASURES,
  TREND_MEASURES,
  showSection,
  showTrendPoint,
  type DisclosedSection,
  type DisclosedTrendPoint,
} from './monthly-measures.ts';
import { planSuppression, type AdditiveGroup, type Reason, type SuppressionPlan } from './plan.ts';
import { policyFor, type DisclosurePolicy } from './policy.ts';
import { collect, SectionCells, type Collected, type Measure } from './registry.ts';
import { planSharedSuppression, type AudienceCell, type SharedPlan } from './shared-plan.ts';

export { FIGURES, BUSINESS_HOURS_FIGURES, MONTHLY_MEASURES, TREND_MEASURES, type DisclosedSection, type DisclosedTrendPoint };

/** A department's figures as the organisation page's department table shows them (the page's plan). */
export type PageRow = DisclosedSection;

export interface DisclosedMonth {
  month: string;
  /** The organisation's figures (shared page; also the "organisation" figures in every email). */
  organisation: DisclosedSection;
  /** Each department's figures as its own email shows them (the department audience). */
  departments: Record<string, DisclosedSection>;
  /** Each department's figures as the organisation page shows them (the organisation audience). */
  pageRows: Record<string, PageRow>;
  /** Hidden cells by id (`org|received`, `dept:<id>|cat:<category>`...): page and emails. For tests and trends. */
  plan: SharedPlan;
}

export interface DisclosedMonthly {
  current: DisclosedMonth;
  previous: DisclosedMonth | null;
  lastYear: DisclosedMonth | null;
  trend: { organisation: DisclosedTrendPoint[]; departments: Record<string, DisclosedTrendPoint[]> } | null;
  /** The department emails' policy and the organisation page's. */
  policies: { department: DisclosurePolicy; organisation: DisclosurePolicy };
}

const unitId = (departmentId: string | null): string => (departmentId === null ? 'org' : `dept:${departmentId}`);
const prefixed = (unit: string, id: string): string => `${unit}|${id}`;

interface Unit<S> {
  unit: string;
  owner: string | null;
  section: S;
  collected: Collected;
}

/**
 * Plans one month (or one trend month) of sections: each department's own email under the department rule,
 * then the shared page under the organisation rule, where departments add up to the organisation.
 */
function planMonth<S>(
  registry: readonly Measure<S>[],
  organisation: S | null,
  departments: Array<[string, S]>,
  settings: Settings,
  earlier?: { email?: ReadonlyMap<string, Reason>; page?: ReadonlyMap<string, Reason> },
): { units: Array<Unit<S>>; plan: SharedPlan; policies: DisclosedMonthly['policies'] } {
  const policies = { department: policyFor(settings, 'department'), organisation: policyFor(settings, 'organisation') };
  const units: Array<Unit<S>> = [];
  if (organisation) units.push({ unit: 'org', owner: null, section: organisation, collected: collect(registry, organisation, settings) });
  for (const [id, s] of departments) units.push({ unit: unitId(id), owner: id, section: s, collected: collect(registry, s, settings) });

  // The earlier plan's email cells by the department that owns them, in the plan's order: one pass over the
  // plan instead of one per department (500 departments: each filtered every department's hidden cells).
  const forcedBy = new Map<string, Map<string, Reason>>();
  if (earlier?.email) {
    const ownerOf = new Map<string, string>();
    for (const u of units) if (u.owner !== null) for (const id of u.collected.cells.keys()) ownerOf.set(prefixed(u.unit, id), u.owner);
    for (const [id, r] of earlier.email) {
      const o = ownerOf.get(id);
      if (o === undefined) continue;
      let own = forcedBy.get(o);
      if (!own) forcedBy.set(o, (own = new Map()));
      own.set(id, r);
    }
  }
  const cells = new Map<string, AudienceCell>();
  const groups: AdditiveGroup[] = [];
  const emailHidden: SuppressionPlan = new Map();
  for (const u of units) {
    const own = u.collected.groups.map((g) => ({ total: prefixed(u.unit, g.total), parts: g.parts.map((p) => prefixed(u.unit, p)) }));
    const values = new Map<string, number>();
    const kinds = new Map<string, AudienceCell['counts'] & string>();
    for (const [id, c] of u.collected.cells) {
      const pid = prefixed(u.unit, id);
      values.set(pid, c.value);
      kinds.set(pid, c.counts);
      cells.set(pid, { value: c.value, owner: u.owner, shared: u.owner === null || c.shared, counts: c.counts });
    }
    groups.push(...own);
    if (u.owner !== null) {
      const forced = forcedBy.get(u.owner) ?? new Map<string, Reason>();
      for (const [id, r] of planSuppression({ values, kinds, groups: own, policy: policies.department, forced })) emailHidden.set(id, r);
    }
  }
  const org = units.find((u) => u.owner === null);
  const depts = units.filter((u) => u.owner !== null);
  if (org && depts.length > 0) {
    for (const [id, c] of org.collected.cells) {
      if (c.additive) groups.push({ total: prefixed('org', id), parts: depts.map((d) => prefixed(d.unit, id)) });
    }
  }
  const pageHidden = new Map([...(earlier?.page ?? new Map<string, Reason>())].filter(([id]) => cells.has(id)));
  const plan = planSharedSuppression({ cells, groups, policy: policies.organisation, emailHidden, pageHidden });
  return { units, plan, policies };
}

/** Discloses one month: each department's email, the organisation page and its department table. */
export function discloseMonth(
  month: string,
  organisation: MonthlySection,
  departments: Record<string, MonthlySection>,
  settings: Settings,
): DisclosedMonth {
  const { units, plan, policies } = planMonth(MONTHLY_MEASURES, organisation, Object.entries(departments), settings);
  const own: Record<string, DisclosedSection> = {};
  const rows: Record<string, PageRow> = {};
  let org: DisclosedSection | null = null;
  for (const u of units) {
    const p = (id: string): string => prefixed(u.unit, id);
    const onPage = showSection(u.section, new SectionCells(u.collected, plan.page, policies.organisation, p));
    if (u.owner === null) org = onPage;
    else {
      rows[u.owner] = onPage;
      own[u.owner] = showSection(u.section, new SectionCells(u.collected, plan.email, policies.department, p));
    }
  }
  return { month, organisation: org!, departments: own, pageRows: rows, plan };
}

/**
 * Discloses the trailing-12-month trend: per month, each department's points are its email's (department
 * rule) and the organisation's are the page's; months disclosed in full (current, previous) keep their
 * plans, so a trend point never shows what that month's email or page hides.
 */
export function discloseTrend(
  trend: NonNullable<MonthlyResult['trend']>,
  settings: Settings,
  known: DisclosedMonth[],
): NonNullable<DisclosedMonthly['trend']> {
  const byMonth = new Map<string, { org: TrendPoint | null; depts: Array<[string, TrendPoint]> }>();
  const slot = (m: string) => {
    let e = byMonth.get(m);
    if (!e) byMonth.set(m, (e = { org: null, depts: [] }));
    return e;
  };
  for (const p of trend.organisation) slot(p.month).org = p;
  for (const [id, pts] of Object.entries(trend.departments)) for (const p of pts) slot(p.month).depts.push([id, p]);

  const disclosed = new Map<string, DisclosedTrendPoint>(); // key `${unit}@${month}`
  for (const [m, e] of byMonth) {
    const full = known.find((k) => k.month === m);
    // Only the earlier plan's cells that the trend shows too (ids absent here are ignored by the planners).
    const { units, plan, policies } = planMonth(TREND_MEASURES, e.org, e.depts, settings, {
      email: full?.plan.email,
      page: new Map([...(full?.plan.page ?? [])].filter(([id]) => id.startsWith('org|'))),
    });
    for (const u of units) {
      const hidden = u.owner === null ? plan.page : plan.email;
      const policy = u.owner === null ? policies.organisation : policies.department;
      disclosed.set(
        `${u.unit}@${m}`,
        showTrendPoint(u.section, new SectionCells(u.collected, hidden, policy, (id) => prefixed(u.unit, id))),
      );
    }
  }
  const departments: Record<string, DisclosedTrendPoint[]> = {};
  for (const [id, pts] of Object.entries(trend.departments)) departments[id] = pts.map((p) => disclosed.get(`${unitId(id)}@${p.month}`)!);
  return { organisation: trend.organisation.map((p) => disclosed.get(`org@${p.month}`)!), departments };
}

const cache = new WeakMap<MonthlyResult, Map<string, DisclosedMonthly>>();
const cacheKey = (settings: Settings): string => JSON.stringify(settings.disclosure);

/**
 * Takes `disclosed` as what discloseMonthly(result, settings) returns from now on: a render worker thread gets
 * the month's disclosure from the main thread (render-pool.ts) instead of planning it again (500
 * departments: about 1.5-2 s of CPU per thread, against well under 1 s to copy it over).
 */
export function adoptDisclosedMonthly(result: MonthlyResult, settings: Settings, disclosed: DisclosedMonthly): void {
  let perResult = cache.get(result);
  if (!perResult) cache.set(result, (perResult = new Map()));
  perResult.set(cacheKey(settings), disclosed);
}

/** Discloses everything a monthly result shows (cached per result object and disclosure settings). */
export function discloseMonthly(result: MonthlyResult, settings: Settings): DisclosedMonthly {
  const key = cacheKey(settings);
  let perResult = cache.get(result);
  const hit = perResult?.get(key);
  if (hit) return hit;
  const current = discloseMonth(result.month, result.organisation, result.departments, settings);
  const cmp = (c: MonthlyResult['previous_month']): DisclosedMonth | null =>
    c ? discloseMonth(c.month, c.organisation, c.departments, settings) : null;
  const previous = cmp(result.previous_month);
  const lastYear = cmp(result.same_month_last_year);
  const known = [current, previous, lastYear].filter((k): k is DisclosedMonth => k !== null);
  const trend = result.trend ? discloseTrend(result.trend, settings, known) : null;
  const out: DisclosedMonthly = {
    current,
    previous,
    lastYear,
    trend,
    policies: { department: policyFor(settings, 'department'), organisation: policyFor(settings, 'organisation') },
  };
  if (!perResult) cache.set(result, (perResult = new Map()));
  perResult.set(key, out);
  return out;
}
