// One branch of the monthly Map: render this department's email from the stored monthly.json, keep
// its preview privately (results bucket, previews/<YYYY-MM>/emails/<id>.eml|.html; never in the hosted
// reports bucket, since it is addressed to every lead) and send it to each lead through the ledger
// (lib/delivery sendMonthlyEmails), which claims every send before it happens: a re-delivered schedule
// or a retried branch finds the claim and sends nothing twice. A department that did not fully send is
// thrown as TransientError (throttling and the like: the state machine retries) or as DepartmentNotSent
// (recorded as failed, the other departments carry on, the run ends failed and alarms).
import { sendMonthlyEmails, type DepartmentSendResult } from '../../lib/delivery/index.ts';
import type { EmailMessage, Mailer } from '../../lib/delivery/mailer.ts';
import type { DepartmentInfo } from '../../lib/analysis/index.ts';
import { writeEmail } from '../../lib/publish/index.ts';
import { renderDepartmentEmail } from '../../lib/render/index.ts';
import { buildDepartmentReport } from '../../lib/report/index.ts';
import type { MonthlyResult } from '../../lib/results/types.ts';
import type { Settings } from '../../lib/settings/index.ts';
import type { Storage } from '../../lib/storage/storage.ts';
import { createLogger, errorFields, type Logger } from '../shared/log.ts';
import { isMonth } from '../../lib/period/index.ts';
import { monthlyKeys } from '../../lib/handler-contract/index.ts';
import { classify, isTransient, TransientError } from '../shared/transient.ts';

export interface DepartmentSendEvent {
  month: string;
  department_id: string;
  resend?: boolean;
  /**
   * With `resend`, identifies the resend run (the state machine passes its execution name), so a retry of
   * this branch skips the leads the same run already reached (lib/delivery sendMonthlyEmails resendToken).
   */
  resend_token?: string;
}

export interface DepartmentSendOutput {
  department_id: string;
  month: string;
  status: DepartmentSendResult['status'];
  sent: number;
  already_sent: number;
}

export class DepartmentNotSent extends Error {
  override name = 'DepartmentNotSent';
}

export interface SendDeps {
  settings: Settings;
  results: Storage;
  /** Storage whose root is the ledger (results bucket, prefix ledger/). */
  ledger: Storage;
  /** Where the month's email previews go: the results bucket under previews/<month>/ (never served). */
  previews: (month: string) => Storage;
  mailer: Mailer;
  logger?: Logger;
}

async function readJson<T>(storage: Storage, key: string): Promise<T> {
  let buf: Buffer | undefined;
  try {
    buf = await storage.get(key);
  } catch (e) {
    throw classify(e); // S3 throttling (SlowDown), 503 and InternalError are retried by the state machine
  }
  if (!buf) throw new DepartmentNotSent(`${storage.location}${key} not found: run the month's compute step first`);
  return JSON.parse(buf.toString('utf8')) as T;
}

export function createSendHandler(deps: SendDeps): (event: DepartmentSendEvent) => Promise<DepartmentSendOutput> {
  return async (event) => {
    if (!isMonth(event?.month) || typeof event.department_id !== 'string' || !event.department_id) {
      throw new DepartmentNotSent(`expected {"month": "YYYY-MM", "department_id": "..."}, got ${JSON.stringify(event)}`);
    }
    const { month, department_id } = event;
    const log = (deps.logger ?? createLogger({ handler: 'department-send' })).with({ month, department_id });
    const keys = monthlyKeys(month);
    const monthly = await readJson<MonthlyResult>(deps.results, keys.monthly);
    const departments = await readJson<DepartmentInfo[]>(deps.results, keys.departments);
    const dept = departments.find((d) => d.department_id === department_id);
    if (!dept) throw new DepartmentNotSent(`department ${department_id} is not in ${keys.departments}`);

    // The preview is a convenience for operators: failing to write it must not stop (or fail) the send.
    const publishPreview = async (id: string, email: EmailMessage): Promise<void> => {
      try {
        await writeEmail(deps.previews(month), id, { ...email, to: dept.lead_emails });
      } catch (e) {
        log.warn('email preview not written; sending anyway', errorFields(e));
      }
    };
    let rendered: EmailMessage | undefined;
    const render = async (id: string): Promise<EmailMessage> => {
      if (!rendered) {
        rendered = await renderDepartmentEmail(buildDepartmentReport(monthly, id, deps.settings), deps.settings);
        await publishPreview(id, rendered);
      }
      return rendered;
    };
    const [result] = await sendMonthlyEmails({
      month,
      departments: [dept],
      render,
      mailer: deps.mailer,
      ledger: deps.ledger,
      resend: Boolean(event.resend),
      resendToken: event.resend && event.resend_token ? event.resend_token : undefined,
    });
    if (!result) throw new DepartmentNotSent(`no send result for ${department_id}`);
    const count = (s: string) => result.recipients.filter((r) => r.status === s).length;
    const out: DepartmentSendOutput = {
      department_id,
      month,
      status: result.status,
      sent: count('sent'),
      already_sent: count('already_sent'),
    };
    const problems = result.recipients.filter((r) => r.status === 'failed' || r.status === 'unconfirmed');
    log.info('department send', {
      status: result.status,
      sent: out.sent,
      already_sent: out.already_sent,
      failed: problems.length,
      recipients: result.recipients.map((r) => ({ status: r.status, message_id: r.message_id, error: r.error })),
    });
    log.metrics({ EmailsSent: out.sent, EmailsFailed: problems.length }, { month, department_id });
    if (result.status === 'failed' || result.status === 'partial') {
      const detail = result.error ?? problems.map((p) => `${p.status}: ${p.error ?? ''}`).join('; ');
      // Retried by the state machine: a ledger (S3) fault that is transient, or leads the mailer refused for
      // transient reasons only (throttling). Judged on what was thrown (the cause), never on message text.
      const ledgerFault = result.error_kind === 'ledger_failed' && isTransient(result.cause);
      const transient = ledgerFault || (problems.length > 0 && problems.every((p) => p.error_kind === 'refused' && isTransient(p.cause)));
      log.error('department not fully sent', { ...errorFields(new Error(detail)), transient });
      throw transient ? new TransientError(`${department_id}: ${detail}`) : new DepartmentNotSent(`${department_id}: ${detail}`);
    }
    return out;
  };
}
