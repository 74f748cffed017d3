// Writes the published JSON Schemas (schemas/*.schema.json) from their one source, the TypeScript constants the
// code validates with, so an editor completes and checks a settings or environment file through its "$schema";
// and the validators ajv compiles ahead of time (scripts/generated-validators.ts: the settings and the results),
// so that no command compiles a schema at run time (issue 13).
// Run after changing lib/settings/schema.ts, lib/results/schema/*.schema.json or lib/constructs/environment-schema.ts:
//   npx tsx scripts/write-schemas.ts
// test/settings/published-schemas.test.ts fails while a written file is stale.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedValidators } from './generated-validators.ts';

const root = join(import.meta.dirname, '..');
// The generated validators first: the settings module (which PUBLISHED_SCHEMAS loads) imports its own.
// They are written as ajv emits them (Biome does not format or lint them: biome.json).
for (const [base, { js, dts }] of Object.entries(generatedValidators())) {
  writeFileSync(join(root, `${base}.js`), js);
  writeFileSync(join(root, `${base}.d.ts`), dts);
  console.log(`wrote ${base}.js and .d.ts`);
}
const { PUBLISHED_SCHEMAS } = await import('../lib/constructs/published-schemas.ts');
const files = Object.entries(PUBLISHED_SCHEMAS).map(([path, schema]) => {
  writeFileSync(join(root, path), `${JSON.stringify(schema, null, 2)}\n`);
  return path;
});
// The tree's JSON is formatted by Biome; the test compares the parsed files, so the layout is Biome's.
execFileSync(process.execPath, [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'format', '--write', ...files], {
  cwd: root,
  stdio: 'inherit',
});
for (const f of files) console.log(`wrote ${f}`);
