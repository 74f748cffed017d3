// Each Lambda bundle, built by esbuild with the options NodejsFunction uses in `cdk synth`
// (lib/constructs/lambda-bundles.ts), packaged with its native addons and assets the same way, then
// loaded by a plain Node process outside the repository: imports resolve, the handler is exported, and
// the native addons (DuckDB, resvg) and the chart font load from inside the bundle.
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLES,
  copyCommands,
  esbuildOptions,
  NATIVE_PACKAGES,
  REPO_ROOT,
  type HandlerName,
} from '../../lib/constructs/lambda-bundles.ts';

/** Optional requires inside dependencies, guarded by try/catch: absent on Lambda on purpose. */
const OPTIONAL = new Set(['typescript', 'canvas']);
const names = Object.keys(BUNDLES) as HandlerName[];
let root: string;
const externals = new Map<HandlerName, Set<string>>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pp-bundles-'));
  // One esbuild run for all handlers (it parses shared modules once), same options per entry.
  const base = esbuildOptions('ingest', 'unused') as esbuild.BuildOptions;
  const { entryPoints: _e, outfile: _o, ...shared } = base;
  const result = await esbuild.build({
    ...shared,
    entryPoints: Object.fromEntries(names.map((n) => [`${n}/index`, (esbuildOptions(n, 'x').entryPoints as string[])[0]!])),
    outdir: root,
    outExtension: { '.js': '.mjs' },
    metafile: true,
  });
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    const name = names.find((n) => file.endsWith(`${n}/index.mjs`));
    if (!name) continue;
    externals.set(name, new Set(out.imports.filter((i) => i.external).map((i) => i.path)));
  }
  for (const n of names) for (const cmd of copyCommands(n, REPO_ROOT.replace(/\/$/, ''), join(root, n))) execSync(cmd);
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const builtin = (p: string) => p.startsWith('node:') || builtinModules.includes(p.split('/')[0]!);

describe.each(names)('bundle %s', (name) => {
  const dir = () => join(root, name);

  it('imports nothing at run time that is not packaged beside it', () => {
    const packaged = new Set(BUNDLES[name].native.flatMap((n) => NATIVE_PACKAGES[n]));
    const missing = [...(externals.get(name) ?? [])].filter((p) => !builtin(p) && !OPTIONAL.has(p) && !packaged.has(p));
    expect(missing).toEqual([]);
    // And nothing is packaged that the bundle never loads (a 68 MB DuckDB copy is not free).
    for (const n of BUNDLES[name].native) {
      const main = NATIVE_PACKAGES[n][0]!;
      expect(externals.get(name)?.has(main), `${name} packages ${main} but never imports it`).toBe(true);
    }
  });

  it('loads in plain Node outside the repository and exports the handler', () => {
    const script = `
      import { createRequire } from 'node:module';
      const m = await import(${JSON.stringify(join(dir(), 'index.mjs'))});
      const req = createRequire(${JSON.stringify(join(dir(), 'index.mjs'))});
      const out = { handler: typeof m.handler };
      if (${JSON.stringify(BUNDLES[name].native.includes('duckdb'))}) {
        const { DuckDBInstance } = await import(req.resolve('@duckdb/node-api'));
        const db = await DuckDBInstance.create(':memory:');
        const c = await db.connect();
        out.duckdb = (await c.runAndReadAll('SELECT 40 + 2 AS x')).getRows()[0][0];
      }
      if (${JSON.stringify(BUNDLES[name].native.includes('resvg'))}) {
        const { Resvg } = req('@resvg/resvg-js');
        const fontFile = req.resolve('dejavu-fonts-ttf/package.json').replace(/package\\.json$/, 'ttf/DejaVuSans.ttf');
        const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20">' +
          '<text x="2" y="15" font-family="DejaVu Sans" font-size="12">42 %</text></svg>';
        const font = { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' };
        const png = new Resvg(svg, { font }).render().asPng();
        out.png = png.length;
      }
      console.log(JSON.stringify(out));`;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: tmpdir(),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as { handler: string; duckdb?: number; png?: number };
    expect(out.handler).toBe('function');
    if (BUNDLES[name].native.includes('duckdb')) expect(out.duckdb).toBe(42);
    if (BUNDLES[name].native.includes('resvg')) expect(out.png).toBeGreaterThan(200);
  });

  it('ships its templates when it renders email or pages', () => {
    if (!BUNDLES[name].assets.includes('templates')) return;
    expect(statSync(join(dir(), 'templates')).isDirectory()).toBe(true);
    expect(execSync(`ls ${join(dir(), 'templates')}`, { encoding: 'utf8' })).toMatch(/email/);
  });
});
