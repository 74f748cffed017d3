// Disclosure control: the only place that decides what may be shown outside the analytics team
// (metrics.md, "Disclosure control"). Pure functions; no I/O.
export {
  policyFor,
  policyFromSettings,
  isSmall,
  smallText,
  formatInt,
  formatPercent,
  formatHours,
  formatOneDecimal,
  HIDDEN_TEXT,
  NO_DATA_TEXT,
  type DisclosurePolicy,
  type Audience,
  type CountKind,
} from './policy.ts';
export { disclosureNotes, kindsText, ruleText } from './legend.ts';
export { planSuppression, type AdditiveGroup, type PlanInput, type SuppressionPlan, type Reason } from './plan.ts';
export { countCell, missingCount, rateCell, rateFromProportion, numberCell, textCell } from './cells.ts';
export type { CountCell, DisplayCell, NumberCell, RateCell, SuppressionReason, TextCell } from './cell-types.ts';
export { hoursOfWindow } from './windows.ts';
export {
  discloseMonth,
  discloseTrend,
  discloseMonthly,
  adoptDisclosedMonthly,
  FIGURES,
  BUSINESS_HOURS_FIGURES,
  MONTHLY_MEASURES,
  TREND_MEASURES,
  type DisclosedMonth,
  type DisclosedMonthly,
  type DisclosedSection,
  type DisclosedTrendPoint,
  type PageRow,
} from './monthly.ts';
export { planSharedSuppression, type AudienceCell, type SharedPlan, type SharedPlanInput } from './shared-plan.ts';
export {
  discloseStudy,
  type DisclosedStudy,
  type DisclosedStudyYear,
  type DisclosedRoleTimeOfDay,
  type DisclosedDistribution,
  type DisclosedGrowth,
} from './study.ts';
export {
  collect,
  memberId,
  SectionCells,
  type Measure,
  type CountMeasure,
  type FamilyMeasure,
  type PartOf,
  type Collected,
} from './registry.ts';
export { STUDY_MEASURES } from './study-measures.ts';
