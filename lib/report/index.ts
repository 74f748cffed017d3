// Report models: results -> disclosed display values for an email or a page (model-types.ts).
export {
  adoptDepartmentsDisclosure,
  buildDepartmentReport,
  departmentsDisclosure,
  organisationPageLink,
  ReportError,
} from './department.ts';
export { buildOrganisationReport } from './organisation.ts';
export type * from './model-types.ts';
export { buildStudyReport } from './study.ts';
export { PUBLISHED_FIGURES } from './reference-figures.ts';
