// The analyses: study.json and monthly.json from any Engine (DuckDB locally, Athena in the cloud).
export { runStudy, growthOf, type StudyOptions } from './study.ts';
export { runMonthly, type MonthlyOptions } from './monthly.ts';
export { listDepartments, dataCutoff, lakeSummary, monthsWithData, loadTotals, type DepartmentInfo, type LakeSummary } from './meta.ts';
export { AnalysisError } from './errors.ts';
export { validateResult } from '../results/schema/validate.ts';
export { writeResult } from './write-result.ts';
export { defaultStudyRange, fullRange, latestCompleteMonth } from './defaults.ts';
export { resolveCutoff } from './period.ts';
export { assertCompleteMonth, monthCompleteness, monthEndInstant, preliminaryMessage, type MonthCompleteness } from './complete.ts';
