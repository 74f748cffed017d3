// Publishing a run's outputs to a Storage (a local folder, or S3 for the cloud job): each department's
// email as .eml (what a mail client receives) and .html (a browser preview), the organisation page for
// the month or the study page for a range, and index.html rebuilt from every page the storage holds.
// Result JSON (exact counts) is not published here: it belongs in the private results location.
import type { EmailMessage } from '../delivery/mailer.ts';
import { buildOrganisationReport, buildStudyReport } from '../report/index.ts';
import { renderIndexPage } from '../render/pages/index-page.ts';
import { renderOrganisationPage } from '../render/pages/organisation-page.ts';
import { renderStudyPage, studyPageTables } from '../render/pages/study-page.ts';
import { tableCsv, tableCsvName } from '../render/csv.ts';
import type { MonthlyResult, StudyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import type { Storage } from '../storage/storage.ts';
import type { DepartmentFiles } from './department-files.ts';
import type { RenderPool } from './render-pool.ts';
import { readEmailEntries, readIndexEntries } from './index-entries.ts';
import { INDEX_KEY, emailKeys, organisationPageKey, studyPageKey } from './keys.ts';

export { emailKeys, emailEntryFromKey, organisationPageKey, studyPageKey, keySegment, INDEX_KEY } from './keys.ts';
export { readEmailEntries, readIndexEntries } from './index-entries.ts';

/** The part of lib/analysis's DepartmentInfo publishing uses (the .eml's To: header). */
export interface PublishDepartment {
  department_id: string;
  lead_emails: string[];
}

const HTML = 'text/html; charset=utf-8';
const EML = 'message/rfc822';
const CSV = 'text/csv; charset=utf-8';
/** The study's tables as CSV, beside study.json. */
export const TABLES_PREFIX = 'tables/';

export interface PublishMonthlyOptions {
  monthly: MonthlyResult;
  settings: Settings;
  storage: Storage;
  /** When given, each .eml is addressed to the department's leads; otherwise it has no To: header. */
  departments?: PublishDepartment[];
  /** Called after each department's files are written (for progress output). */
  onDepartment?: (departmentId: string, keys: string[]) => void;
  /** Threads that render department emails, the main one included (default: every core; 1: no workers). */
  threads?: number;
  /**
   * A render pool the caller started earlier (startRenderPool), so its workers' start-up overlapped the
   * month's queries; the caller closes it. Without one, a pool is started and stopped here.
   */
  pool?: RenderPool;
}

export async function publishMonthly(opts: PublishMonthlyOptions): Promise<{ keys: string[] }> {
  const { monthly, settings, storage } = opts;
  const keys: string[] = [];
  const generatedAt = new Date().toISOString();
  const leads = new Map((opts.departments ?? []).map((d) => [d.department_id, d.lead_emails]));

  // Chart drawing is CPU-bound and departments are independent: they render over every core
  // (render-pool.ts) and are written in order as they come back.
  const tasks = Object.keys(monthly.departments)
    .sort()
    .map((departmentId) => ({ departmentId, leads: leads.get(departmentId) ?? [] }));
  // Loaded here, not at the top: the email stack (MJML, nodemailer: about 1 s of CPU to load) is not needed
  // by the study or the organisation page.
  const onDone = async (departmentId: string, files: DepartmentFiles) => {
    const written = await writeEmailFiles(storage, departmentId, files, monthly.month);
    keys.push(...written);
    opts.onDepartment?.(departmentId, written);
  };
  if (opts.pool) await opts.pool.render(monthly, tasks, onDone);
  else {
    const { renderDepartments } = await import('./render-pool.ts');
    await renderDepartments({ monthly, settings, ...(opts.threads ? { threads: opts.threads } : {}) }, tasks, onDone);
  }

  keys.push(...(await publishOrganisationPage({ monthly, settings, storage, generatedAt })));
  return { keys };
}

/**
 * The month's organisation page and the refreshed index: publishMonthly's part that needs no department
 * email (the cloud's compute step publishes this, and each department's send step its own email).
 */
export async function publishOrganisationPage(opts: {
  monthly: MonthlyResult;
  settings: Settings;
  storage: Storage;
  generatedAt?: string;
}): Promise<string[]> {
  const { monthly, settings, storage } = opts;
  const page = await renderOrganisationPage(buildOrganisationReport(monthly, settings), {
    generatedAt: opts.generatedAt ?? new Date().toISOString(),
  });
  const pageKey = organisationPageKey(monthly.month);
  await storage.put(pageKey, page, HTML);
  return [pageKey, await refreshIndex(storage)];
}

export interface PublishStudyOptions {
  study: StudyResult;
  settings: Settings;
  storage: Storage;
  /** `organisation` (default): the hosted page; `public`: the release version (`study --release`). */
  audience?: 'organisation' | 'public';
}

/** The study page and each of its tables as tables/<name>.csv (the same disclosed cells as the page). */
export async function publishStudy(opts: PublishStudyOptions): Promise<{ keys: string[] }> {
  const { study, settings, storage } = opts;
  const model = buildStudyReport(study, settings, { audience: opts.audience ?? 'organisation' });
  const page = await renderStudyPage(model, { generatedAt: new Date().toISOString() });
  const pageKey = studyPageKey(study.from, study.to);
  await storage.put(pageKey, page, HTML);
  const tableKeys: string[] = [];
  for (const t of studyPageTables(model)) {
    const key = `${TABLES_PREFIX}${tableCsvName(t)}`;
    await storage.put(key, tableCsv(t), CSV);
    tableKeys.push(key);
  }
  return { keys: [pageKey, ...tableKeys, await refreshIndex(storage)] };
}

/**
 * Writes emails/<month>/<id>.eml and .html (the preview shows the charts as data: images); without a month,
 * emails/<id>.* (a storage that is already one month's, as the cloud's previews/<month>/).
 */
export async function writeEmail(storage: Storage, departmentId: string, email: EmailMessage, month?: string): Promise<string[]> {
  const { composeEml, inlineCidImages } = await import('../render/eml.ts');
  return writeEmailFiles(storage, departmentId, { eml: await composeEml(email), html: inlineCidImages(email) }, month);
}

async function writeEmailFiles(storage: Storage, departmentId: string, files: DepartmentFiles, month?: string): Promise<string[]> {
  const k = emailKeys(departmentId, month);
  await storage.put(k.eml, files.eml, EML);
  await storage.put(k.html, files.html, HTML);
  return [k.eml, k.html];
}

/** Rebuilds index.html from the pages and every month's email previews the storage holds, newest first. */
export async function refreshIndex(storage: Storage): Promise<string> {
  const [pages, emails] = await Promise.all([readIndexEntries(storage), readEmailEntries(storage)]);
  await storage.put(INDEX_KEY, renderIndexPage([...pages, ...emails]), HTML);
  return INDEX_KEY;
}
