// Test entry bundled beside the department-send bundle (test/lambdas/bundle-render.test.ts): renders one
// department's email from a monthly.json with nothing but what the bundle ships (templates, font, resvg).
import { readFileSync } from 'node:fs';
import { renderDepartmentEmail } from '../../lib/render/index.ts';
import { buildDepartmentReport } from '../../lib/report/index.ts';
import type { MonthlyResult } from '../../lib/results/types.ts';
import { resolveSettings } from '../../lib/settings/index.ts';

const [file, departmentId, timezone] = process.argv.slice(2) as [string, string, string];
const monthly = JSON.parse(readFileSync(file, 'utf8')) as MonthlyResult;
const settings = resolveSettings({ timezone, reports: { from_address: 'reports@example.org', link_base: 'https://reports.example.org' } });
const email = await renderDepartmentEmail(buildDepartmentReport(monthly, departmentId, settings), settings);
console.log(
  JSON.stringify({
    subject: email.subject,
    html: email.html.length,
    attachments: email.attachments.map((a) => ({ type: a.contentType, bytes: a.content.length, cid: a.cid })),
  }),
);
