// No line of the tracked sources is over 140 characters (Biome's line width): Biome wraps code, but not a
// long string, comment or template literal, which is where such lines come from. Counted in characters
// (UTF-16 code units, as an editor's column), not bytes. Listed as file:line so each can be found.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAX = 140;
const CHECKED = /\.(ts|js|mjs|mjml|html|json)$/;

/** Files that are not written by hand: lockfiles, generated output and recorded fixtures. */
function excluded(file: string, text: string): boolean {
  if (file === 'package-lock.json' || file.endsWith('/package-lock.json')) return true;
  if (file === 'bin/help.json') return true; // written by scripts/write-help.ts
  if (file.startsWith('test/fixtures/')) return true;
  if (file.startsWith('schemas/')) return true; // written by scripts/write-schemas.ts (a test fails when stale)
  // A generated file (a schema written by a script, say) says so at its top.
  return /\b(generated|do not edit)\b/i.test(text.slice(0, 400));
}

function longLines(): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => CHECKED.test(f));
  const found: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(path.join(ROOT, file), 'utf8');
    } catch {
      continue; // deleted in the work tree but not yet in the index
    }
    if (excluded(file, text)) continue;
    text.split('\n').forEach((line, i) => {
      if (line.length > MAX) found.push(`${file}:${i + 1} (${line.length})`);
    });
  }
  return found;
}

describe('line length', () => {
  it(`has no line over ${MAX} characters in tracked .ts, .js, .mjml, .html and .json files`, () => {
    expect(longLines()).toEqual([]);
  });
});
