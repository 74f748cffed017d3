// Validation of a settings object against the schema (schema.ts) and the rules a schema cannot state: every
// problem is reported at once, each naming its key.
import { schemaValidator } from '../json-schema/index.ts';
import { TIME_OF_DAY } from './schema.ts';
import { DEFAULT_SETTINGS, SETTINGS_SCHEMA, type Settings, type TimeWindow } from './settings.ts';
import { isEmailAddress } from '../email-address/email-address.ts';
import { UserError } from '../errors/index.ts';

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

export function isValidTimeZone(tz: string): boolean {
  return canonicalTimeZone(tz) !== undefined;
}

/** ICU's identity of a zone (links resolved), or undefined if it is not a zone. */
function icuZone(tz: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

let zonesByLowerCase: Map<string, string> | undefined;

/**
 * The IANA zone with its case fixed (`america/chicago` -> `America/Chicago`), or undefined if it is not a zone.
 * A name written with its capitals (`Asia/Kolkata`, `US/Central`) is kept as written: ICU resolves links to
 * its own primary names, some of them the old ones (`Asia/Kolkata` -> `Asia/Calcutta`, `Europe/Kyiv` ->
 * `Europe/Kiev`), and the lake and the results should say what the site wrote. Only a name that is neither a
 * listed zone in other case nor capitalised (`asia/kolkata`) falls back to ICU's spelling. Two spellings of one
 * zone are compared with sameTimeZone, never as strings.
 */
export function canonicalTimeZone(tz: string): string | undefined {
  if (typeof tz !== 'string' || !tz.trim()) return undefined;
  const name = tz.trim();
  const icu = icuZone(name);
  if (!icu) return undefined;
  zonesByLowerCase ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  const listed = zonesByLowerCase.get(name.toLowerCase());
  if (listed) return listed;
  const capitalised = name.split('/').every((part) => /^[A-Z]/.test(part));
  return capitalised ? name : icu;
}

/** True when two zone names are one zone (`Asia/Kolkata` and `Asia/Calcutta`, `US/Central` and `America/Chicago`). */
export function sameTimeZone(a: string, b: string): boolean {
  const za = icuZone(a.trim());
  return za !== undefined && za === icuZone(b.trim());
}

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

const LOCAL_DATE = /^(\d{4})-(\d\d)-(\d\d)$/;

/** True for a real calendar date "YYYY-MM-DD" (2024-02-30 is not). */
export function isLocalDate(v: unknown): v is string {
  const m = typeof v === 'string' ? LOCAL_DATE.exec(v) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

const checkSchema = schemaValidator<Settings>(SETTINGS_SCHEMA, {
  unknownKey: 'unknown setting',
  formats: { 'iana-time-zone': isValidTimeZone, date: isLocalDate, email: isEmailAddress },
});

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
