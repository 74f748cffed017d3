// Sends the sign-in links page-access queued (SQS, one request per message). Only here is it decided
// whether the address is a lead's: the page-access answer has already gone, the same for everyone. A
// request older than a link's lifetime is dropped (the person has given up); a send that SES refused
// for a reason that may pass (throttling) is left on the queue to be retried; one that keeps failing
// lands in the dead-letter queue (alarm).
import { DeliveryError } from '../../lib/delivery/errors.ts';
import type { Mailer } from '../../lib/delivery/mailer.ts';
import { escapeHtml } from '../../lib/render/html.ts';
import type { Storage } from '../../lib/storage/storage.ts';
import { createLogger, errorFields, type Logger } from '../shared/log.ts';
import type { KeySource } from '../page-access/keyring.ts';
import { isLead, type SignInRequest } from '../page-access/leads.ts';
import { leadId, newNonce, safeNext, signLink } from '../page-access/session.ts';

export interface SqsEvent {
  Records: { messageId: string; body: string }[];
}

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface SignInSenderDeps {
  keys: KeySource;
  results: Storage;
  mailer: Mailer;
  senderAddress: string;
  linkBase: string;
  linkMinutes: number;
  now?: () => Date;
  logger?: Logger;
}

export function createSignInSender(deps: SignInSenderDeps): (event: SqsEvent) => Promise<SqsBatchResponse> {
  const now = deps.now ?? (() => new Date());
  const base = deps.linkBase.replace(/\/+$/, '');
  const log = deps.logger ?? createLogger({ handler: 'sign-in-sender' });

  async function sendOne(req: SignInRequest): Promise<void> {
    const nowS = Math.floor(now().getTime() / 1000);
    const keys = await deps.keys();
    const lead = leadId(keys.pseudonym, req.email);
    if (nowS - req.requested_at > deps.linkMinutes * 60) {
      log.warn('sign-in request dropped: too old', { lead });
      return;
    }
    if (!(await isLead(deps.results, req.email))) {
      log.info('sign-in request for an address that is not a lead', { lead, sent: false });
      return;
    }
    const token = signLink(keys.ring, {
      email: req.email.toLowerCase(),
      expiresAt: nowS + deps.linkMinutes * 60,
      next: safeNext(req.next),
      nonce: newNonce(),
    });
    // The token rides in the fragment: browsers never send it, so no access log holds it.
    const link = `${base}/auth/callback#token=${encodeURIComponent(token)}`;
    await deps.mailer.send({
      from: deps.senderAddress,
      to: [req.email],
      subject: 'Your portal-pulse sign-in link',
      text:
        `Open this link within ${deps.linkMinutes} minutes to see your reports. It works once:\n\n${link}\n\nIf you did not ask for ` +
        `it, ignore this email.`,
      html:
        `<p>Open this link within ${deps.linkMinutes} minutes to see your reports. It works once:</p><p><a ` +
        `href="${escapeHtml(link)}">Sign in to portal-pulse reports</a></p><p>If you did not ask for it, ignore this email.</p>`,
      attachments: [],
    });
    log.info('sign-in link sent', { lead, sent: true });
  }

  return async (event) => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records ?? []) {
      let req: SignInRequest;
      try {
        req = JSON.parse(record.body) as SignInRequest;
        if (typeof req.email !== 'string' || typeof req.requested_at !== 'number') throw new Error('not a sign-in request');
      } catch (e) {
        log.error('unreadable sign-in request dropped', { message_id: record.messageId, error_name: (e as Error).name });
        continue;
      }
      try {
        await sendOne(req);
      } catch (e) {
        // A refusal SES will repeat (MessageRejected, an unverified address) is final; anything else is retried.
        const final = e instanceof DeliveryError && e.notSent && !/throttl|rate exceeded|too many/i.test(e.message);
        log.error('sign-in link not sent', { ...errorFields(e), message_id: record.messageId, retried: !final });
        if (!final) failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}
