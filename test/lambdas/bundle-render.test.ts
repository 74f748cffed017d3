// The department-send bundle renders a real department email (MJML template, Vega charts, PNG through
// resvg with the bundled DejaVu font) in a plain Node process outside the repository, using only what the
// bundle ships: the probe is bundled with the handler's esbuild options into the packaged bundle folder.
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDepartments, runMonthly } from '../../lib/analysis/index.ts';
import { copyCommands, esbuildOptions, REPO_ROOT } from '../../lib/constructs/lambda-bundles.ts';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { ingest } from '../../lib/ingest/index.ts';
import { generateSample } from '../../lib/sample/index.ts';
import { resolveSettings } from '../../lib/settings/index.ts';

const settings = resolveSettings({ timezone: 'America/Chicago' });
let work: string;
let department = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pp-bundle-render-'));
  await generateSample({ outDir: join(work, 'export'), messages: 1500, seed: 11, fromYear: 2017, toYear: 2017 });
  await ingest({ inputDir: join(work, 'export'), lakeDir: join(work, 'lake'), settings });
  const engine = await openDuckDbEngine({ lakeDir: join(work, 'lake'), timezone: settings.timezone });
  try {
    const monthly = await runMonthly({ engine, settings, month: '2017-06' });
    writeFileSync(join(work, 'monthly.json'), JSON.stringify(monthly));
    department = (await listDepartments(engine)).find(
      (d) => d.lead_emails.length > 0 && d.department_id in monthly.departments,
    )!.department_id;
  } finally {
    await engine.close();
  }
  const bundle = join(work, 'bundle');
  const { entryPoints: _e, outfile: _o, ...options } = esbuildOptions('department-send', 'unused') as esbuild.BuildOptions;
  await esbuild.build({ ...options, entryPoints: [join(REPO_ROOT, 'test/lambdas/render-probe.ts')], outfile: join(bundle, 'probe.mjs') });
  for (const cmd of copyCommands('department-send', REPO_ROOT.replace(/\/$/, ''), bundle)) execSync(cmd);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('department-send bundle', () => {
  it('renders an email with PNG charts from the packaged templates and font only', () => {
    const stdout = execFileSync(
      process.execPath,
      [join(work, 'bundle', 'probe.mjs'), join(work, 'monthly.json'), department, settings.timezone],
      {
        cwd: tmpdir(),
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', PORTAL_PULSE_TEMPLATES: join(work, 'bundle', 'templates') },
      },
    );
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as {
      subject: string;
      html: number;
      attachments: { type: string; bytes: number; cid?: string }[];
    };
    expect(out.subject.length).toBeGreaterThan(5);
    expect(out.html).toBeGreaterThan(2000);
    const pngs = out.attachments.filter((a) => a.type === 'image/png');
    expect(pngs.length).toBeGreaterThan(0);
    for (const p of pngs) {
      expect(p.bytes).toBeGreaterThan(1000);
      expect(p.cid).toBeTruthy();
    }
  });
});
