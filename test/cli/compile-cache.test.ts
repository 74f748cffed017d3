// bin/portal-pulse.js and each render worker turn on Node's compile cache (issue 13: start-up), in its default
// place under the temporary folder: the first run fills it, later runs read their modules from it. Checked by
// what lands on disk, never by timing. TMPDIR points each run at a folder of the test's own.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/portal-pulse.js');
const scratch = mkdtempSync(join(tmpdir(), 'pp-compile-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A child's environment with its temporary folder at `tmp` and no compile cache of the caller's own. */
function envWith(tmp: string): NodeJS.ProcessEnv {
  const { NODE_COMPILE_CACHE: _c, NODE_DISABLE_COMPILE_CACHE: _d, ...rest } = process.env;
  return { ...rest, TMPDIR: tmp, NODE_OPTIONS: '' };
}

/** `study` on a lake that does not exist: it loads the command's modules, then stops with exit code 2. */
async function studyWithoutLake(tmp: string): Promise<{ code: number; stderr: string }> {
  const args = [BIN, 'study', '--lake', join(scratch, 'no-such-lake')];
  return run(process.execPath, args, { cwd: ROOT, env: envWith(tmp) }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
}

/** The cache's entries (one file per module compiled) with their modification times. */
function entries(tmp: string): Map<string, number> {
  const dir = join(tmp, 'node-compile-cache');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(files.map((e) => [join(e.parentPath, e.name), statSync(join(e.parentPath, e.name)).mtimeMs]));
}

describe.skipIf(typeof module.enableCompileCache !== 'function')('compile cache', () => {
  it('the first run of a command fills the cache; the second finds every module there', { timeout: 120_000 }, async () => {
    const tmp = mkdtempSync(join(scratch, 'cli-'));
    const first = await studyWithoutLake(tmp);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('no lake at');
    const filled = entries(tmp);
    // bin/cli.ts, the command, settings, engine and analysis modules: dozens of them.
    expect(filled.size).toBeGreaterThan(20);

    const second = await studyWithoutLake(tmp);
    expect(second).toEqual(first);
    // Nothing new compiled and nothing rewritten: each module was read from the cache as it was.
    expect(entries(tmp)).toEqual(filled);
  });

  it('a cache that cannot be written changes nothing but the speed', { timeout: 120_000 }, async () => {
    const notADir = join(scratch, 'a-file');
    writeFileSync(notADir, 'not a folder');
    const result = await studyWithoutLake(notADir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^portal-pulse: no lake at /);
  });

  it('a render worker turns it on too (it does not inherit it)', { timeout: 120_000 }, async () => {
    // lib/publish/render-worker.js as it is, beside a stand-in for the worker body that loads a few of the
    // project's modules and ends (the real body waits for work, and the render stack takes seconds to load).
    const tmp = mkdtempSync(join(scratch, 'worker-'));
    const dir = mkdtempSync(join(scratch, 'worker-src-'));
    copyFileSync(join(ROOT, 'lib/publish/render-worker.js'), join(dir, 'render-worker.js'));
    writeFileSync(
      join(dir, 'render-worker-main.ts'),
      `import { formatProportion } from ${JSON.stringify(join(ROOT, 'lib/results/format.ts'))};\n` +
        `const half: string = formatProportion({ n: 1, N: 2 });\nconsole.log(half);\n`,
    );
    // Only the worker turns the cache on here: the script that starts it is no file and enables nothing.
    const script = `
      import { Worker } from 'node:worker_threads';
      const worker = new Worker(new URL(${JSON.stringify(`file://${dir}/render-worker.js`)}), { execArgv: [] });
      worker.once('error', (e) => { console.error(e); process.exitCode = 1; });`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: envWith(tmp) });
    expect(stdout).toContain('50');
    // The stand-in and the modules it imported, each compiled once into the cache.
    expect(entries(tmp).size).toBeGreaterThanOrEqual(2);
  });
});
