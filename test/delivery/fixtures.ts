// A small but realistic department email: HTML referencing two inline PNG charts by cid, a text part,
// and a department name that needs escaping.
import type { EmailMessage } from '../../lib/delivery/mailer.ts';

// A valid 1x1 PNG.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function sampleEmail(departmentId = 'D01', name = 'Cardiology & <Heart> "Centre"'): EmailMessage {
  return {
    from: 'portal-pulse@example.org',
    to: [],
    subject: `${name}: portal messages, May 2024`,
    html:
      `<!doctype html><html><body><h1>${name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</h1>` +
      `<img src="cid:trend-${departmentId}" alt="Replied within 3 days: 91% (412/453)"><img src="cid:hours-${departmentId}" alt="by ` +
      `hour"></body></html>`,
    text: `${name}\nReplied within 3 days: 91% (412/453)\n`,
    attachments: [
      { filename: 'trend.png', contentType: 'image/png', content: PNG, cid: `trend-${departmentId}` },
      { filename: 'hours.png', contentType: 'image/png', content: PNG, cid: `hours-${departmentId}` },
    ],
    headers: { 'X-Portal-Pulse-Report': 'department' },
  };
}
