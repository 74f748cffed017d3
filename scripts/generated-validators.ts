// The validators compiled ahead of time by ajv (lib/json-schema/standalone.ts): each generated module, where it
// goes and what it is generated from. scripts/write-schemas.ts writes them; test/settings/published-schemas.test.ts
// compares each file with what this generates, so a schema changed without regenerating fails the tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type StandaloneModule, standaloneModule } from '../lib/json-schema/standalone.ts';
import { SETTINGS_FORMATS } from '../lib/settings/formats.ts';
import { SETTINGS_SCHEMA } from '../lib/settings/schema.ts';

const ROOT = join(import.meta.dirname, '..');
const json = (path: string): object => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const RESULTS = 'lib/results/schema';

/** Each generated module by its path without extension (`.js` and `.d.ts` are written). */
export function generatedValidators(): Record<string, StandaloneModule> {
  return {
    'lib/settings/schema-validator.generated': standaloneModule({
      source: 'the settings (lib/settings/schema.ts), defaults filled in',
      exports: { validate: SETTINGS_SCHEMA },
      useDefaults: true,
      formats: { module: './formats.ts', exportName: 'SETTINGS_FORMATS', tests: SETTINGS_FORMATS },
    }),
    [`${RESULTS}/validators.generated`]: standaloneModule({
      source: `study.json and monthly.json (${RESULTS}/*.schema.json)`,
      exports: { study: json(`${RESULTS}/study.schema.json`), monthly: json(`${RESULTS}/monthly.schema.json`) },
      references: [json(`${RESULTS}/common.schema.json`)],
      useDefaults: false,
    }),
  };
}
