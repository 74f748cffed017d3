// A Mailer on Amazon SES v2 (the cloud twin of SmtpMailer): the same MIME as the .eml files, sent as
// raw content so inline chart images keep their cid: references.
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { composeMessage } from './compose.ts';
import { DeliveryError } from './errors.ts';
import type { EmailMessage, Mailer } from './mailer.ts';

export interface SesMailerOptions {
  /** An SES configuration set (event destinations for bounces and complaints). */
  configurationSetName?: string;
}

export class SesMailer implements Mailer {
  readonly name = 'ses';

  constructor(
    private readonly client: SESv2Client,
    private readonly opts: SesMailerOptions = {},
  ) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const { raw } = await composeMessage(message);
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
      throw new DeliveryError(`ses: ${err.name ?? 'Error'}: ${err.message}`, notSent, { cause: e });
    }
  }
}
