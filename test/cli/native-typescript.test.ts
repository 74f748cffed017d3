// On Node 24 the CLI and the render workers run the TypeScript sources as they are, with Node's own type
// stripping instead of tsx (issue 13: start-up). That needs every module to keep to erasable syntax
// (tsconfig `erasableSyntaxOnly`, checked by tsc) and to import other modules by their real `.ts` name with
// `import type` for types (`verbatimModuleSyntax`). tsc checks the syntax; this checks that Node agrees:
// it imports every module of lib/ and lambdas/ in a Node without tsx and expects none to fail.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

describe.skipIf(!process.features.typescript)('the sources under Node type stripping (no tsx)', () => {
  it('every module of lib/ and lambdas/ imports without a loader', { timeout: 300_000 }, async () => {
    const files = [...sources('lib'), ...sources('lambdas')];
    expect(files.length).toBeGreaterThan(100);
    // One process imports them all and prints the ones Node cannot load, with the reason: syntax it cannot
    // strip, a missing module or export. An entry point that runs on import (a worker body outside a worker)
    // may throw something else; that is not what this checks.
    const script =
      `
      const failed = [];
      for (const f of ${JSON.stringify(files)}) {
        try { await import(new URL(f, ${JSON.stringify(`file://${ROOT}/`)}).href); }
        catch (e) {
          if (e instanceof SyntaxError || String(e?.code).startsWith('ERR_')) ` +
      `failed.push(f + ': ' + String(e?.message ?? e).split('\\n')[0]);
        }
      }
      console.log(JSON.stringify(failed));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, AWS_REGION: 'eu-west-1', NODE_OPTIONS: '' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const failed = JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
    expect(failed).toEqual([]);
  });

  it('the CLI runs without tsx: a command that fails early prints its message and exit code', { timeout: 120_000 }, async () => {
    const err = await run(process.execPath, [join(ROOT, 'bin/cli.ts'), 'study', '--lake', join(ROOT, 'no-such-lake')], {
      cwd: ROOT,
    }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in err ? err.code : 0).toBe(2);
    expect('stderr' in err ? err.stderr : '').toContain('no lake at');
  });
});
