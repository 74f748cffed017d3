// The 100 KB budget on real data: a sample generated with the default generator, ingested into a lake,
// the latest complete month computed on DuckDB, and the busiest department's email rendered.
// The default sample (200,000 messages, 2010-2017), as `npm start` makes it; email.test.ts separately
// shows the size does not grow with volume.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataCutoff, latestCompleteMonth, runMonthly } from '../../lib/analysis/index.ts';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { ingest } from '../../lib/ingest/index.ts';
import { renderDepartmentEmail } from '../../lib/render/index.ts';
import { buildDepartmentReport } from '../../lib/report/index.ts';
import type { MonthlyResult } from '../../lib/results/types.ts';
import { DEFAULT_MESSAGES, generateSample } from '../../lib/sample/index.ts';
import { SETTINGS_WITH_LINK, busiestDepartment } from './fixtures.ts';

const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const int = new Intl.NumberFormat('en-US');

let dir: string;
let monthly: MonthlyResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pp-render-sample-'));
  const settings = SETTINGS_WITH_LINK;
  await generateSample({ outDir: join(dir, 'export'), messages: DEFAULT_MESSAGES });
  await ingest({ inputDir: join(dir, 'export'), lakeDir: join(dir, 'lake'), settings });
  const engine = await openDuckDbEngine({ lakeDir: join(dir, 'lake'), timezone: settings.timezone });
  try {
    const cutoff = await dataCutoff(engine);
    if (!cutoff) throw new Error('the sample lake holds no messages');
    const month = await latestCompleteMonth(engine, cutoff, settings.timezone);
    monthly = await runMonthly({ engine, settings, month });
  } finally {
    await engine.close();
  }
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the email for the busiest department of the default sample', () => {
  it('is under 100 KB with all three charts', async () => {
    const id = busiestDepartment(monthly);
    const email = await renderDepartmentEmail(buildDepartmentReport(monthly, id, SETTINGS_WITH_LINK), SETTINGS_WITH_LINK);
    const size = Buffer.byteLength(email.html, 'utf8');
    console.info(
      `generated sample ${monthly.month}: busiest department ${id}, email HTML ${size} bytes, ${email.attachments.length} charts`,
    );
    expect(size).toBeLessThan(100 * 1024);
    expect(email.attachments).toHaveLength(3);
  });
});

describe('every department email of the default sample', () => {
  it('shows its share of all patient messages replied within 1 day as x% (n/N), and hides none of its own figures', async () => {
    const ids = Object.keys(monthly.departments).sort();
    expect(ids.length).toBeGreaterThan(30);
    let withMessages = 0;
    for (const id of ids) {
      const section = monthly.departments[id]!;
      const model = buildDepartmentReport(monthly, id, SETTINGS_WITH_LINK);
      // The department audience: its lead sees its own figures exactly.
      for (const f of model.headlines) expect(f.value.suppressed, `${id} ${f.key}`).toBe(false);
      const { n, N } = section.response.within_1d_of_all;
      if (section.messages.patient_side === 0 || N === 0) continue;
      withMessages++;
      const expected = `${oneDecimal.format((100 * n) / N)}% (${int.format(n)}/${int.format(N)})`;
      const email = await renderDepartmentEmail(model, SETTINGS_WITH_LINK);
      expect(email.text, id).toContain(`Replied within 1 day: ${expected}`);
      expect(email.html, id).toContain(expected);
      expect(Buffer.byteLength(email.html, 'utf8'), id).toBeLessThan(100 * 1024);
    }
    console.info(`default sample ${monthly.month}: ${withMessages} of ${ids.length} department emails checked`);
    expect(withMessages).toBeGreaterThan(30);
  }, 300_000);
});
