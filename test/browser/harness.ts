// A real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) for the rendering
// tests: one launch per test file, a fresh profile folder, and every page served from a fake origin
// through request interception so any other request the page makes is caught and reported.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.PORTAL_PULSE_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** Flags from /work/shared/notes/stack.md: no sandbox (containers), no GPU, and nothing phoning home. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ORIGIN = 'http://report.test';

export interface ChartBox {
  what: string;
  width: number;
  height: number;
  /** For <img>: decoded with a non-zero natural size. For SVG: always true. */
  loaded: boolean;
  visible: boolean;
}

export interface PageCheck {
  viewport: number;
  scrollWidth: number;
  innerWidth: number;
  consoleErrors: string[];
  /** Requests other than the page itself (each one is a failure). */
  foreignRequests: string[];
  charts: ChartBox[];
  screenshot: string;
  /** Elements reaching past the viewport's right edge outside a sideways-scrolling box (clipped or not). */
  overflowing: string[];
  /** Table boxes (.table-wrap) whose table is wider than the box, so the reader must scroll it sideways. */
  scrollingTables: string[];
  /** What the `evaluate` expression returned, when one was given. */
  extra?: unknown;
}

interface Measured {
  scrollWidth: number;
  innerWidth: number;
  charts: ChartBox[];
  overflowing: string[];
  scrollingTables: string[];
}

/**
 * Runs in the page (kept as source text: the project's TypeScript has no DOM types). Measures the
 * layout width, each chart's box and load state, and names the first elements wider than the viewport.
 */
const MEASURE = `(selector) => {
  const vw = window.innerWidth;
  const charts = Array.from(document.querySelectorAll(selector)).map((el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const img = el instanceof HTMLImageElement ? el : null;
    return {
      what: (el.getAttribute('data-chart') || el.tagName.toLowerCase()),
      width: r.width,
      height: r.height,
      loaded: img ? img.complete && img.naturalWidth > 0 : true,
      visible: style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0 && r.width > 0 && r.height > 0,
    };
  });
  // Wider than the viewport and not inside a box that scrolls sideways on purpose. This also catches
  // content clipped by an overflow:hidden ancestor, which scrollWidth alone would not show.
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const overflowing = Array.from(document.body.querySelectorAll('*'))
    .filter((el) => {
      const r = el.getBoundingClientRect();
      // Inside an <svg> only the <svg> box counts: a chart's own invisible backgrounds may reach past its viewBox.
      const inSvg = el.parentElement && el.parentElement.closest('svg');
      return r.width > 0 && r.height > 0 && r.right > vw + 0.5 && !inSvg && !inScroller(el);
    })
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' right=' + Math.round(el.getBoundingClientRect().right));
  const scrollingTables = Array.from(document.querySelectorAll('.table-wrap'))
    .filter((el) => el.scrollWidth > el.clientWidth + 1)
    .map((el) => (el.id || 'table-wrap') + ' ' + el.scrollWidth + '/' + el.clientWidth);
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, charts, overflowing, scrollingTables };
}`;

export interface Browser {
  check(
    htmlText: string,
    opts: { width: number; height?: number; name: string; chartSelector: string; media?: 'screen' | 'print'; evaluate?: string },
  ): Promise<PageCheck>;
  /** Clicks every link matching `selector` and returns what the browser downloaded for each, in order. */
  downloads(htmlText: string, opts: { name: string; selector: string }): Promise<Array<{ filename: string; text: string }>>;
  close(): Promise<void>;
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function openBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'pp-chromium-'));
  await mkdir(ARTIFACTS, { recursive: true });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1024, height: 800 },
      offline: false,
    });
  } catch (e) {
    await rm(profile, { recursive: true, force: true });
    throw e;
  }

  return {
    async check(htmlText, opts) {
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      const foreign = new Set<string>();
      const pageUrl = `${ORIGIN}/${encodeURIComponent(opts.name)}.html`;
      page.on('console', (msg) => {
        if (msg.type() === 'error') consoleErrors.push(msg.text());
      });
      page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`));
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url === pageUrl) {
          await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: htmlText });
        } else {
          foreign.add(url);
          await route.abort('blockedbyclient');
        }
      });
      // Requests the router never sees (e.g. blocked earlier) still show up here.
      page.on('request', (req) => {
        const url = req.url();
        if (url !== pageUrl && !url.startsWith('data:')) foreign.add(url);
      });
      await page.setViewportSize({ width: opts.width, height: opts.height ?? 900 });
      if (opts.media) await page.emulateMedia({ media: opts.media });
      await page.goto(pageUrl, { waitUntil: 'load' });
      const measured = (await page.evaluate(`(${MEASURE})(${JSON.stringify(opts.chartSelector)})`)) as Measured;
      const extra: unknown = opts.evaluate ? await page.evaluate(opts.evaluate) : undefined;
      const screenshot = join(ARTIFACTS, `${opts.name}-${opts.width}${opts.media === 'print' ? '-print' : ''}.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      await page.close();
      return {
        viewport: opts.width,
        consoleErrors,
        foreignRequests: [...foreign],
        screenshot,
        ...measured,
        ...(opts.evaluate ? { extra } : {}),
      };
    },
    async downloads(htmlText, opts) {
      const pageUrl = `${ORIGIN}/${encodeURIComponent(opts.name)}.html`;
      const open = async () => {
        const page = await context.newPage();
        await page.route('**/*', async (route) => {
          if (route.request().url() === pageUrl)
            await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: htmlText });
          else await route.abort('blockedbyclient');
        });
        await page.goto(pageUrl, { waitUntil: 'load' });
        return page;
      };
      const out: Array<{ filename: string; text: string }> = [];
      const first = await open();
      const count = await first.locator(opts.selector).count();
      await first.close();
      for (let i = 0; i < count; i++) {
        // One page per download: Chromium blocks a page's downloads after its first few ("multiple automatic
        // downloads") and the rest never start. Generous timeouts: the machine is shared.
        const page = await open();
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 120_000 }),
          page.locator(opts.selector).nth(i).click({ timeout: 120_000 }),
        ]);
        const path = await download.path();
        out.push({ filename: download.suggestedFilename(), text: await readFile(path, 'utf8') });
        await page.close();
      }
      return out;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
