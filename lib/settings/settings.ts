// Site settings: one JSON file (default ./portal-pulse.settings.json) merged over the defaults, then validated.
// Every result file records the resolved settings it was computed with. The type and the defaults are read from
// the one JSON Schema (schema.ts), whose descriptions say what each key means.
// Not the json-schema index, which loads ajv: the settings are checked by generated code (validate.ts).
import { defaultsOf } from '../json-schema/defaults.ts';
import type { FromSchema } from '../json-schema/json-schema.ts';
import { type COUNT_KINDS, SETTINGS_SCHEMA } from './schema.ts';

export { COUNT_KINDS, SETTINGS_SCHEMA } from './schema.ts';

/** The resolved settings: every key present (defaults filled in), the time zone's spelling canonical. */
export type Settings = FromSchema<typeof SETTINGS_SCHEMA>;

/** A half-open window of local wall-clock time, "HH:MM"; end <= start wraps past midnight (night). */
export type TimeWindow = Settings['windows']['working'];

/** Who reads a report: a department's own email, the organisation's hosted pages, a public release. */
export type Audience = keyof Settings['disclosure']['audiences'];
export const AUDIENCES: readonly Audience[] = ['department', 'organisation', 'public'];

/** What a count counts: distinct patients (patient-side senders), messages (replies too), clinicians, threads, load rows. */
export type CountKind = (typeof COUNT_KINDS)[number];

/** Each audience's rule (metrics.md, "Disclosure control"): which kinds of count from 1 to max are hidden. */
export type AudienceRule = Settings['disclosure']['audiences'][Audience];

/** The settings of a site that writes none: every default of the schema. */
export const DEFAULT_SETTINGS: Settings = defaultsOf(SETTINGS_SCHEMA, {}) as Settings;
