// bin/portal-pulse.js answers a bare --help from bin/help.json without loading tsx (issue 13: start-up).
// The texts must stay the commands' own: the table must equal what helpText/mainHelp build now, and the
// fast path must print byte for byte what the full CLI (bin/cli.ts) prints. When this fails after a
// command's options or wording changed, run `npx tsx scripts/write-help.ts`.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { helpTable } from '../../lib/cli/help-table.ts';
import { commands } from '../../lib/cli/registry.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/portal-pulse.js');
const FULL = join(import.meta.dirname, '../../bin/cli.ts');

async function exec(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, args, { maxBuffer: 4 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe('--help fast path', () => {
  it('bin/help.json holds exactly the help the commands define (else: npx tsx scripts/write-help.ts)', async () => {
    const stored = JSON.parse(readFileSync(join(import.meta.dirname, '../../bin/help.json'), 'utf8')) as Record<string, string>;
    expect(stored).toEqual(await helpTable());
    expect(Object.keys(stored).sort()).toEqual(['', ...Object.keys(commands)].sort());
  });

  it.each([[['--help']], [['-h']], [['help']], [[]], ...Object.keys(commands).flatMap((c) => [[[c, '--help']], [[c, '-h']]])])(
    'portal-pulse %j prints what the full CLI prints, with its exit code',
    async (args) => {
      const [fast, full] = await Promise.all([exec([BIN, ...args]), exec(['--import', 'tsx', FULL, ...args])]);
      expect(fast.stdout).toBe(full.stdout);
      expect(fast.stdout).toContain('Usage: portal-pulse');
      expect(fast.code).toBe(full.code);
    },
    60_000,
  );

  it('anything beyond a bare --help goes to the full CLI (a bad flag is still refused)', async () => {
    const r = await exec([BIN, 'study', '--form', 'x', '--help']);
    expect(r.code).toBe(2);
  });
});
