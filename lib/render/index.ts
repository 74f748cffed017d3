// Rendering: the department email (MJML) and the self-contained HTML pages, from disclosed report models.
export { renderDepartmentEmail, chartCid, EMAIL_CONTENT_WIDTH } from './email/department-email.ts';
export { compileMjml, compiledDepartmentTemplate } from './email/compile.ts';
export { composeEml, inlineCidImages, type ComposeOptions } from './eml.ts';
export { renderOrganisationPage, type PageOptions } from './pages/organisation-page.ts';
export { renderStudyPage } from './pages/study-page.ts';
export { renderIndexPage, sortIndexEntries } from './pages/index-page.ts';
export { escapeHtml } from './html.ts';
export type { IndexEntry } from '../report/model-types.ts';
