// The committed templates/email/department.compiled.json is what mjml makes of the source now (a stale file,
// `npx tsx scripts/write-templates.ts` not run, fails here), emails rendered from it are the same bytes as
// emails rendered through mjml, and a process that finds it never loads mjml.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEPARTMENT_TEMPLATE } from '../../lib/render/email/compile.ts';
import { compiledPath, readPrecompiled, sourceHash } from '../../lib/render/email/precompiled.ts';
import { buildDepartmentReport } from '../../lib/report/index.ts';
import { precompiledFiles } from '../../scripts/precompiled-templates.ts';
import { SETTINGS_WITH_LINK, loadMonthly } from './fixtures.ts';

const ROOT = join(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'pp-precompiled-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every fixture department's email HTML and text, rendered by a fresh copy of the render modules. */
async function renderAll(compile: boolean): Promise<Map<string, { html: string; text: string }>> {
  vi.resetModules();
  if (compile) process.env.PORTAL_PULSE_COMPILE_TEMPLATES = '1';
  try {
    const { renderDepartmentEmail } = await import('../../lib/render/email/department-email.ts');
    const monthly = loadMonthly();
    const out = new Map<string, { html: string; text: string }>();
    for (const id of Object.keys(monthly.departments)) {
      const email = await renderDepartmentEmail(buildDepartmentReport(monthly, id, SETTINGS_WITH_LINK), SETTINGS_WITH_LINK);
      out.set(id, { html: email.html, text: email.text });
    }
    return out;
  } finally {
    delete process.env.PORTAL_PULSE_COMPILE_TEMPLATES;
  }
}

describe('the precompiled department template', () => {
  it('is what the source compiles to now (else run npx tsx scripts/write-templates.ts)', async () => {
    for (const { path, text } of await precompiledFiles()) {
      const committed = JSON.parse(readFileSync(join(ROOT, 'templates', path), 'utf8')) as unknown;
      expect(committed, `templates/${path} is stale: run npx tsx scripts/write-templates.ts`).toEqual(JSON.parse(text));
    }
  });

  it('renders every fixture department’s email exactly as compiling with mjml does', async () => {
    const viaFile = await renderAll(false);
    const viaMjml = await renderAll(true);
    expect(viaFile.size).toBeGreaterThan(1);
    for (const [id, email] of viaMjml) expect(viaFile.get(id), id).toEqual(email);
  }, 120_000);

  it('is used only while its hash matches the source', () => {
    const dir = join(scratch, 'templates');
    cpSync(join(ROOT, 'templates'), dir, { recursive: true });
    const source = readFileSync(join(dir, DEPARTMENT_TEMPLATE), 'utf8');
    const previous = process.env.PORTAL_PULSE_TEMPLATES;
    process.env.PORTAL_PULSE_TEMPLATES = dir;
    try {
      const write = (sha256: string) =>
        writeFileSync(
          join(dir, compiledPath(DEPARTMENT_TEMPLATE)),
          JSON.stringify({ source: DEPARTMENT_TEMPLATE, sha256, mjml: '0', html: 'x' }),
        );
      write(sourceHash(source));
      expect(readPrecompiled(DEPARTMENT_TEMPLATE)).toBe('x');
      // readTemplate caches per path: a second folder for the stale case.
      const stale = join(scratch, 'stale');
      cpSync(dir, stale, { recursive: true });
      writeFileSync(join(stale, compiledPath(DEPARTMENT_TEMPLATE)), JSON.stringify({ sha256: sourceHash(`${source} `), html: 'x' }));
      process.env.PORTAL_PULSE_TEMPLATES = stale;
      expect(readPrecompiled(DEPARTMENT_TEMPLATE)).toBeNull();
      const missing = join(scratch, 'missing');
      cpSync(dir, missing, { recursive: true });
      rmSync(join(missing, compiledPath(DEPARTMENT_TEMPLATE)));
      process.env.PORTAL_PULSE_TEMPLATES = missing;
      expect(readPrecompiled(DEPARTMENT_TEMPLATE)).toBeNull();
    } finally {
      if (previous === undefined) delete process.env.PORTAL_PULSE_TEMPLATES;
      else process.env.PORTAL_PULSE_TEMPLATES = previous;
    }
  });

  it('keeps mjml out of a process that renders from it', () => {
    // A plain Node 24 process (it strips the types itself); mjml is CommonJS, so once loaded it is in require's cache.
    const probe = [
      "await import('./lib/render/email/department-email.ts');",
      "const { compiledDepartmentTemplate } = await import('./lib/render/email/compile.ts');",
      'const html = await compiledDepartmentTemplate();',
      "const { createRequire } = await import('node:module');",
      'const cache = Object.keys(createRequire(import.meta.url).cache);',
      "console.log(JSON.stringify({ slots: html.includes('{{HEADLINES}}'), mjml: cache.some((k) => k.includes('/node_modules/mjml')) }));",
    ].join('\n');
    const run = (env: Record<string, string>) =>
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, ...env },
        }),
      );
    expect(run({})).toEqual({ slots: true, mjml: false });
    // The check itself can see mjml: forced to compile, the process loads it.
    expect(run({ PORTAL_PULSE_COMPILE_TEMPLATES: '1' })).toEqual({ slots: true, mjml: true });
  }, 60_000);
});
