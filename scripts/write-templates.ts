// Writes templates/email/department.compiled.json: the department email's MJML compiled once here, so that no
// command or Lambda loads mjml to compile it at run time (issue 13; lib/render/email/precompiled.ts).
// Run after changing templates/email/department.mjml, lib/render/email/compile.ts or the mjml version:
//   npx tsx scripts/write-templates.ts
// test/render/precompiled-template.test.ts fails while a written file is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from '../lib/render/templates.ts';
import { precompiledFiles } from './precompiled-templates.ts';

for (const { path, text } of await precompiledFiles()) {
  writeFileSync(join(templatesDir(), path), text);
  console.log(`wrote templates/${path}`);
}
