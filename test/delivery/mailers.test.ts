// The three Mailer adapters. SMTP against a real smtp-server on loopback; files on disk; SES at the
// SDK boundary. Each message is parsed back with mailparser and checked part by part.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand, MessageRejected, SESv2ServiceException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryConfigError, DeliveryError, FilesMailer, SesMailer, SmtpMailer } from '../../lib/delivery/index.ts';
import { PNG, sampleEmail } from './fixtures.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-test-server.ts';

/** What every adapter must produce: HTML + text alternatives, inline PNGs bound to the HTML's cids. */
function expectDepartmentEmail(mail: ParsedMail, to: string): void {
  expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual([to]);
  expect(mail.from?.value[0]?.address).toBe('portal-pulse@example.org');
  expect(mail.subject).toBe('Cardiology & <Heart> "Centre": portal messages, May 2024');
  expect(mail.html).toContain('<h1>Cardiology &amp; &lt;Heart&gt; "Centre"</h1>');
  expect(mail.text).toContain('Replied within 3 days: 91% (412/453)');
  expect(mail.headers.get('x-portal-pulse-report')).toBe('department');
  expect(mail.attachments.map((a) => [a.cid, a.contentType, a.related, a.contentDisposition])).toEqual([
    ['trend-D01', 'image/png', true, 'inline'],
    ['hours-D01', 'image/png', true, 'inline'],
  ]);
  expect(mail.attachments[0]!.content.equals(PNG)).toBe(true);
}

describe('SmtpMailer (real SMTP on loopback)', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer({ auth: { user: 'reports', pass: 's3cret' } });
  });
  afterAll(async () => smtp?.close());
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.reject.clear();
  });
  const env = { PORTAL_PULSE_SMTP_USER: 'reports', PORTAL_PULSE_SMTP_PASSWORD: 's3cret' };
  // SmtpMailer pools its connection: close each one so the server can stop.
  const open: SmtpMailer[] = [];
  const smtpMailer = (...args: ConstructorParameters<typeof SmtpMailer>) => {
    const m = new SmtpMailer(...args);
    open.push(m);
    return m;
  };
  afterEach(() => {
    for (const m of open.splice(0)) m.close();
  });

  it('delivers a multipart message with inline images, logging in with credentials from the environment', async () => {
    const mailer = smtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false }, env);
    const { messageId } = await mailer.send({ ...sampleEmail(), to: ['lead@example.org'] });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ from: 'portal-pulse@example.org', to: ['lead@example.org'], user: 'reports' });
    const mail = await smtp.parse(0);
    expect(mail.messageId).toBe(messageId);
    expectDepartmentEmail(mail, 'lead@example.org');
  });

  it('a refused recipient is a DeliveryError that is certainly not sent', async () => {
    smtp.reject.add('gone@example.org');
    const mailer = smtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false }, env);
    const err = await mailer.send({ ...sampleEmail(), to: ['gone@example.org'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).notSent).toBe(true);
    expect((err as Error).message).toMatch(/550/);
    expect(smtp.received).toHaveLength(0);
  });

  it('wrong credentials fail clearly and certainly unsent', async () => {
    const mailer = smtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false }, { ...env, PORTAL_PULSE_SMTP_PASSWORD: 'nope' });
    const err = await mailer.send({ ...sampleEmail(), to: ['lead@example.org'] }).catch((e: unknown) => e);
    expect((err as DeliveryError).notSent).toBe(true);
    expect((err as Error).message).toMatch(/Invalid username or password/);
  });

  it('a server that is not there is certainly unsent', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await smtpMailer({ host: '127.0.0.1', port, secure: false }, {})
      .send({ ...sampleEmail(), to: ['a@example.org'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).notSent).toBe(true);
    expect((err as Error).message).toMatch(/ECONNREFUSED|connect/i);
  });

  it('refuses to start without SMTP settings or with half the credentials', () => {
    expect(() => new SmtpMailer(null, {})).toThrow(DeliveryConfigError);
    expect(() => new SmtpMailer(null, {})).toThrow(/no SMTP settings: add "smtp"/);
    expect(() => new SmtpMailer({ host: 'h', port: 25, secure: false }, { PORTAL_PULSE_SMTP_USER: 'u' })).toThrow(
      /set both PORTAL_PULSE_SMTP_USER and PORTAL_PULSE_SMTP_PASSWORD/,
    );
  });
});

describe('FilesMailer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pp-files-mailer-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('writes one parseable .eml per message, named by time and recipient', async () => {
    const mailer = new FilesMailer(join(dir, 'out'));
    const a = await mailer.send({ ...sampleEmail(), to: ['lead@example.org'] });
    await mailer.send({ ...sampleEmail(), to: ['other@example.org'] });
    const files = (await readdir(join(dir, 'out'))).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => /^\d{8}T\d{6}Z-(lead|other)@example\.org-[0-9a-f]{6}\.eml$/.test(f))).toBe(true);
    const mail = await simpleParser(await readFile(mailer.written[0]!));
    expect(mail.messageId).toBe(a.messageId);
    expectDepartmentEmail(mail, 'lead@example.org');
  });
});

describe('SesMailer (SDK boundary)', () => {
  const ses = mockClient(SESv2Client);
  beforeEach(() => ses.reset());
  const mailer = () => new SesMailer(new SESv2Client({ region: 'eu-west-1' }), { configurationSetName: 'portal-pulse' });

  it('sends the same MIME as raw content, with the envelope recipient and configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-123' });
    expect(await mailer().send({ ...sampleEmail(), to: ['lead@example.org'] })).toEqual({ messageId: 'ses-123' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'portal-pulse@example.org',
      Destination: { ToAddresses: ['lead@example.org'] },
      ConfigurationSetName: 'portal-pulse',
    });
    expect(input.Content?.Simple).toBeUndefined();
    expectDepartmentEmail(await simpleParser(Buffer.from(input.Content!.Raw!.Data!)), 'lead@example.org');
  });

  it('a rejection by SES is certainly unsent; a server error leaves the outcome unknown', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } }));
    const rejected = await mailer()
      .send({ ...sampleEmail(), to: ['x@example.org'] })
      .catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(DeliveryError);
    expect((rejected as DeliveryError).notSent).toBe(true);
    expect((rejected as Error).message).toBe('ses: MessageRejected: Email address is not verified.');

    ses
      .on(SendEmailCommand)
      .rejectsOnce(
        new SESv2ServiceException({ name: 'InternalFailure', message: 'boom', $fault: 'server', $metadata: { httpStatusCode: 500 } }),
      );
    const unknown = await mailer()
      .send({ ...sampleEmail(), to: ['x@example.org'] })
      .catch((e: unknown) => e);
    expect((unknown as DeliveryError).notSent).toBe(false);
  });
});
