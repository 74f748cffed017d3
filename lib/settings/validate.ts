// Validation of a settings object against the schema (schema.ts) and the rules a schema cannot state: every
// problem is reported at once, each naming its key.
import { checkerOf } from '../json-schema/validator.ts';
import { canonicalTimeZone } from './formats.ts';
import { TIME_OF_DAY } from './schema.ts';
import { DEFAULT_SETTINGS, SETTINGS_SCHEMA, type Settings, type TimeWindow } from './settings.ts';
import { validate as validateSettings } from './schema-validator.generated.js';
import { UserError } from '../errors/index.ts';

export { canonicalTimeZone, isLocalDate, isValidTimeZone, sameTimeZone } from './formats.ts';

export class SettingsError extends UserError {
  override name = 'SettingsError';
  readonly source: string;
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`invalid settings in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.source = source;
    this.problems = problems;
  }
}

const HHMM = new RegExp(TIME_OF_DAY);

/** Minutes after local midnight of an "HH:MM" string. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const fmt = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The three windows must split the day: every minute in exactly one (overlaps would count a message twice). */
function checkWindowsPartition(windows: Record<string, TimeWindow>, problems: string[]): void {
  const owner: string[][] = Array.from({ length: 1440 }, () => []);
  for (const [name, w] of Object.entries(windows)) {
    const s = minutesOfDay(w.start);
    const e = minutesOfDay(w.end);
    const len = e > s ? e - s : e - s + 1440;
    for (let i = 0; i < len; i++) owner[(s + i) % 1440]!.push(name);
  }
  // Report each run of minutes with the same wrong owners once, e.g. "17:00-18:00".
  const runs: { from: number; to: number; who: string[] }[] = [];
  for (let m = 0; m < 1440; m++) {
    const who = owner[m]!;
    if (who.length === 1) continue;
    const last = runs[runs.length - 1];
    if (last && last.to === m && last.who.join() === who.join()) last.to = m + 1;
    else runs.push({ from: m, to: m + 1, who });
  }
  for (const r of runs) {
    const span = `${fmt(r.from)}-${fmt(r.to)}`;
    if (r.who.length === 0)
      problems.push(`windows: no window covers ${span}; working, evening and night must together cover the whole day`);
    else
      problems.push(
        `windows: ${r.who.map((w) => `windows.${w}`).join(' and ')} overlap at ${span}; ` +
          'each minute of the day must be in exactly one window',
      );
  }
}

// The settings schema compiled once by ajv (scripts/write-schemas.ts): no ajv loaded, nothing compiled at run time.
const checkSchema = checkerOf<Settings>(SETTINGS_SCHEMA, validateSettings, { unknownKey: 'unknown setting' });

/** The rules the schema cannot state, over values that passed it (a rule whose inputs are bad stays silent). */
function crossFieldProblems(s: Settings): string[] {
  const problems: string[] = [];
  const windows = s.windows;
  const times = Object.values(windows ?? {}).flatMap((w) => [w?.start, w?.end]);
  if (times.length === 6 && times.every((t) => typeof t === 'string' && HHMM.test(t))) checkWindowsPartition(windows, problems);
  const reply = s.reply;
  if (typeof reply?.within_short_hours === 'number' && typeof reply.within_long_hours === 'number') {
    if (reply.within_short_hours > reply.within_long_hours)
      problems.push('reply.within_short_hours must not exceed reply.within_long_hours');
  }
  return problems;
}

/**
 * Returns the defaults overlaid with `input` (deeply: a key left out keeps its default), or throws a
 * SettingsError listing every problem, each naming its key.
 */
export function resolveSettings(input: unknown, source = 'settings'): Settings {
  if (input !== undefined && !isObject(input)) throw new SettingsError(source, ['the settings must be a JSON object']);
  // Nothing to check (no file, no flag): the defaults, which a test holds to the schema, without compiling it.
  if (input === undefined || Object.keys(input).length === 0) return structuredClone(DEFAULT_SETTINGS);
  const { value, problems } = checkSchema(input);
  problems.push(...crossFieldProblems(value));
  if (problems.length) throw new SettingsError(source, problems);
  value.timezone = canonicalTimeZone(value.timezone) ?? value.timezone;
  return value;
}
