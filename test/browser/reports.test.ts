// The email and the pages in a real headless Chromium: no horizontal overflow at phone and desktop
// widths, charts present and visible, no console errors, no network requests. Screenshots land in
// test-artifacts/. One browser launch for the whole file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../lib/delivery/mailer.ts';
import {
  inlineCidImages,
  renderDepartmentEmail,
  renderIndexPage,
  renderOrganisationPage,
  renderStudyPage,
} from '../../lib/render/index.ts';
import { buildDepartmentReport, buildOrganisationReport, buildStudyReport } from '../../lib/report/index.ts';
import { CHROMIUM, chromiumAvailable, openBrowser, type Browser, type PageCheck } from './harness.ts';
import { NASTY_ID, SETTINGS_WITH_LINK, busiestDepartment, loadMonthly, loadStudy } from '../render/fixtures.ts';

let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable()) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run "apt-get install -y chromium" or set PORTAL_PULSE_CHROMIUM`);
  }
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
});

function expectClean(check: PageCheck, expectedCharts: number): void {
  const where = `${check.screenshot}`;
  expect(check.consoleErrors, `console errors in ${where}`).toEqual([]);
  expect(check.foreignRequests, `requests from ${where}`).toEqual([]);
  expect(check.scrollWidth, `horizontal overflow in ${where}: ${check.overflowing.join(', ')}`).toBeLessThanOrEqual(check.innerWidth);
  expect(check.overflowing, `content past the right edge (perhaps clipped) in ${where}`).toEqual([]);
  expect(check.charts, `charts in ${where}`).toHaveLength(expectedCharts);
  for (const c of check.charts) {
    expect(c.loaded, `${c.what} loaded in ${where}`).toBe(true);
    expect(c.visible, `${c.what} visible in ${where}`).toBe(true);
    expect(c.width, `${c.what} width`).toBeGreaterThan(100);
    expect(c.height, `${c.what} height`).toBeGreaterThan(50);
    expect(c.width, `${c.what} fits`).toBeLessThanOrEqual(check.innerWidth);
  }
}

describe('the harness itself', () => {
  it('catches a request, an overflow and a console error', async () => {
    const check = await browser.check(
      '<!doctype html><body><div style="width:2000px">wide</div><img src="https://example.org/x.png" ' +
        'alt=""><script>console.error("boom")</script></body>',
      { width: 375, name: 'harness-control', chartSelector: 'svg' },
    );
    expect(check.foreignRequests).toContain('https://example.org/x.png');
    expect(check.scrollWidth).toBeGreaterThan(check.innerWidth);
    expect(check.overflowing).toEqual(['div right=2008']);
    expect(check.consoleErrors).toContain('boom');
  });

  it('catches content clipped by overflow:hidden, which scrollWidth misses', async () => {
    const check = await browser.check(
      '<!doctype html><body style="margin:0"><div style="overflow:hidden"><table id="wide" ' +
        'style="width:900px"><tr><td>x</td></tr></table></div></body>',
      { width: 375, name: 'harness-clipped', chartSelector: 'svg' },
    );
    expect(check.scrollWidth).toBeLessThanOrEqual(check.innerWidth);
    expect(check.overflowing.some((o) => o.startsWith('table#wide'))).toBe(true);
  });
});

describe('the department email in Chromium', () => {
  const monthly = loadMonthly();
  const rendered = new Map<string, Promise<EmailMessage>>();
  const emailFor = (id: string): Promise<EmailMessage> => {
    if (!rendered.has(id))
      rendered.set(id, renderDepartmentEmail(buildDepartmentReport(monthly, id, SETTINGS_WITH_LINK), SETTINGS_WITH_LINK));
    return rendered.get(id)!;
  };
  // The busiest and the smallest department (Sleep Medicine: 9 patient messages), and the name with <, &, quotes.
  for (const id of [busiestDepartment(monthly), 'd-sleep', NASTY_ID]) {
    for (const width of [375, 1024]) {
      it(`${id} at ${width} px`, async () => {
        const email = await emailFor(id);
        // A browser cannot resolve cid: (a mail client does): swap in the attachment bytes.
        const check = await browser.check(inlineCidImages(email), { width, name: `email-${id}`, chartSelector: 'img[data-chart]' });
        expectClean(check, email.attachments.length);
        expect(check.charts).toHaveLength(3);
        expect(Buffer.byteLength(email.html, 'utf8')).toBeLessThan(100 * 1024);
      });
    }
  }
});

describe('the pages in Chromium', () => {
  const pages: Array<{ name: string; html: () => Promise<string>; charts: number }> = [
    {
      name: 'organisation',
      html: () => renderOrganisationPage(buildOrganisationReport(loadMonthly(), SETTINGS_WITH_LINK)),
      charts: 3,
    },
    { name: 'study', html: () => renderStudyPage(buildStudyReport(loadStudy(), SETTINGS_WITH_LINK)), charts: 4 },
    {
      name: 'index',
      html: async () =>
        renderIndexPage([
          {
            kind: 'organisation',
            title: 'Organisation report, June 2017',
            href: 'pages/organisation-2017-06.html',
            period: '2017-06',
            generatedAt: '2017-07-01T06:00:00Z',
          },
          {
            kind: 'study',
            title: 'Study report, January 2016 to December 2017',
            href: 'pages/study-2016-01_2017-12.html',
            period: '2016-01_2017-12',
            generatedAt: '2018-01-02T06:00:00Z',
          },
          {
            kind: 'department',
            title: 'Dermatology <Main> & "Skin" O\'Neil Clinic, a long department name that must wrap',
            href: 'emails/2017-06/d-derm.html',
            period: '2017-06',
            generatedAt: '',
          },
          { kind: 'department', title: 'Sleep Medicine', href: 'emails/2017-06/d-sleep.html', period: '2017-06', generatedAt: '' },
          { kind: 'department', title: 'Sleep Medicine', href: 'emails/2017-05/d-sleep.html', period: '2017-05', generatedAt: '' },
        ]),
      charts: 0,
    },
  ];
  const cache = new Map<string, Promise<string>>();
  for (const p of pages) {
    for (const width of [375, 1024]) {
      it(`${p.name} page at ${width} px`, async () => {
        if (!cache.has(p.name)) cache.set(p.name, p.html());
        const check = await browser.check(await cache.get(p.name)!, { width, name: `page-${p.name}`, chartSelector: 'figure.chart svg' });
        expectClean(check, p.charts);
      });
    }
  }

  it('organisation page at 1280 px: the department table fits without sideways scrolling', async () => {
    if (!cache.has('organisation')) cache.set('organisation', pages[0]!.html());
    const check = await browser.check(await cache.get('organisation')!, {
      width: 1280,
      name: 'page-organisation',
      chartSelector: 'figure.chart svg',
      evaluate:
        `(() => { const w = document.querySelector('#table-departments'); return { scroll: w.scrollWidth, client: w.clientWidth ` +
        `}; })()`,
    });
    expectClean(check, 3);
    const box = check.extra as { scroll: number; client: number };
    expect(box.scroll, 'department table scrolls sideways at 1280 px').toBeLessThanOrEqual(box.client);
  });

  it('organisation page at 375 px: the department names stay in view (sticky) while the figures scroll', async () => {
    if (!cache.has('organisation')) cache.set('organisation', pages[0]!.html());
    const check = await browser.check(await cache.get('organisation')!, {
      width: 375,
      name: 'page-organisation-scrolled',
      chartSelector: 'figure.chart svg',
      evaluate:
        `(() => { const w = document.querySelector('#table-departments'); w.scrollLeft = 400; const th = w.querySelector('tbody ` +
        `th[scope=row]'); return { left: th.getBoundingClientRect().left - w.getBoundingClientRect().left, scrolled: w.scrollLeft }; })()`,
    });
    expectClean(check, 3);
    const r = check.extra as { left: number; scrolled: number };
    expect(r.scrolled).toBeGreaterThan(0);
    expect(Math.abs(r.left)).toBeLessThan(2);
  });

  // Printed on A4 (about 794 CSS px wide at 96 dpi): the same checks with print styles on.
  for (const name of ['organisation', 'study']) {
    it(`${name} page printed`, async () => {
      const p = pages.find((x) => x.name === name)!;
      if (!cache.has(name)) cache.set(name, p.html());
      const check = await browser.check(await cache.get(name)!, {
        width: 794,
        height: 1123,
        name: `page-${name}`,
        chartSelector: 'figure.chart svg',
        media: 'print',
      });
      expectClean(check, p.charts);
    });
  }
});
