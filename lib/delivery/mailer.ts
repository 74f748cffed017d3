// The delivery port: how an email leaves. Adapters: files (.eml on disk), SMTP (nodemailer), SES.

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID for inline images referenced as `cid:...` from the HTML. */
  cid?: string;
}

export interface EmailMessage {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
  /** Extra headers, e.g. X-Portal-Pulse-Month. */
  headers?: Record<string, string>;
}

export interface Mailer {
  readonly name: string;
  /** Sends one message; resolves with the transport's message id, rejects on failure. */
  send(message: EmailMessage): Promise<{ messageId: string }>;
}
