// `portal-pulse send`: emails each department lead their month's report over SMTP, once. Reads the
// month's results (DIR/monthly.json from `portal-pulse monthly`), the leads from the lake's
// departments, renders each department's email and sends it through an idempotent ledger in DIR/sent/.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isFailure, sendMonthlyEmails, type DepartmentSendResult } from '../../delivery/send-monthly.ts';
import { SmtpMailer } from '../../delivery/smtp-mailer.ts';
import type { Mailer } from '../../delivery/mailer.ts';
import type { MonthlyResult } from '../../results/types.ts';
import { loadSettings, type Settings } from '../../settings/index.ts';
import { FsStorage } from '../../storage/fs-storage.ts';
import { UsageError, type Command } from '../command.ts';
import { isMonth } from '../../period/index.ts';
import { ENGINE_OPTION_HELP } from '../../engines/open.ts';

export const MONTHLY_FILE = 'monthly.json';
export const LEDGER_DIR = 'sent';

export interface SendRunOptions {
  /** YYYY-MM; must match OUT/monthly.json. Default: the month monthly.json holds. */
  month?: string;
  lakeDir: string;
  /** Engine URI for the departments table (default DuckDB over lakeDir). */
  engine?: string;
  outDir: string;
  settings: Settings;
  resend?: boolean;
  /** Send a month whose monthly.json says "preliminary": true (refused otherwise). */
  preliminary?: boolean;
  /** The transport; default SMTP from settings.smtp and the environment. */
  mailer?: Mailer;
  env?: Record<string, string | undefined>;
  print?: (line: string) => void;
}

export interface SendRunOutcome {
  results: DepartmentSendResult[];
  /** Departments with leads but no section in monthly.json (nothing to send). */
  withoutReport: string[];
  exitCode: number;
}

/** Reads and checks DIR/monthly.json: it must exist, parse and be the requested month (if given). */
export function readMonthly(outDir: string, month?: string): MonthlyResult {
  const path = join(resolve(outDir), MONTHLY_FILE);
  const rerun = `portal-pulse monthly${month ? ` --month ${month}` : ''} --lake LAKE --out ${outDir}`;
  if (!existsSync(path)) {
    throw new UsageError(`${path} not found: run '${rerun}' first, then send.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON (${(e as Error).message}): re-run '${rerun}'.`);
  }
  const m = json as Partial<MonthlyResult>;
  if (m?.kind !== 'monthly' || typeof m.month !== 'string' || typeof m.departments !== 'object' || m.departments === null) {
    throw new UsageError(`${path} is not a monthly result (expected "kind": "monthly" with "month" and "departments").`);
  }
  if (month !== undefined && m.month !== month) {
    throw new UsageError(
      `${path} holds ${m.month}, not ${month}: ` +
        `run 'portal-pulse monthly --month ${month} --out ${outDir}' first (or send --month ${m.month}).`,
    );
  }
  return m as MonthlyResult;
}

export async function runSend(opts: SendRunOptions): Promise<SendRunOutcome> {
  const print = opts.print ?? ((l: string) => console.log(l));
  if (opts.month !== undefined && !isMonth(opts.month))
    throw new UsageError(`--month must be YYYY-MM (e.g. 2024-05), got '${opts.month}'.`);
  const monthly = readMonthly(opts.outDir, opts.month);
  // A preliminary month goes out only when asked for (its emails then say so); a file written before the
  // flag existed has none and is taken as it was sent then.
  if (monthly.preliminary === true && opts.preliminary !== true) {
    throw new UsageError(
      `${join(opts.outDir, MONTHLY_FILE)} holds ${monthly.month} as preliminary: ` +
        `it was computed with the data cut-off ${monthly.data_cutoff}, ` +
        `and the month is complete once the data reaches ${monthly.complete_at ?? 'its end + 72 h'}. Load newer data and rerun ` +
        `'portal-pulse monthly --month ${monthly.month} --out ${opts.outDir}', or pass --preliminary to send it marked "Preliminary".`,
    );
  }
  // Settings are checked before the lake is opened: no SMTP settings is the commonest first error.
  const mailer = opts.mailer ?? new SmtpMailer(opts.settings.smtp, opts.env ?? process.env);

  try {
    return await sendWith(mailer, monthly, opts, print);
  } finally {
    // The SMTP transport pools its connection: release it even when something above failed.
    if (mailer instanceof SmtpMailer) mailer.close();
  }
}

