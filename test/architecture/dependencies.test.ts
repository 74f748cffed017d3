// Dependencies point down: a folder of lib/ imports only folders of lower layers, in the order docs/architecture.md
// lists ("Dependencies point down"). An import that goes up or sideways is how a cycle between folders starts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface SourceFile {
  /** Relative to the repository root, with forward slashes: "lib/report/change.ts". */
  file: string;
  source: string;
}

/** The layers of the architecture document, lowest first: each a list of lib/ folder names. */
function layersOf(doc: string): string[][] {
  const start = doc.indexOf('## Dependencies point down');
  if (start < 0) throw new Error('docs/architecture.md has no "## Dependencies point down" section');
  const rest = doc.slice(start + 1);
  const section = rest.slice(0, rest.search(/^## /m) >= 0 ? rest.search(/^## /m) : undefined);
  return section
    .split('\n')
    .filter((line) => /^\d+\.\s/.test(line))
    .map((line) => [...line.matchAll(/`lib\/([\w-]+)`/g)].map((m) => m[1]!));
}

/** Relative specifiers of static imports, re-exports and dynamic imports (statements start a line; comments do not). */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found.filter((s) => s.startsWith('.'));
}

/** Every import of a lib/ file that goes to a folder of the same or a higher layer, or out to bin/, lambdas/ or test/. */
function violations(files: readonly SourceFile[], layers: readonly string[][]): string[] {
  const layerOf = new Map<string, number>();
  layers.forEach((folders, i) => folders.forEach((f) => layerOf.set(f, i + 1)));
  const found: string[] = [];
  for (const { file, source } of files) {
    const from = file.split('/')[1]!;
    for (const spec of specifiersOf(source)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const parts = target.split('/');
      const [top, folder] = parts;
      if (top === 'bin' || top === 'lambdas' || top === 'test') {
        found.push(`${file} imports ${target}: lib/ never imports ${top}/`);
        continue;
      }
      // A file at the root (package.json) or inside the importer's own folder is no edge between folders.
      if (top !== 'lib' || parts.length < 3 || folder === undefined || folder === from) continue;
      const a = layerOf.get(from);
      const b = layerOf.get(folder);
      if (a === undefined || b === undefined)
        found.push(`${file} imports lib/${folder}: lib/${a === undefined ? from : folder} is in no layer`);
      else if (b >= a) found.push(`${file} imports lib/${folder} (layer ${b}), which is not below lib/${from} (layer ${a})`);
    }
  }
  return found;
}

function libFiles(dir = 'lib'): SourceFile[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return libFiles(rel);
    return /\.(ts|js|mjs)$/.test(e.name) ? [{ file: rel, source: readFileSync(path.join(ROOT, rel), 'utf8') }] : [];
  });
}

const LAYERS = layersOf(readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8'));

describe('dependencies point down (docs/architecture.md)', () => {
  it('lists every lib/ folder in exactly one layer', () => {
    const listed = LAYERS.flat();
    const folders = readdirSync(path.join(ROOT, 'lib'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(LAYERS.length).toBeGreaterThan(5);
    expect([...listed].sort()).toEqual([...new Set(listed)].sort());
    expect([...folders].sort()).toEqual([...listed].sort());
  });

  it('no lib/ file imports a folder beside or above its own, so there is no cycle between folders', () => {
    const files = libFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(violations(files, LAYERS)).toEqual([]);
  });

  it('the check sees every form of import and names a cycle', () => {
    const layers = [['settings'], ['disclosure'], ['report']];
    const files: SourceFile[] = [
      { file: 'lib/report/a.ts', source: "import type { X } from '../disclosure/x.ts';\nimport { s } from '../settings/index.ts';\n" },
      {
        file: 'lib/disclosure/b.ts',
        source: "// import { no } from '../report/comment.ts';\nimport type {\n  CountCell,\n} from '../report/model-types.ts';\n",
      },
      {
        file: 'lib/disclosure/c.ts',
        source: "export { y } from '../report/y.ts';\nconst z = await import('../report/z.ts');\nimport './local.ts';\n",
      },
      { file: 'lib/settings/d.ts', source: "export const text = 'from ../report/e.ts';\nimport { h } from '../../lambdas/shared/h.ts';\n" },
    ];
    expect(violations(files, layers)).toEqual([
      'lib/disclosure/b.ts imports lib/report (layer 3), which is not below lib/disclosure (layer 2)',
      'lib/disclosure/c.ts imports lib/report (layer 3), which is not below lib/disclosure (layer 2)',
      'lib/disclosure/c.ts imports lib/report (layer 3), which is not below lib/disclosure (layer 2)',
      'lib/settings/d.ts imports lambdas/shared/h.ts: lib/ never imports lambdas/',
    ]);
  });
});
