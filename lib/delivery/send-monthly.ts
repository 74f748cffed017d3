// Sends each department lead their month's email, idempotently. A ledger in a Storage records, per
// month, department and recipient, a CLAIM (taken atomically with putIfAbsent before sending) and a
// SENT record (after the transport accepted the message). Schedules and operators re-run jobs, so:
//   - a recipient with a SENT record is never emailed again (unless `resend`);
//   - a recipient whose send definitely failed has its claim released, so the next run retries;
//   - a claim without a SENT record (a crash mid-send, or a send whose outcome is unknown) is NOT
//     retried automatically, because the email may have gone out: it is reported as 'unconfirmed'
//     (a failure) until an operator checks and re-runs with `resend`.
//   - `resend` with a `resendToken` (one resend run, e.g. a Step Functions execution) records the token
//     and skips leads that run already reached, so retrying that run does not email them twice.
// At most once per recipient, then: a crash can lose an email, never duplicate one.
import type { Storage } from '../storage/storage.ts';
import { DeliveryError, type DeliveryErrorKind } from './errors.ts';
import type { EmailMessage, Mailer } from './mailer.ts';
import { isMonth } from '../period/index.ts';
import { isEmailAddress } from '../email-address/email-address.ts';

/** What delivery needs of a department (structurally the analysis module's DepartmentInfo). */
export interface DeliveryDepartment {
  department_id: string;
  name: string;
  lead_emails: string[];
}

export type RecipientStatus = 'sent' | 'already_sent' | 'failed' | 'unconfirmed';

export interface RecipientSendResult {
  recipient: string;
  status: RecipientStatus;
  message_id?: string;
  error?: string;
  /** Why this recipient is not a plain success (set whenever `error` is). */
  error_kind?: DeliveryErrorKind;
  /** What was thrown, when something was (a mailer or storage error). */
  cause?: unknown;
}

export type DepartmentStatus =
  /** Every lead has the email (sent now, or by an earlier run for some). */
  | 'sent'
  /** Every lead already had it from earlier runs: nothing sent. */
  | 'already_sent'
  /** No lead_emails: listed, not an error. */
  | 'no_lead'
  /** Some leads have it, some failed or are unconfirmed. */
  | 'partial'
  /** Nobody got it now (render failure, or every pending recipient failed). */
  | 'failed';

export interface DepartmentSendResult {
  department_id: string;
  name: string;
  month: string;
  status: DepartmentStatus;
  recipients: RecipientSendResult[];
  /** Department-level problem, e.g. rendering failed. */
  error?: string;
  /** The department-level problem's kind: render_failed or ledger_failed (set whenever `error` is). */
  error_kind?: DeliveryErrorKind;
  /** What was thrown (the render or storage error). */
  cause?: unknown;
}

export interface SendMonthlyOptions {
  month: string;
  departments: DeliveryDepartment[];
  /** Builds the department's email; `to` is filled in here, one message per lead. */
  render: (departmentId: string) => Promise<EmailMessage>;
  mailer: Mailer;
  /** Where claims and sent records live (e.g. FsStorage(<out>/sent) or an S3 prefix). */
  ledger: Storage;
  /** Send again even to leads who already have this month's email. */
  resend?: boolean;
  /**
   * Identifies one resend run (e.g. the Step Functions execution name), so that run's retries do not
   * email a lead twice: each resend's sent record (and claim) carries the token, and a lead whose record
   * already carries the same token is not sent again ('already_sent'; a claim with the token but no sent
   * record is 'unconfirmed'). Without a token, `resend` sends to every lead (the CLI's --resend).
   */
  resendToken?: string;
  onResult?: (r: DepartmentSendResult) => void;
  /** Clock for records (tests). */
  now?: () => Date;
}

/** Statuses that need an operator's attention (the CLI exits non-zero on any). */
export function isFailure(r: DepartmentSendResult): boolean {
  return r.status === 'failed' || r.status === 'partial';
}

/** Ledger keys: <month>/<department>/<recipient>.claim|.sent.json, each part URI-encoded. */
export function ledgerKeys(month: string, departmentId: string, recipient: string): { claim: string; sent: string } {
  const base = `${month}/${encodeURIComponent(departmentId)}/${encodeURIComponent(recipient)}`;
  return { claim: `${base}.claim.json`, sent: `${base}.sent.json` };
}

export async function sendMonthlyEmails(opts: SendMonthlyOptions): Promise<DepartmentSendResult[]> {
  if (!isMonth(opts.month)) throw new Error(`month must be YYYY-MM, got '${opts.month}'`);
  const results: DepartmentSendResult[] = [];
  for (const dept of opts.departments) {
    let result: DepartmentSendResult;
    try {
      result = await sendDepartment(dept, opts);
    } catch (e) {
      // A ledger (storage) failure for one department must not stop the others.
      // The error's name is kept (e.g. S3 "SlowDown") so a caller can tell a transient fault.
      result = {
        department_id: dept.department_id,
        name: dept.name,
        month: opts.month,
        status: 'failed',
        recipients: [],
        error: namedErrorText(e),
        error_kind: 'ledger_failed',
        cause: e,
      };
    }
    results.push(result);
    opts.onResult?.(result);
  }
  return results;
}

