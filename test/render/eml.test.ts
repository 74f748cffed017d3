import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../lib/delivery/mailer.ts';
import { composeEml, inlineCidImages } from '../../lib/render/eml.ts';

// A real 1x1 PNG, so the parsed attachment is checked byte for byte.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const message: EmailMessage = {
  from: 'portal-pulse@example.org',
  to: ['lead@example.org', 'second.lead@example.org'],
  subject: 'Dermatology <Main> & "Skin": June 2017',
  html: '<p>Chart</p><img src="cid:hours@portal-pulse" alt="Hours">',
  text: 'Chart: hours',
  attachments: [{ filename: 'hours.png', contentType: 'image/png', content: PNG, cid: 'hours@portal-pulse' }],
  headers: { 'X-Portal-Pulse-Month': '2017-06' },
};

describe('composeEml', () => {
  it('builds multipart/alternative (text + HTML) with the chart as an inline related image', async () => {
    const raw = await composeEml(message, { date: new Date('2017-07-01T08:00:00Z') });
    const text = raw.toString('utf8');
    expect(text).toMatch(/Content-Type: multipart\/alternative/);
    expect(text).toMatch(/Content-Type: multipart\/related/);
    expect(text).toMatch(/Content-Disposition: inline/);

    // skipImageLinks: keep the cid: references as sent (mailparser would otherwise inline them).
    const parsed = await simpleParser(raw, { skipImageLinks: true });
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text?.trim()).toBe('Chart: hours');
    expect(parsed.html).toContain('cid:hours@portal-pulse');
    const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
    expect(to.flatMap((a) => a?.value.map((v) => v.address) ?? [])).toEqual(message.to);
    expect(parsed.headers.get('x-portal-pulse-month')).toBe('2017-06');
    expect(parsed.attachments).toHaveLength(1);
    const att = parsed.attachments[0]!;
    expect(att.contentType).toBe('image/png');
    expect(att.contentId).toBe('<hours@portal-pulse>');
    expect(att.related).toBe(true);
    expect(att.content.equals(PNG)).toBe(true);
  });

  it('cannot be given an extra header through a value from the data', async () => {
    const raw = await composeEml({
      ...message,
      subject: 'June\r\nBcc: evil@example.org',
      headers: { 'X-Portal-Pulse-Department': 'd1\r\nBcc: evil@example.org' },
    });
    const head = raw.toString('utf8').split('\r\n\r\n')[0]!;
    expect(head).not.toMatch(/^Bcc:/im);
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
  });

  it('leaves To: out when there is no recipient (a file for preview)', async () => {
    const parsed = await simpleParser(await composeEml({ ...message, to: [] }));
    expect(parsed.to).toBeUndefined();
  });
});

describe('inlineCidImages', () => {
  it('swaps each cid: reference for its attachment as a data: URI and leaves unknown cids alone', () => {
    const out = inlineCidImages({ ...message, html: message.html + '<img src="cid:missing">' });
    expect(out).toContain(`src="data:image/png;base64,${PNG.toString('base64')}"`);
    expect(out).toContain('src="cid:missing"');
  });
});
