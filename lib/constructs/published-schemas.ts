// The JSON Schemas published under schemas/ for editors, each from the one constant the code validates with
// (scripts/write-schemas.ts writes them; test/settings/published-schemas.test.ts holds them to it).
import type { JsonSchema } from '../json-schema/index.ts';
import { SETTINGS_SCHEMA } from '../settings/index.ts';
import { ENVIRONMENT_SCHEMA } from './environment-schema.ts';

export const PUBLISHED_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  'schemas/portal-pulse.settings.schema.json': SETTINGS_SCHEMA,
  'schemas/portal-pulse.environment.schema.json': ENVIRONMENT_SCHEMA,
};
