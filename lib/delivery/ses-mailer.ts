// A Mailer on Amazon SES v2 (the cloud twin of SmtpMailer): the same MIME as the .eml files, sent as
// raw content so inline chart images keep their cid: references. Sends are paced on the client side to
// `maxPerSecond` (this sender's share of the account's maximum send rate: the stack divides the rate by
// the number of senders that can run at once), so a monthly run never relies on SES throttling it.
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { composeMessage } from './compose.ts';
import { DeliveryError } from './errors.ts';
import type { EmailMessage, Mailer } from './mailer.ts';

export interface SesMailerOptions {
  /** An SES configuration set (event destinations for bounces and complaints). */
  configurationSetName?: string;
  /** Most SendEmail calls a second from this mailer (default: unpaced). */
  maxPerSecond?: number;
  /** For tests: how to wait, and what time it is (ms). */
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

/** SES error messages can name the recipient ("... identities failed the check ...: a@b.org"). */
export const redactAddresses = (s: string): string => s.replace(/[^\s@<>,;:"'()[\]]+@[^\s@<>,;:"'()[\]]+/g, '<address>');

export class SesMailer implements Mailer {
  readonly name = 'ses';
  private nextSlot = 0;

  private readonly client: SESv2Client;
  private readonly opts: SesMailerOptions;
  constructor(client: SESv2Client, opts: SesMailerOptions = {}) {
    this.client = client;
    this.opts = opts;
    if (opts.maxPerSecond !== undefined && !(opts.maxPerSecond > 0))
      throw new Error(`SesMailer: maxPerSecond must be above 0, got ${opts.maxPerSecond}`);
  }

  /** Reserves the next send slot (1 / maxPerSecond apart) and waits for it; concurrent callers queue up. */
  private async pace(): Promise<void> {
    const rate = this.opts.maxPerSecond;
    if (!rate) return;
    const clock = this.opts.clock ?? Date.now;
    const now = clock();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / rate;
    if (slot > now) await (this.opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(slot - now);
  }

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const { raw } = await composeMessage(message);
    await this.pace();
    try {
      const out = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: message.from,
          Destination: { ToAddresses: message.to },
          Content: { Raw: { Data: raw } },
          ...(this.opts.configurationSetName ? { ConfigurationSetName: this.opts.configurationSetName } : {}),
        }),
      );
      if (!out.MessageId) throw new DeliveryError('ses: SendEmail returned no MessageId', false);
      return { messageId: out.MessageId };
    } catch (e) {
      if (e instanceof DeliveryError) throw e;
      const err = e as { name?: string; message: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
      // A 4xx answer (MessageRejected, an unverified address, throttling, a paused account) means SES
      // refused the request; a 5xx or a network error leaves the outcome unknown.
      const status = err.$metadata?.httpStatusCode;
      const notSent = err.$fault === 'client' || (status !== undefined && status >= 400 && status < 500);
      // The message goes to logs and the ledger: no recipient address in it (the cause keeps the original).
      throw new DeliveryError(`ses: ${err.name ?? 'Error'}: ${redactAddresses(err.message ?? '')}`, notSent, { cause: e });
    }
  }
}
