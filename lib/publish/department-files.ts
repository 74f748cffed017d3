// One department's published files for a month, as bytes: the email built from the disclosed model
// (charts drawn as PNG), composed as .eml, and its browser preview (.html, charts inlined). Pure apart from
// the CPU it burns, so it runs on the main thread or in a render worker (render-pool.ts) alike.
import { buildDepartmentReport } from '../report/index.ts';
export { adoptDepartmentsDisclosure, departmentsDisclosure } from '../report/index.ts';
import { composeEml, inlineCidImages } from '../render/eml.ts';
import { renderDepartmentEmail } from '../render/email/department-email.ts';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';

export interface DepartmentFiles {
  eml: Buffer;
  html: string;
}

export async function renderDepartmentFiles(
  monthly: MonthlyResult,
  departmentId: string,
  settings: Settings,
  leads: string[],
): Promise<DepartmentFiles> {
  const model = buildDepartmentReport(monthly, departmentId, settings);
  const email = { ...(await renderDepartmentEmail(model, settings)), to: leads };
  return { eml: await composeEml(email), html: inlineCidImages(email) };
}