async function sendDepartment(dept: DeliveryDepartment, opts: SendMonthlyOptions): Promise<DepartmentSendResult> {
  const { month, ledger, resend = false } = opts;
  const now = opts.now ?? (() => new Date());
  const base = { department_id: dept.department_id, name: dept.name, month };
  const leads = uniqueRecipients(dept.lead_emails ?? []);
  if (leads.length === 0) return { ...base, status: 'no_lead', recipients: [] };

  const done: RecipientSendResult[] = [];
  const pending: string[] = [];
  for (const r of leads) {
    if (!isEmailAddress(r)) {
      done.push({ recipient: r, status: 'failed', error: 'not an email address', error_kind: 'invalid_address' });
      continue;
    }
    const keys = ledgerKeys(month, dept.department_id, r);
    if (resend) {
      const token = opts.resendToken;
      if (token) {
        const sent = await ledger.get(keys.sent);
        if (sent && readField(sent, 'resend_token') === token) {
          done.push({ recipient: r, status: 'already_sent', message_id: readMessageId(sent) });
          continue;
        }
        const claim = await ledger.get(keys.claim);
        if (claim && readField(claim, 'resend_token') === token) {
          done.push(
            unconfirmed(r, 'claimed_unconfirmed', 'this resend run claimed this send but never confirmed it (crash or unknown outcome)'),
          );
          continue;
        }
      }
      pending.push(r);
      continue;
    }
    const sent = await ledger.get(keys.sent);
    if (sent) done.push({ recipient: r, status: 'already_sent', message_id: readMessageId(sent) });
    else if (await ledger.get(keys.claim))
      done.push(
        unconfirmed(r, 'claimed_unconfirmed', 'an earlier run claimed this send but never confirmed it (crash or unknown outcome)'),
      );
    else pending.push(r);
  }

  if (pending.length > 0) {
    let message: EmailMessage;
    try {
      message = await opts.render(dept.department_id);
    } catch (e) {
      return {
        ...base,
        status: 'failed',
        recipients: [
          ...done,
          ...pending.map((r) => ({ recipient: r, status: 'failed' as const, error: 'not rendered', error_kind: 'not_rendered' as const })),
        ],
        error: `render failed: ${errorText(e)}`,
        error_kind: 'render_failed',
        cause: e,
      };
    }
    for (const r of pending) done.push(await sendOne(r, message, dept, opts, now));
  }

  const order = new Map(leads.map((r, i) => [r, i]));
  done.sort((a, b) => (order.get(a.recipient) ?? 0) - (order.get(b.recipient) ?? 0));
  return { ...base, status: departmentStatus(done), recipients: done };
}

async function sendOne(
  recipient: string,
  message: EmailMessage,
  dept: DeliveryDepartment,
  opts: SendMonthlyOptions,
  now: () => Date,
): Promise<RecipientSendResult> {
  const { month, ledger, mailer } = opts;
  const keys = ledgerKeys(month, dept.department_id, recipient);
  const token = opts.resend && opts.resendToken ? { resend_token: opts.resendToken } : {};
  const claim = JSON.stringify({
    month,
    department_id: dept.department_id,
    recipient,
    claimed_at: now().toISOString(),
    mailer: mailer.name,
    ...token,
  });
  if (opts.resend) {
    await ledger.put(keys.claim, claim, 'application/json');
  } else if (!(await ledger.putIfAbsent(keys.claim, claim, 'application/json'))) {
    return unconfirmed(recipient, 'claimed_concurrently', 'another run claimed this send at the same time');
  }

  let messageId: string;
  try {
    ({ messageId } = await mailer.send({
      ...message,
      to: [recipient],
      headers: { ...message.headers, 'X-Portal-Pulse-Month': month, 'X-Portal-Pulse-Department': dept.department_id },
    }));
  } catch (e) {
    if (e instanceof DeliveryError && !e.notSent) {
      // It may have been delivered: keep the claim so no automatic retry can duplicate it.
      return unconfirmed(recipient, 'outcome_unknown', `outcome unknown: ${e.message}`, e);
    }
    await ledger.delete(keys.claim); // definitely not sent: the next run may retry
    return { recipient, status: 'failed', error: errorText(e), error_kind: 'refused', cause: e };
  }
  const record = {
    month,
    department_id: dept.department_id,
    recipient,
    message_id: messageId,
    sent_at: now().toISOString(),
    mailer: mailer.name,
    resend: Boolean(opts.resend),
    ...token,
  };
  try {
    await ledger.put(keys.sent, JSON.stringify(record, null, 2), 'application/json');
  } catch (e) {
    // Sent, but not recorded: the claim still blocks a duplicate; say so.
    return {
      recipient,
      status: 'sent',
      message_id: messageId,
      error: `sent, but the ledger record failed: ${errorText(e)}`,
      error_kind: 'ledger_record_failed',
      cause: e,
    };
  }
  return { recipient, status: 'sent', message_id: messageId };
}

function departmentStatus(rs: RecipientSendResult[]): DepartmentStatus {
  const ok = rs.filter((r) => r.status === 'sent' || r.status === 'already_sent');
  if (ok.length === rs.length) return rs.every((r) => r.status === 'already_sent') ? 'already_sent' : 'sent';
  return ok.length > 0 ? 'partial' : 'failed';
}

function uniqueRecipients(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    const r = raw.trim();
    if (!r || seen.has(r.toLowerCase())) continue;
    seen.add(r.toLowerCase());
    out.push(r);
  }
  return out;
}

function unconfirmed(recipient: string, kind: DeliveryErrorKind, why: string, cause?: unknown): RecipientSendResult {
  return {
    recipient,
    status: 'unconfirmed',
    error: `${why}; check the recipient's mailbox, then re-run with --resend to send anyway`,
    error_kind: kind,
    ...(cause === undefined ? {} : { cause }),
  };
}

function readMessageId(buf: Buffer): string | undefined {
  return readField(buf, 'message_id');
}

function readField(buf: Buffer, field: string): string | undefined {
  try {
    const v = (JSON.parse(buf.toString('utf8')) as Record<string, unknown>)[field];
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function namedErrorText(e: unknown): string {
  return e instanceof Error && e.name && e.name !== 'Error' && !e.message.startsWith(e.name) ? `${e.name}: ${e.message}` : errorText(e);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
