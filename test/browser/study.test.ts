// The study page in a real Chromium, on a real study of the sample (eight years, every category): it fits
// 1280 px and A4 print with no overflow, its charts show, it makes no request, and each "Download CSV"
// link gives the browser exactly the tables/<name>.csv that publishing wrote beside study.json.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishStudy, studyPageKey } from '../../lib/publish/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { FsStorage } from '../../lib/storage/index.ts';
import { sampleStudy, type SampleStudy } from '../report/study-sample.ts';
import { CHROMIUM, chromiumAvailable, openBrowser, type Browser, type PageCheck } from './harness.ts';

let browser: Browser;
let sample: SampleStudy;
const pages: Record<'organisation' | 'public', { html: string; dir: string }> = {
  organisation: { html: '', dir: '' },
  public: { html: '', dir: '' },
};

beforeAll(async () => {
  if (!chromiumAvailable())
    throw new Error(`Chromium not found at ${CHROMIUM}: run "apt-get install -y chromium" or set PORTAL_PULSE_CHROMIUM`);
  [browser, sample] = await Promise.all([openBrowser(), sampleStudy()]);
  for (const audience of ['organisation', 'public'] as const) {
    const dir = join(sample.root, `out-${audience}`);
    await publishStudy({ study: sample.study, settings: DEFAULT_SETTINGS, storage: new FsStorage(dir), audience });
    pages[audience] = { dir, html: await readFile(join(dir, studyPageKey(sample.study.from, sample.study.to)), 'utf8') };
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sample?.cleanup();
});

function expectClean(check: PageCheck): void {
  const where = check.screenshot;
  expect(check.consoleErrors, `console errors in ${where}`).toEqual([]);
  expect(check.foreignRequests, `requests from ${where}`).toEqual([]);
  expect(check.scrollWidth, `horizontal overflow in ${where}: ${check.overflowing.join(', ')}`).toBeLessThanOrEqual(check.innerWidth);
  expect(check.overflowing, `content past the right edge (perhaps clipped) in ${where}`).toEqual([]);
  expect(check.charts, `charts in ${where}`).toHaveLength(4);
  for (const c of check.charts) {
    expect(c.visible, `${c.what} visible in ${where}`).toBe(true);
    expect(c.width, `${c.what} fits`).toBeLessThanOrEqual(check.innerWidth);
  }
}

describe('the study page in Chromium', () => {
  for (const audience of ['organisation', 'public'] as const) {
    it(`${audience}: at 1280 px, every table fits without scrolling sideways`, async () => {
      const check = await browser.check(pages[audience].html, {
        width: 1280,
        name: `study-${audience}`,
        chartSelector: 'figure.chart svg',
      });
      expectClean(check);
      expect(check.scrollingTables, check.screenshot).toEqual([]);
    }, 60_000);

    it(`${audience}: printed on A4`, async () => {
      // A4 at 96 dpi is about 794 x 1123 CSS px, and 680 px inside the page's 15 mm margins; the print
      // styles shrink the tables to the page.
      for (const width of [794, 680]) {
        expectClean(
          await browser.check(pages[audience].html, {
            width,
            height: 1123,
            name: `study-${audience}`,
            chartSelector: 'figure.chart svg',
            media: 'print',
          }),
        );
      }
    }, 60_000);
  }

  it('at 375 px the tables scroll inside their own box, the page does not', async () => {
    expectClean(
      await browser.check(pages.organisation.html, { width: 375, name: 'study-organisation', chartSelector: 'figure.chart svg' }),
    );
  }, 60_000);

  it('each Download CSV link gives the file written beside study.json, under its name', async () => {
    const got = await browser.downloads(pages.organisation.html, { name: 'study-downloads', selector: 'p.download a' });
    expect(got.length).toBeGreaterThan(15);
    for (const d of got) expect(d.text, d.filename).toBe(await readFile(join(pages.organisation.dir, 'tables', d.filename), 'utf8'));
  }, 300_000);
});
