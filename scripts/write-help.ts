// Writes bin/help.json: every --help text, so bin/portal-pulse.js can print help without loading tsx and the
// commands (start-up in well under 0.3 s, issue 13). The texts come from the commands themselves (helpText,
// mainHelp); test/cli/help-fast-path.test.ts fails when the file no longer matches them.
// Usage: npx tsx scripts/write-help.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpTable } from '../lib/cli/help-table.ts';

const file = join(import.meta.dirname, '../bin/help.json');
writeFileSync(file, `${JSON.stringify(await helpTable(), null, 2)}\n`);
console.log(`written ${file}`);
