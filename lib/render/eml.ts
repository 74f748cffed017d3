// An EmailMessage as an RFC 5322 message (.eml): multipart/alternative (text, then HTML) with the
// charts as inline images in a multipart/related part, each with the Content-ID its `cid:` names.
// The same bytes a mail client would receive, so a lead can open the file in any mail program.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailMessage } from '../delivery/mailer.ts';
import { toMailOptions } from '../delivery/compose.ts';

export interface ComposeOptions {
  /** The Date header; defaults to now. Tests pin it. */
  date?: Date;
}

/** Builds the full MIME message with the same structure the mailers send (lib/delivery/compose.ts). */
export async function composeEml(message: EmailMessage, opts: ComposeOptions = {}): Promise<Buffer> {
  const options = toMailOptions(message);
  // A preview may have no recipients yet: leave the To: header out rather than write an empty one.
  const composer = new MailComposer({ ...options, to: message.to.length > 0 ? message.to : undefined, date: opts.date ?? new Date() });
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