async function sendWith(mailer: Mailer, monthly: MonthlyResult, opts: SendRunOptions, print: (l: string) => void): Promise<SendRunOutcome> {
  const month = monthly.month;
  // Loaded here, not at the top, so `send --help` and input errors answer without loading DuckDB,
  // the chart renderer and the templates.
  const [{ listDepartments }, { openEngine }, { renderDepartmentEmail }, { buildDepartmentReport }] = await Promise.all([
    import('../../analysis/index.ts'),
    import('../../engines/open.ts'),
    import('../../render/index.ts'),
    import('../../report/index.ts'),
  ]);
  const engine = await openEngine({ uri: opts.engine, lakeDir: opts.lakeDir, timezone: opts.settings.timezone });
  let departments;
  try {
    departments = await listDepartments(engine);
  } finally {
    await engine.close();
  }
  const inReport = departments.filter((d) => monthly.departments[d.department_id] !== undefined);
  const withoutReport = departments
    .filter((d) => monthly.departments[d.department_id] === undefined && d.lead_emails.length > 0)
    .map((d) => d.department_id);

  const ledgerDir = join(resolve(opts.outDir), LEDGER_DIR);
  print(
    `Sending ${month} to ${inReport.length} department(s) through ${mailer.name}` +
      `${opts.resend ? ' (--resend: sending again to everyone)' : ''}; ledger ${ledgerDir}`,
  );
  const results = await sendMonthlyEmails({
    month,
    departments: inReport,
    mailer,
    ledger: new FsStorage(ledgerDir),
    resend: opts.resend,
    render: async (id) => {
      const message = await renderDepartmentEmail(buildDepartmentReport(monthly, id, opts.settings), opts.settings);
      return { ...message, from: message.from || opts.settings.reports.from_address };
    },
  });

  for (const line of resultTable(results)) print(line);
  if (withoutReport.length) print(`No report in ${MONTHLY_FILE} (nothing sent): ${withoutReport.join(', ')}`);
  const noLead = results.filter((r) => r.status === 'no_lead');
  if (noLead.length)
    print(
      `${noLead.length} department(s) without a lead (add lead_emails to departments.csv and ingest again): ` +
        noLead.map((r) => r.department_id).join(', '),
    );
  print(summaryLine(results));
  const failed = results.filter(isFailure);
  if (failed.length) print(`${failed.length} department(s) need attention; re-run the same command to retry what certainly failed.`);
  return { results, withoutReport, exitCode: failed.length ? 1 : 0 };
}

const LABEL: Record<DepartmentSendResult['status'], string> = {
  sent: 'sent',
  already_sent: 'already sent',
  no_lead: 'no lead',
  partial: 'PARTIAL',
  failed: 'FAILED',
};

/** One row per department: id, name, status, leads reached / leads, and what went wrong. */
export function resultTable(results: DepartmentSendResult[]): string[] {
  const rows = results.map((r) => {
    const ok = r.recipients.filter((x) => x.status === 'sent' || x.status === 'already_sent').length;
    const problems = [
      ...(r.error ? [r.error] : []),
      ...r.recipients
        .filter((x) => x.status === 'failed' || x.status === 'unconfirmed')
        .map((x) => `${x.recipient}: ${x.status === 'unconfirmed' ? 'UNCONFIRMED, ' : ''}${x.error ?? ''}`),
    ];
    return [r.department_id, r.name, LABEL[r.status], r.status === 'no_lead' ? '-' : `${ok}/${r.recipients.length}`, problems.join('; ')];
  });
  const head = ['department', 'name', 'status', 'leads', 'detail'];
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i < cells.length - 1 ? c.slice(0, widths[i]).padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}

