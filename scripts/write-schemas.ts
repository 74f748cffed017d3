// Writes the published JSON Schemas (schemas/*.schema.json) from their one source, the TypeScript constants the
// code validates with, so an editor completes and checks a settings or environment file through its "$schema".
// Run after changing lib/settings/schema.ts or lib/constructs/environment-schema.ts:
//   npx tsx scripts/write-schemas.ts
// test/settings/published-schemas.test.ts fails while a written file is stale.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLISHED_SCHEMAS } from '../lib/constructs/published-schemas.ts';

const root = join(import.meta.dirname, '..');
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
