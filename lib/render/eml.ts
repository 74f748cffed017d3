// An EmailMessage as an RFC 5322 message (.eml): multipart/alternative (text, then HTML) with the
// charts as inline images in a multipart/related part, each with the Content-ID its `cid:` names.
// The same bytes a mail client would receive, so a lead can open the file in any mail program.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailMessage } from '../delivery/mailer.ts';

export interface ComposeOptions {
  /** The Date header; defaults to now. Tests pin it. */
  date?: Date;
}

/** Builds the full MIME message; file and URL access are disabled so content can only come from memory. */
export async function composeEml(message: EmailMessage, opts: ComposeOptions = {}): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to.length > 0 ? message.to : undefined,
    subject: message.subject,
    text: message.text,
    html: message.html,
    date: opts.date ?? new Date(),
    headers: message.headers,
    disableFileAccess: true,
    disableUrlAccess: true,
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' } : {}),
    })),
  });
  return composer.compile().build();
}

/**
 * The email's HTML with every `cid:` image replaced by a `data:` URI of its attachment, so the HTML
 * can be previewed in a browser on its own. Only for local previews: real mail keeps `cid:` (Gmail and
 * Outlook show no `data:` images).
 */
export function inlineCidImages(message: EmailMessage): string {
  const byCid = new Map(message.attachments.filter((a) => a.cid).map((a) => [a.cid as string, a]));
  return message.html.replace(/(["'])cid:([^"']+)\1/g, (whole, quote: string, cid: string) => {
    const att = byCid.get(cid);
    if (!att) return whole;
    return `${quote}data:${att.contentType};base64,${att.content.toString('base64')}${quote}`;
  });
}