export function summaryLine(results: DepartmentSendResult[]): string {
  const count = (s: DepartmentSendResult['status']) => results.filter((r) => r.status === s).length;
  const emails = results.flatMap((r) => r.recipients).filter((x) => x.status === 'sent').length;
  return (
    `Done: ${emails} email(s) sent; departments: ${count('sent')} sent, ${count('already_sent')} already sent, ` +
    `${count('no_lead')} without a lead, ${count('partial')} partial, ${count('failed')} failed.`
  );
}

export const command: Command = {
  name: 'send',
  summary: "Email each department lead their month's report over SMTP.",
  description: `
Sends each department's monthly report to its leads (lead_emails in departments.csv), one email per
lead, over the SMTP server in the settings file. Reads OUT/monthly.json, written by
'portal-pulse monthly', and the departments and their leads from the lake; each email is rendered
as 'portal-pulse monthly' renders the .eml files.

Sending is idempotent per month, department and lead: a ledger in OUT/sent/ records each email, and
running the command again sends only what has not been sent (for example after a refused address is
fixed). --resend sends everything again. A send whose outcome is unknown (the connection dropped
mid-message, or a run was killed) is reported UNCONFIRMED and not retried automatically, so nobody is
emailed twice: check with the lead, then use --resend.

SMTP settings ("smtp": {"host", "port", "secure"}) come from the settings file; the login, if the
server needs one, from PORTAL_PULSE_SMTP_USER and PORTAL_PULSE_SMTP_PASSWORD. Departments without a
lead are listed, not an error. Exits 1 if any department failed or is partial, 0 otherwise.

A month that monthly.json marks "preliminary" (its data was not complete: see 'portal-pulse monthly
--help') is refused unless --preliminary is given.`,
  options: {
    month: {
      type: 'string',
      valueName: 'YYYY-MM',
      description: 'The month to send; must match OUT/monthly.json (default: the month it holds).',
    },
    lake: { type: 'string', valueName: 'DIR', description: 'The lake folder (for the departments and their leads).', default: 'data/lake' },
    engine: { type: 'string', valueName: 'URI', description: ENGINE_OPTION_HELP, default: 'duckdb' },
    out: {
      type: 'string',
      valueName: 'DIR',
      description: "The folder 'portal-pulse monthly' wrote monthly.json to; the send ledger goes in DIR/sent/.",
      default: 'data/results',
    },
    resend: { type: 'boolean', description: "Send again to leads who already have this month's email." },
    preliminary: { type: 'boolean', description: 'Send a month that monthly.json marks as preliminary (not complete yet).' },
    settings: {
      type: 'string',
      valueName: 'FILE',
      description: 'Settings file with the "smtp" section (default: ./portal-pulse.settings.json).',
    },
  },
  examples: [
    'portal-pulse monthly --month 2024-05 --out data/results/2024-05 && portal-pulse send --month 2024-05 --out data/results/2024-05',
    'PORTAL_PULSE_SMTP_USER=reports PORTAL_PULSE_SMTP_PASSWORD=... portal-pulse send --month 2024-05 --settings site.json',
    'portal-pulse send --month 2024-05 --resend     # everyone again, e.g. after a correction',
  ],
  async run(values) {
    const month = typeof values.month === 'string' && values.month !== '' ? values.month : undefined;
    const settings = loadSettings(typeof values.settings === 'string' ? values.settings : undefined);
    const outcome = await runSend({
      month,
      lakeDir: String(values.lake ?? 'data/lake'),
      ...(typeof values.engine === 'string' && values.engine ? { engine: values.engine } : {}),
      outDir: String(values.out ?? 'data/results'),
      settings,
      resend: values.resend === true,
      preliminary: values.preliminary === true,
    });
    return outcome.exitCode;
  },
};
