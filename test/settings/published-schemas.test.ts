// The published JSON Schemas are the ones the code validates with, and they are standard JSON Schema an editor
// can use: a stale file (the schema changed, `npx tsx scripts/write-schemas.ts` not run) fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ENVIRONMENTS_DIR, type EnvironmentConfig } from '../../lib/constructs/environment-config.ts';
import { PUBLISHED_SCHEMAS } from '../../lib/constructs/published-schemas.ts';
import {
  type Audience,
  type AudienceRule,
  type CountKind,
  DEFAULT_SETTINGS,
  resolveSettings,
  SETTINGS_SCHEMA,
  type Settings,
} from '../../lib/settings/index.ts';
import { generatedValidators } from '../../scripts/generated-validators.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('published schemas', () => {
  it.each(Object.keys(PUBLISHED_SCHEMAS))('%s is written from its source', (path) => {
    const written = JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
    expect(written, `${path} is stale: run npx tsx scripts/write-schemas.ts`).toEqual(PUBLISHED_SCHEMAS[path]);
  });

  // The validators the code runs are ajv's code generated from the schemas (issue 13: no compiling at run
  // time): a schema changed without `npx tsx scripts/write-schemas.ts` fails here, as does a hand edit.
  const generated = generatedValidators();
  it.each(Object.keys(generated).flatMap((base) => [`${base}.js`, `${base}.d.ts`]))('%s is generated from its schema', (path) => {
    const module = generated[path.replace(/\.(js|d\.ts)$/, '')]!;
    const fresh = path.endsWith('.js') ? module.js : module.dts;
    // Compared as a boolean: a diff of 200 KB of generated code says nothing the message does not.
    expect(readFileSync(join(ROOT, path), 'utf8') === fresh, `${path} is stale: run npx tsx scripts/write-schemas.ts`).toBe(true);
  });

  it.each(Object.keys(PUBLISHED_SCHEMAS))('%s is a draft 2020-12 schema a plain validator compiles', (path) => {
    // What an editor or another tool sees: our keyword (errorMessage) and formats are annotations to it.
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    expect(() => ajv.compile(JSON.parse(readFileSync(join(ROOT, path), 'utf8')))).not.toThrow();
  });

  it('the shipped environment files name their schema, and it accepts them', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/portal-pulse.environment.schema.json'), 'utf8')));
    for (const name of ['dev.json', 'prod.json']) {
      const file = JSON.parse(readFileSync(join(ENVIRONMENTS_DIR, name), 'utf8'));
      expect(file.$schema).toBe('../../schemas/portal-pulse.environment.schema.json');
      expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    }
  });
});

describe('the settings schema is the one source', () => {
  it('its defaults are the settings of a site that writes none, filled in by ajv the same way, in the same key order', () => {
    // A non-empty input goes through ajv (an empty one returns DEFAULT_SETTINGS without compiling the schema).
    const viaAjv = resolveSettings({ $schema: '../schemas/portal-pulse.settings.schema.json' });
    expect(JSON.stringify(viaAjv)).toBe(JSON.stringify(DEFAULT_SETTINGS));
  });

  it('the defaults shown in docs/settings.md are the schema defaults', () => {
    const doc = readFileSync(join(ROOT, 'docs/settings.md'), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    const { $schema, ...shown } = JSON.parse(block ?? '{}');
    expect($schema).toBe('./schemas/portal-pulse.settings.schema.json');
    expect(shown).toEqual(DEFAULT_SETTINGS);
  });

  it('the types are read from the schema', () => {
    expectTypeOf<Settings['timezone']>().toEqualTypeOf<string>();
    expectTypeOf<Settings['reply']>().toEqualTypeOf<{ within_short_hours: number; within_long_hours: number; follow_up_hours: number }>();
    expectTypeOf<Settings['windows']['night']>().toEqualTypeOf<{ start: string; end: string }>();
    expectTypeOf<Settings['business_hours']['holidays']>().toEqualTypeOf<string[]>();
    expectTypeOf<CountKind>().toEqualTypeOf<'patients' | 'messages' | 'clinicians' | 'threads' | 'rows'>();
    expectTypeOf<Audience>().toEqualTypeOf<'department' | 'organisation' | 'public'>();
    expectTypeOf<Settings['disclosure']['audiences']['public']>().toEqualTypeOf<AudienceRule>();
    expectTypeOf<AudienceRule>().toEqualTypeOf<{ hide: CountKind[]; complementary: boolean }>();
    expectTypeOf<Settings['reports']['link_base']>().toEqualTypeOf<string | null>();
    expectTypeOf<Settings['smtp']>().toEqualTypeOf<{ host: string; port: number; secure: boolean } | null>();
    expectTypeOf<keyof Settings>().toEqualTypeOf<
      'timezone' | 'windows' | 'reply' | 'business_hours' | 'disclosure' | 'threads' | 'reports' | 'ingest' | 'engine' | 'smtp'
    >();
    expectTypeOf<EnvironmentConfig['athena']['projectionYears']>().toEqualTypeOf<[number, number]>();
    expectTypeOf<EnvironmentConfig['hosting']['domainName']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<EnvironmentConfig['hosting']['signInPerMinute']>().toEqualTypeOf<number>();
    expectTypeOf<EnvironmentConfig['settings']>().toEqualTypeOf<Settings>();
    expect(Object.keys(SETTINGS_SCHEMA.properties).filter((k) => !k.startsWith('$'))).toEqual(Object.keys(DEFAULT_SETTINGS));
  });
});
