// A Mailer over SMTP (nodemailer). Host, port and TLS come from settings.smtp; the credentials only
// from the environment (PORTAL_PULSE_SMTP_USER / PORTAL_PULSE_SMTP_PASSWORD), never from a file.
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Settings } from '../settings/index.ts';
import { toMailOptions } from './compose.ts';
import { DeliveryConfigError, DeliveryError } from './errors.ts';
import type { EmailMessage, Mailer } from './mailer.ts';

export const SMTP_USER_ENV = 'PORTAL_PULSE_SMTP_USER';
export const SMTP_PASSWORD_ENV = 'PORTAL_PULSE_SMTP_PASSWORD';

/** nodemailer error codes raised before the message body was handed over: nothing was delivered. */
const BEFORE_BODY = new Set(['ECONNECTION', 'EDNS', 'EAUTH', 'ETLS', 'EENVELOPE', 'EMESSAGE', 'ECONFIG']);
/** SMTP commands before DATA: a socket error during one of these means the body never left. */
const BEFORE_DATA = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL|RCPT)\b/i;

export class SmtpMailer implements Mailer {
  readonly name: string;
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(smtp: Settings['smtp'], env: Record<string, string | undefined> = process.env) {
    if (!smtp) {
      throw new DeliveryConfigError(
        'no SMTP settings: add "smtp": {"host": "mail.example.org", "port": 587, "secure": false} to the settings file ' +
          `(credentials, if the server needs them, go in ${SMTP_USER_ENV} and ${SMTP_PASSWORD_ENV})`,
      );
    }
    const user = env[SMTP_USER_ENV];
    const pass = env[SMTP_PASSWORD_ENV];
    if (Boolean(user) !== Boolean(pass)) {
      throw new DeliveryConfigError(
        `set both ${SMTP_USER_ENV} and ${SMTP_PASSWORD_ENV}, or neither (only ${user ? SMTP_USER_ENV : SMTP_PASSWORD_ENV} is set)`,
      );
    }
    this.name = `smtp://${smtp.host}:${smtp.port}`;
    this.transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      // secure: TLS from the first byte (port 465); otherwise STARTTLS is used when offered.
      secure: smtp.secure,
      ...(user && pass ? { auth: { user, pass } } : {}),
      pool: true,
      maxConnections: 1,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
  }

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    let info: SMTPTransport.SentMessageInfo;
    try {
      info = await this.transport.sendMail(toMailOptions(message));
    } catch (e) {
      const err = e as { code?: string; command?: string; responseCode?: number; response?: string; message: string };
      // A reply code from the server means it refused; a failure before DATA means nothing left.
      // Only a socket error during or after DATA is ambiguous (the server may have queued it).
      const notSent = typeof err.responseCode === 'number' || BEFORE_BODY.has(err.code ?? '') || BEFORE_DATA.test(err.command ?? '');
      throw new DeliveryError(`${this.name}: ${err.response ?? err.message}`, notSent, { cause: e });
    }
    if (info.rejected.length > 0) {
      // Some recipients accepted, some refused: the refused ones certainly got nothing.
      const rejected = info.rejected.map((a: string | { address: string }) => (typeof a === 'string' ? a : a.address)).join(', ');
      throw new DeliveryError(`${this.name}: recipient(s) refused: ${rejected}`, info.accepted.length === 0);
    }
    return { messageId: info.messageId };
  }

  close(): void {
    this.transport.close();
  }
}
