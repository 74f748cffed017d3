#!/usr/bin/env node
// The package's `bin`: runs the TypeScript CLI (bin/cli.ts) without a build step, then hands over to it.
// Kept as plain JS because npm links it as-is.
//
// Node 24 (what the Lambdas run and CI tests on) strips TypeScript's types itself: the sources keep to
// erasable syntax (tsconfig `erasableSyntaxOnly`), so bin/cli.ts is imported as it is. That saves the
// 0.3-0.6 s of CPU that tsx's loader cost every command. An older Node (no `process.features.typescript`)
// registers tsx first, as before.
//
// Fast path: a bare `--help` (`portal-pulse`, `portal-pulse --help`, `portal-pulse <command> --help`) is
// answered from bin/help.json without loading any command, which takes most of a second. The file is
// written from the commands' own help (scripts/write-help.ts) and a test checks that it still matches.
//
// Compile cache: every other command first turns on Node's on-disk cache of compiled modules (Node 22.1+;
// type-stripped TypeScript included), so a second run neither strips nor compiles its modules again: about
// 0.3 s of CPU less for every process (issue 13). It lives where Node puts it by default, under the system's
// temporary folder (or NODE_COMPILE_CACHE), and is keyed by Node version and file contents. A cache that
// cannot be written is skipped (Node reports it, it does not throw); an older Node has no such function.
import { readFileSync } from 'node:fs';
import module from 'node:module';

const args = process.argv.slice(2);
const isHelp = (a) => a === '--help' || a === '-h';
const key =
  args.length === 0 || (args.length === 1 && (isHelp(args[0]) || args[0] === 'help'))
    ? ''
    : args.length === 2 && isHelp(args[1])
      ? args[0]
      : undefined;
let text;
if (key !== undefined) {
  try {
    const table = JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8'));
    if (Object.hasOwn(table, key) && typeof table[key] === 'string') text = table[key];
  } catch {
    // No table (or a broken one): the full CLI below prints the same text.
  }
}
if (text !== undefined) {
  console.log(text);
  // Bare `portal-pulse` is a usage mistake: the help, then exit code 2 (as bin/cli.ts does).
  process.exitCode = args.length === 0 ? 2 : 0;
} else {
  try {
    module.enableCompileCache?.();
  } catch {
    // Start-up is only slower without it.
  }
  if (!process.features.typescript) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  await import('./cli.ts');
}
