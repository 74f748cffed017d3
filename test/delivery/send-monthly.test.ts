// sendMonthlyEmails end to end: a real SMTP server on loopback, the ledger in FsStorage on a temp
// folder. Idempotency, resend, failures that must not stop the others, and crash semantics.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DeliveryError,
  isFailure,
  ledgerKeys,
  sendMonthlyEmails,
  SmtpMailer,
  type DeliveryDepartment,
  type DepartmentSendResult,
  type EmailMessage,
  type Mailer,
} from '../../lib/delivery/index.ts';
import { FsStorage } from '../../lib/storage/index.ts';
import { sampleEmail } from './fixtures.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-test-server.ts';

const DEPARTMENTS: DeliveryDepartment[] = [
  { department_id: 'D01', name: 'Cardiology', lead_emails: ['ann@example.org', 'bob@example.org', 'ANN@example.org'] },
  { department_id: 'D02', name: 'Dermatology', lead_emails: [] },
  { department_id: 'D03', name: 'Oncology', lead_emails: ['gone@example.org', 'cat@example.org'] },
  { department_id: 'D04', name: 'Paediatrics', lead_emails: ['dan@example.org'] },
];

let smtp: TestSmtpServer;
let root: string;
let ledgerDir: string;
let renders: string[];
const statuses = (rs: DepartmentSendResult[]) => Object.fromEntries(rs.map((r) => [r.department_id, r.status]));
const recipientsReceived = () => smtp.received.flatMap((m) => m.to).sort();

beforeAll(async () => {
  smtp = await startSmtpServer();
  root = await mkdtemp(join(tmpdir(), 'pp-send-'));
});
afterAll(async () => {
  await smtp?.close();
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  smtp.received.length = 0;
  smtp.reject.clear();
  ledgerDir = await mkdtemp(join(root, 'ledger-'));
  renders = [];
});

const open: SmtpMailer[] = [];
const smtpMailer = () => {
  const m = new SmtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false }, {});
  open.push(m);
  return m;
};
afterEach(() => {
  for (const m of open.splice(0)) m.close();
});

function run(
  extra: {
    resend?: boolean;
    resendToken?: string;
    mailer?: Mailer;
    render?: (id: string) => Promise<EmailMessage>;
    departments?: DeliveryDepartment[];
  } = {},
) {
  const seen: DepartmentSendResult[] = [];
  const promise = sendMonthlyEmails({
    month: '2024-05',
    departments: extra.departments ?? DEPARTMENTS,
    render:
      extra.render ??
      (async (id) => {
        renders.push(id);
        return sampleEmail(id);
      }),
    mailer: extra.mailer ?? smtpMailer(),
    ledger: new FsStorage(ledgerDir),
    resend: extra.resend,
    resendToken: extra.resendToken,
    onResult: (r) => seen.push(r),
  });
  return promise.then((results) => ({ results, seen }));
}

