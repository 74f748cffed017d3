// Turns the port's EmailMessage into MIME (RFC 5322) with nodemailer's MailComposer: one place that
// decides the message structure for every adapter (.eml files, SES raw mail) so they are identical.
// Inline images (attachments with a cid) land in multipart/related beside the HTML; text and HTML
// are multipart/alternative.
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { EmailMessage } from './mailer.ts';

/** The message as nodemailer options (also what SmtpMailer hands to its transport). */
export function toMailOptions(m: EmailMessage): Mail.Options {
  return {
    from: m.from,
    to: m.to,
    subject: m.subject,
    html: m.html,
    text: m.text,
    headers: m.headers,
    // Content only ever comes from memory: never let a path or URL in a message read a file or fetch.
    disableFileAccess: true,
    disableUrlAccess: true,
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
    })),
  };
}

/** The complete raw message and its Message-ID header value. */
export async function composeMessage(m: EmailMessage): Promise<{ raw: Buffer; messageId: string }> {
  const node = new MailComposer(toMailOptions(m)).compile();
  const messageId = node.messageId();
  const raw = await new Promise<Buffer>((resolve, reject) => node.build((err, buf) => (err ? reject(err) : resolve(buf))));
  return { raw, messageId };
}
