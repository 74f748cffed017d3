// SesMailer's client-side pacing and its address-free errors, at the SDK boundary (aws-sdk-client-mock),
// with a virtual clock: sends are spaced 1/maxPerSecond apart however many callers send at once.
import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, SesMailer } from '../../lib/delivery/index.ts';
import { sampleEmail } from './fixtures.ts';

const ses = mockClient(SESv2Client);
beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
});

function virtualClock() {
  let now = 1_000_000;
  const sentAt: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    sentAt,
    stamp: () => sentAt.push(now),
  };
}

describe('SesMailer pacing', () => {
  it('spaces concurrent sends to the configured rate (reproduced: ten parallel sends all went at once)', async () => {
    const t = virtualClock();
    ses.on(SendEmailCommand).callsFake(() => (t.stamp(), { MessageId: 'm' }));
    const mailer = new SesMailer(new SESv2Client({ region: 'us-east-1' }), { maxPerSecond: 2, clock: t.clock, sleep: t.sleep });
    await Promise.all(Array.from({ length: 10 }, (_, i) => mailer.send({ ...sampleEmail(), to: [`lead${i}@example.org`] })));
    expect(t.sentAt).toHaveLength(10);
    const gaps = t.sentAt.slice(1).map((x, i) => x - t.sentAt[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    // Unpaced (no rate given), the same ten go without any wait.
    const u = virtualClock();
    ses.on(SendEmailCommand).callsFake(() => (u.stamp(), { MessageId: 'm' }));
    const unpaced = new SesMailer(new SESv2Client({ region: 'us-east-1' }), { clock: u.clock, sleep: u.sleep });
    await Promise.all(Array.from({ length: 10 }, () => unpaced.send(sampleEmail())));
    expect(new Set(u.sentAt).size).toBe(1);
  });

  it('refuses a rate of zero', () => {
    expect(() => new SesMailer(new SESv2Client({ region: 'us-east-1' }), { maxPerSecond: 0 })).toThrow(/maxPerSecond must be above 0/);
  });

  it('keeps recipient addresses out of the error it raises (it is logged and stored in the ledger)', async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message:
          'Email address is not verified. The following identities failed the check in region US-EAST-2: lead@example.org, ' +
          '<other.lead@example.org>',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const err = (await new SesMailer(new SESv2Client({ region: 'us-east-1' }))
      .send({ ...sampleEmail(), to: ['lead@example.org'] })
      .catch((e: unknown) => e)) as DeliveryError;
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.message).toBe(
      'ses: MessageRejected: Email address is not verified. The following identities failed the check in region US-EAST-2: <address>, ' +
        '<<address>>',
    );
    expect(err.notSent).toBe(true);
  });
});