describe('sendMonthlyEmails', () => {
  it('emails each lead once, one message per lead, lists departments without a lead, and reports per department', async () => {
    const { results, seen } = await run();
    expect(statuses(results)).toEqual({ D01: 'sent', D02: 'no_lead', D03: 'sent', D04: 'sent' });
    expect(seen).toEqual(results);
    // ANN@ is the same lead as ann@: deduplicated.
    expect(recipientsReceived()).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org', 'dan@example.org', 'gone@example.org']);
    expect(smtp.received.every((m) => m.to.length === 1)).toBe(true);
    const mail = await smtp.parse(0);
    expect(mail.headers.get('x-portal-pulse-month')).toBe('2024-05');
    expect(mail.headers.get('x-portal-pulse-department')).toBe('D01');
    expect(mail.attachments.map((a) => a.cid)).toEqual(['trend-D01', 'hours-D01']);
    expect(results[0]!.recipients.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(results[0]!.recipients[0]!.message_id).toBe(mail.messageId);
    expect(results.some(isFailure)).toBe(false);
  });

  it('is idempotent: a second run sends nothing and renders nothing; resend sends again', async () => {
    await run();
    expect(smtp.received).toHaveLength(5);
    renders = [];
    const second = await run();
    expect(smtp.received).toHaveLength(5);
    expect(renders).toEqual([]);
    expect(statuses(second.results)).toEqual({ D01: 'already_sent', D02: 'no_lead', D03: 'already_sent', D04: 'already_sent' });
    expect(second.results.some(isFailure)).toBe(false);

    const third = await run({ resend: true });
    expect(smtp.received).toHaveLength(10);
    expect(statuses(third.results)).toEqual({ D01: 'sent', D02: 'no_lead', D03: 'sent', D04: 'sent' });
  });

  it('a retried resend run (same token) emails only the leads that run has not reached; a new token sends again', async () => {
    await run();
    expect(smtp.received).toHaveLength(5);
    smtp.received.length = 0;
    smtp.reject.add('gone@example.org');
    const first = await run({ resend: true, resendToken: 'exec-1' });
    expect(statuses(first.results)).toEqual({ D01: 'sent', D02: 'no_lead', D03: 'partial', D04: 'sent' });
    expect(recipientsReceived()).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org', 'dan@example.org']);
    const record = JSON.parse(
      (await new FsStorage(ledgerDir).get(ledgerKeys('2024-05', 'D01', 'ann@example.org').sent))!.toString('utf8'),
    ) as Record<string, unknown>;
    expect(record).toMatchObject({ resend: true, resend_token: 'exec-1' });

    // The retry of the same run (Step Functions passes the same token): only the lead it missed.
    smtp.reject.clear();
    smtp.received.length = 0;
    renders = [];
    const retry = await run({ resend: true, resendToken: 'exec-1' });
    expect(recipientsReceived()).toEqual(['gone@example.org']);
    expect(statuses(retry.results)).toEqual({ D01: 'already_sent', D02: 'no_lead', D03: 'sent', D04: 'already_sent' });
    expect(renders).toEqual(['D03']);

    // Another resend run (another token) sends to everyone again, as does a resend without a token.
    smtp.received.length = 0;
    await run({ resend: true, resendToken: 'exec-2' });
    expect(smtp.received).toHaveLength(5);
    smtp.received.length = 0;
    await run({ resend: true });
    expect(smtp.received).toHaveLength(5);
  });

  it('a claim left by the same resend run (unknown outcome) is unconfirmed on its retry, not sent again', async () => {
    const real = smtpMailer();
    const flaky: Mailer = {
      name: 'flaky',
      send: async (m) => {
        if (m.to[0] === 'dan@example.org') throw new DeliveryError('connection lost after DATA', false);
        return real.send(m);
      },
    };
    await run({ resend: true, resendToken: 'exec-1', mailer: flaky });
    smtp.received.length = 0;
    const retry = await run({ resend: true, resendToken: 'exec-1' });
    expect(recipientsReceived()).toEqual([]);
    expect(retry.results.find((r) => r.department_id === 'D04')!.recipients[0]!.status).toBe('unconfirmed');
  });

  it('one refused recipient does not stop the others; the refused one is retried by the next run', async () => {
    smtp.reject.add('gone@example.org');
    const first = await run();
    expect(statuses(first.results)).toEqual({ D01: 'sent', D02: 'no_lead', D03: 'partial', D04: 'sent' });
    const d03 = first.results.find((r) => r.department_id === 'D03')!;
    expect(d03.recipients).toMatchObject([
      {
        recipient: 'gone@example.org',
        status: 'failed',
        error: expect.stringMatching(/550/),
        error_kind: 'refused',
        cause: expect.any(DeliveryError),
      },
      { recipient: 'cat@example.org', status: 'sent' },
    ]);
    expect(first.results.filter(isFailure).map((r) => r.department_id)).toEqual(['D03']);
    expect(recipientsReceived()).not.toContain('gone@example.org');
    expect(recipientsReceived()).toContain('dan@example.org'); // the department after the failure still went

    // The mailbox comes back: only the failed lead is emailed.
    smtp.reject.clear();
    smtp.received.length = 0;
    const second = await run();
    expect(recipientsReceived()).toEqual(['gone@example.org']);
    expect(statuses(second.results)).toMatchObject({ D03: 'sent', D01: 'already_sent' });
  });

  it('a department whose rendering fails is failed, and the others still go out', async () => {
    const { results } = await run({
      render: async (id) => {
        if (id === 'D01') throw new Error('chart renderer crashed');
        return sampleEmail(id);
      },
    });
    expect(results[0]).toMatchObject({
      department_id: 'D01',
      status: 'failed',
      error: 'render failed: chart renderer crashed',
      error_kind: 'render_failed',
      cause: expect.objectContaining({ message: 'chart renderer crashed' }),
    });
    expect(results[0]!.recipients.every((r) => r.error_kind === 'not_rendered')).toBe(true);
    expect(statuses(results)).toMatchObject({ D03: 'sent', D04: 'sent' });
    // Nothing was claimed for D01, so the next run tries it again.
    const again = await run();
    expect(statuses(again.results)).toMatchObject({ D01: 'sent', D03: 'already_sent' });
  });

  it('an unknown outcome keeps its claim: reported unconfirmed, never retried automatically, sent by --resend', async () => {
    const real = smtpMailer();
    const flaky: Mailer = {
      name: 'flaky',
      send: async (m) => {
        if (m.to[0] === 'dan@example.org') throw new DeliveryError('connection lost after DATA', false);
        return real.send(m);
      },
    };
    const first = await run({ mailer: flaky });
    expect(first.results.find((r) => r.department_id === 'D04')).toMatchObject({
      status: 'failed',
      recipients: [
        {
          recipient: 'dan@example.org',
          status: 'unconfirmed',
          error: expect.stringMatching(/outcome unknown.*--resend/),
          error_kind: 'outcome_unknown',
        },
      ],
    });
    const ledger = new FsStorage(ledgerDir);
    expect(await ledger.get(ledgerKeys('2024-05', 'D04', 'dan@example.org').claim)).toBeDefined();
    expect(await ledger.get(ledgerKeys('2024-05', 'D04', 'dan@example.org').sent)).toBeUndefined();

    const second = await run();
    expect(recipientsReceived()).not.toContain('dan@example.org');
    expect(second.results.find((r) => r.department_id === 'D04')!.recipients[0]!.status).toBe('unconfirmed');

    await run({ resend: true });
    expect(recipientsReceived()).toContain('dan@example.org');
  });

  it('a crash between claim and send is treated the same way (at most once)', async () => {
    // Simulate the crash: a claim with no sent record, as a killed process would leave.
    const ledger = new FsStorage(ledgerDir);
    await ledger.put(ledgerKeys('2024-05', 'D01', 'bob@example.org').claim, '{}');
    const { results } = await run();
    expect(results[0]!.status).toBe('partial');
    expect(results[0]!.recipients.map((r) => [r.recipient, r.status])).toEqual([
      ['ann@example.org', 'sent'],
      ['bob@example.org', 'unconfirmed'],
    ]);
    expect(recipientsReceived()).not.toContain('bob@example.org');
  });

  it('two runs at the same time email each lead exactly once', async () => {
    const [a, b] = await Promise.all([run(), run()]);
    expect(recipientsReceived()).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org', 'dan@example.org', 'gone@example.org']);
    // Whichever run lost a race reports it (unconfirmed) rather than sending twice.
    const all = [...a.results, ...b.results].flatMap((r) => r.recipients);
    expect(all.filter((r) => r.status === 'sent')).toHaveLength(5);
  });

  it('an address that is not an email fails that lead only', async () => {
    const { results } = await run({
      departments: [{ department_id: 'D09', name: 'X', lead_emails: ['not-an-address', 'eve@example.org'] }],
    });
    expect(results[0]).toMatchObject({
      status: 'partial',
      recipients: [
        { recipient: 'not-an-address', status: 'failed', error: 'not an email address', error_kind: 'invalid_address' },
        { status: 'sent' },
      ],
    });
  });

  it('refuses a malformed month', async () => {
    await expect(
      sendMonthlyEmails({
        month: '2024-5',
        departments: [],
        render: async () => sampleEmail(),
        mailer: { name: 'x', send: async () => ({ messageId: '' }) },
        ledger: new FsStorage(ledgerDir),
      }),
    ).rejects.toThrow(/month must be YYYY-MM/);
  });
});
