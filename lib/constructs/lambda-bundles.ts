// How each handler is bundled: one esbuild ESM bundle per handler, with the native addons (DuckDB, the
// resvg PNG renderer) kept external and copied beside the bundle from the local node_modules. The
// Lambdas run on x86_64 so the linux-x64 binaries installed here are the ones Lambda loads (both need
// only glibc 2.25, below Amazon Linux 2023's 2.34). The same options drive NodejsFunction in `cdk synth`
// and the bundle test (test/lambdas/bundles.test.ts), which builds each bundle and loads it with Node.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type HandlerName =
  | 'ingest'
  | 'monthly-compute'
  | 'department-send'
  | 'monthly-finish'
  | 'monthly-watchdog'
  | 'page-access'
  | 'sign-in-sender';

export interface BundleSpec {
  /** lambdas/<name>/index.ts */
  entry: string;
  /** Native addons the handler loads at run time. */
  native: ('duckdb' | 'resvg')[];
  /** Files read from disk at run time: the email/page templates and the chart font. */
  assets: ('templates' | 'fonts')[];
}

export const BUNDLES: Record<HandlerName, BundleSpec> = {
  ingest: { entry: 'lambdas/ingest/index.ts', native: ['duckdb'], assets: [] },
  // Publishing renders pages and each department's email (PNG charts), so it needs resvg and the font.
  'monthly-compute': { entry: 'lambdas/monthly-compute/index.ts', native: ['resvg'], assets: ['templates', 'fonts'] },
  'department-send': { entry: 'lambdas/department-send/index.ts', native: ['resvg'], assets: ['templates', 'fonts'] },
  'monthly-finish': { entry: 'lambdas/monthly-finish/index.ts', native: [], assets: [] },
  'monthly-watchdog': { entry: 'lambdas/monthly-watchdog/index.ts', native: [], assets: [] },
  'page-access': { entry: 'lambdas/page-access/index.ts', native: [], assets: [] },
  'sign-in-sender': { entry: 'lambdas/sign-in-sender/index.ts', native: [], assets: [] },
};

/** Packages copied into the bundle's node_modules for each native addon (with their runtime deps). */
export const NATIVE_PACKAGES: Record<'duckdb' | 'resvg', string[]> = {
  duckdb: ['@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-linux-x64', 'detect-libc'],
  resvg: ['@resvg/resvg-js', '@resvg/resvg-js-linux-x64-gnu'],
};

/**
 * Never bundled: the native addons (copied instead), and `typescript`, which cosmiconfig (under mjml)
 * requires optionally and would otherwise drag 20 MB into the email bundles.
 */
export const EXTERNAL_MODULES = ['@duckdb/node-api', '@resvg/resvg-js', 'typescript'];

/** ESM bundles still meet CommonJS dependencies that call require(); give them one. */
export const ESM_BANNER =
  "import { createRequire as __ppCreateRequire } from 'node:module'; const require = __ppCreateRequire(import.meta.url);";

export const ESBUILD_TARGET = 'node22';

/** Where the templates land inside the bundle; PORTAL_PULSE_TEMPLATES points there. */
export const BUNDLED_TEMPLATES_DIR = 'templates';

/** Plain esbuild options (the test passes them to esbuild.build; NodejsFunction gets the same values). */
export function esbuildOptions(name: HandlerName, outfile: string): Record<string, unknown> {
  return {
    entryPoints: [join(REPO_ROOT, BUNDLES[name].entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: ESBUILD_TARGET,
    mainFields: ['module', 'main'],
    external: EXTERNAL_MODULES,
    banner: { js: ESM_BANNER },
    sourcemap: 'inline',
    logLevel: 'error',
  };
}

/** Shell commands that copy a handler's native packages and assets from `repoDir` into `outDir`. */
export function copyCommands(name: HandlerName, repoDir: string, outDir: string): string[] {
  const spec = BUNDLES[name];
  const cmds: string[] = [];
  const pkgs = spec.native.flatMap((n) => NATIVE_PACKAGES[n]);
  for (const p of pkgs) {
    const parent = p.includes('/') ? `/${p.split('/')[0]}` : '';
    cmds.push(`mkdir -p "${outDir}/node_modules${parent}"`, `cp -R "${repoDir}/node_modules/${p}" "${outDir}/node_modules${parent}/"`);
  }
  if (spec.assets.includes('fonts')) {
    const font = `${outDir}/node_modules/dejavu-fonts-ttf`;
    cmds.push(
      `mkdir -p "${font}/ttf"`,
      `cp "${repoDir}/node_modules/dejavu-fonts-ttf/package.json" "${repoDir}/node_modules/dejavu-fonts-ttf/LICENSE" "${font}/"`,
      `cp "${repoDir}/node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf" ` +
        `"${repoDir}/node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf" "${font}/ttf/"`,
    );
  }
  if (spec.assets.includes('templates')) cmds.push(`cp -R "${repoDir}/templates" "${outDir}/${BUNDLED_TEMPLATES_DIR}"`);
  return cmds;
}

let treeHash: string | undefined;

/**
 * A hash of everything a bundle is built from: the sources (lib/, lambdas/, templates/), the lockfile
 * (which pins node_modules, natives included) and the handler's bundle spec. Used as the asset hash so
 * each bundle is built once per `cdk synth` and shared by every environment's stack instead of being
 * rebuilt per stack (and so an unchanged bundle keeps its hash, and is not re-uploaded).
 */
export function bundleSourceHash(name: HandlerName): string {
  if (!treeHash) {
    const h = createHash('sha256');
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.isFile()) h.update(relative(REPO_ROOT, full)).update('\0').update(readFileSync(full)).update('\0');
      }
    };
    for (const d of ['lib', 'lambdas', 'templates']) walk(join(REPO_ROOT, d));
    h.update(readFileSync(join(REPO_ROOT, 'package-lock.json')));
    treeHash = h.digest('hex');
  }
  return createHash('sha256')
    .update(treeHash)
    .update(JSON.stringify({ name, spec: BUNDLES[name], options: esbuildOptions(name, 'index.mjs') }))
    .digest('hex');
}
