import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../lib/delivery/mailer.ts';
import { composeEml, renderDepartmentEmail } from '../../lib/render/index.ts';
import { buildDepartmentReport } from '../../lib/report/index.ts';
import type { DepartmentReportModel } from '../../lib/report/model-types.ts';
import type { MonthlyResult } from '../../lib/results/types.ts';
import {
  LINK_BASE,
  NASTY_ID,
  SETTINGS,
  SETTINGS_WITH_LINK,
  busiestDepartment,
  loadMonthly,
  loadPreliminaryMonthly,
  scaleCounts,
} from './fixtures.ts';

const BUDGET = 100 * 1024;

let monthly: MonthlyResult;
const models = new Map<string, DepartmentReportModel>();
const emails = new Map<string, EmailMessage>();

beforeAll(async () => {
  monthly = loadMonthly();
  for (const id of Object.keys(monthly.departments)) {
    const model = buildDepartmentReport(monthly, id, SETTINGS_WITH_LINK);
    models.set(id, model);
    emails.set(id, await renderDepartmentEmail(model, SETTINGS_WITH_LINK));
  }
});

const cidsIn = (html: string): string[] => [...html.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1] as string);

describe('renderDepartmentEmail', () => {
  it('keeps the busiest department’s HTML body under 100 KB', () => {
    const id = busiestDepartment(monthly);
    const size = Buffer.byteLength(emails.get(id)!.html, 'utf8');
    console.info(`email HTML for ${id} (busiest fixture department): ${size} bytes`);
    expect(size).toBeLessThan(BUDGET);
  });

  it('does not grow with message volume (the same month 1000 times busier)', async () => {
    const id = busiestDepartment(monthly);
    const big = scaleCounts(monthly, 1000);
    const small = emails.get(id)!.html;
    const large = (await renderDepartmentEmail(buildDepartmentReport(big, id, SETTINGS_WITH_LINK), SETTINGS_WITH_LINK)).html;
    // Only digits and thousands separators may be added (a few per figure), never rows or markup.
    expect(Buffer.byteLength(large)).toBeLessThan(BUDGET);
    expect(Math.abs(Buffer.byteLength(large) - Buffer.byteLength(small))).toBeLessThan(0.05 * Buffer.byteLength(small));
    expect(large.split('<tr').length).toBe(small.split('<tr').length);
  });

  it('references each chart by cid: with a PNG attachment for every cid, and no SVG or data: URI', () => {
    for (const [id, email] of emails) {
      const cids = cidsIn(email.html);
      const attached = email.attachments.map((a) => a.cid);
      expect(new Set(cids), id).toEqual(new Set(attached));
      for (const a of email.attachments) {
        expect(a.contentType).toBe('image/png');
        expect(a.content.subarray(1, 4).toString('latin1')).toBe('PNG');
      }
      expect(email.html).not.toMatch(/<svg/i);
      expect(email.html).not.toMatch(/data:/i);
    }
    // The busiest department has all three charts.
    expect(cidsIn(emails.get(busiestDepartment(monthly))!.html)).toHaveLength(3);
  });

  it('gives every image alt text that states numbers', () => {
    for (const email of emails.values()) {
      const imgs = [...email.html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
      for (const img of imgs) expect(img).toMatch(/alt="[^"]*\d[^"]*"/);
    }
  });

  it('uses real table semantics: every header cell has a scope, every table a caption', () => {
    const html = emails.get(busiestDepartment(monthly))!.html;
    const ths = [...html.matchAll(/<th\b[^>]*>/g)].map((m) => m[0]);
    expect(ths.length).toBeGreaterThan(10);
    for (const th of ths) expect(th).toMatch(/scope="(col|row|rowgroup)"/);
    const dataTables = html.match(/<table class="pp-table"/g) ?? [];
    expect(dataTables.length).toBeGreaterThanOrEqual(2);
    expect((html.match(/<caption/g) ?? []).length).toBe(dataTables.length);
  });

  it('prints every headline figure and comparison in both the HTML and the plain-text part', () => {
    for (const [id, email] of emails) {
      const model = models.get(id)!;
      for (const f of model.headlines) {
        expect(email.text, `${id} ${f.key}`).toContain(`${f.label}: ${f.value.text}`);
        expect(email.html).toContain(escapeForCheck(f.value.text));
        for (const c of f.comparisons) {
          expect(email.text).toContain(c.change.sentence.replace(/\.$/, ''));
          expect(email.html).toContain(escapeForCheck(c.change.sentence));
        }
      }
      for (const chart of Object.values(model.charts)) if (chart) expect(email.text).toContain(chart.alt);
    }
  });

  it('says "better" or "worse" in words wherever colour marks a change, and leaves no slot unfilled', () => {
    let assessed = 0;
    for (const [id, email] of emails) {
      const model = models.get(id)!;
      const all = model.headlines.flatMap((f) => f.comparisons);
      for (const word of ['better', 'worse'] as const) {
        const expected = all.filter((c) => c.change.assessment === word).length;
        assessed += expected;
        expect((email.html.match(new RegExp(`>\\(${word}\\)</strong>`, 'g')) ?? []).length, `${id} ${word}`).toBe(expected);
      }
      expect(email.html).not.toContain('{{');
    }
    expect(assessed).toBeGreaterThan(0);
  });

  it('escapes a department name holding <, & and quotes, and keeps it verbatim in the text part and subject', () => {
    const email = emails.get(NASTY_ID)!;
    const name = monthly.departments[NASTY_ID]!.name!;
    expect(name).toMatch(/[<&"']/);
    expect(email.html).not.toContain(name);
    expect(email.html).not.toContain('<Main>');
    expect(email.html).toContain(escapeForCheck(name));
    expect(email.text).toContain(name);
    expect(email.subject).toContain(name);
  });

  it('links to the hosted organisation page when reports.link_base is set, and not otherwise', async () => {
    const id = busiestDepartment(monthly);
    const withLink = emails.get(id)!;
    expect(withLink.html).toContain(`href="${LINK_BASE}`);
    expect(withLink.text).toContain(LINK_BASE);
    const without = await renderDepartmentEmail(buildDepartmentReport(monthly, id, SETTINGS), SETTINGS);
    expect(without.html).not.toMatch(/<a\b/);
    expect(without.text).not.toContain('http');
  });

  it('sends from the configured address, with month and department headers, and no recipient yet', () => {
    const email = emails.get(NASTY_ID)!;
    expect(email.from).toBe(SETTINGS_WITH_LINK.reports.from_address);
    expect(email.to).toEqual([]);
    expect(email.headers).toEqual({ 'X-Portal-Pulse-Month': monthly.month, 'X-Portal-Pulse-Department': NASTY_ID });
  });

  it('parses back from .eml with HTML, text and inline images whose cids match the HTML', async () => {
    const email = emails.get(busiestDepartment(monthly))!;
    const parsed = await simpleParser(await composeEml({ ...email, to: ['lead@example.org'] }), { skipImageLinks: true });
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.text?.trim()).toBe(email.text.trim());
    const html = typeof parsed.html === 'string' ? parsed.html : '';
    const cids = cidsIn(html);
    expect(cids.length).toBe(3);
    const related = parsed.attachments.filter((a) => a.related);
    expect(new Set(related.map((a) => a.contentId?.replace(/^<|>$/g, '')))).toEqual(new Set(cids));
    for (const a of related) expect(a.contentType).toBe('image/png');
  });
});

/** How escapeHtml prints a display string (the checks must not depend on the renderer's helper). */
function escapeForCheck(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

describe('a preliminary month in every email', () => {
  it('puts "Preliminary" and the cut-off in the subject, the first line of the text part and the first paragraph of the HTML', async () => {
    const prelim = loadPreliminaryMonthly();
    for (const id of Object.keys(prelim.departments)) {
      const email = await renderDepartmentEmail(buildDepartmentReport(prelim, id, SETTINGS), SETTINGS);
      expect(email.subject, id).toMatch(/^Preliminary \(data up to 3 July 2017, 09:05 \(America\/Chicago\)\): /);
      expect(email.text.split('\n')[0], id).toMatch(/^Preliminary: data up to 3 July 2017, 09:05 \(America\/Chicago\)/);
      const body = email.html.slice(email.html.indexOf('<body'));
      const firstParagraph = /<p\b[^>]*>(.*?)<\/p>/s.exec(body.slice(body.indexOf('PRELIMINARY')))?.[1] ?? '';
      expect(body, id).toContain('PRELIMINARY');
      expect(firstParagraph, id).toMatch(/^<strong>Preliminary: data up to 3 July 2017, 09:05/);
    }
  });

  it('a complete month carries no stamp', () => {
    expect(monthly.preliminary).toBe(false);
    const email = emails.get('d-sleep')!;
    expect(email.subject).toBe('Patient messaging report, June 2017: Sleep Medicine');
    expect(email.text).not.toMatch(/preliminary/i);
  });
});
