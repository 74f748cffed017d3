// The formats the settings schema names (`format: "iana-time-zone"`, `date`, `email`), each checked by the
// project's own function, and the time-zone rules the settings use. A module of its own: the generated
// validator (schema-validator.generated.js) imports the formats, and validate.ts imports that validator.
import { isEmailAddress } from '../email-address/email-address.ts';

export function isValidTimeZone(tz: string): boolean {
  return canonicalTimeZone(tz) !== undefined;
}

const icuZones = new Map<string, string | undefined>();

/**
 * ICU's identity of a zone (links resolved), or undefined if it is not a zone. Kept per name: every report
 * resolves the settings it was computed with again, and a DateTimeFormat costs about a millisecond.
 */
function icuZone(tz: string): string | undefined {
  if (icuZones.has(tz)) return icuZones.get(tz);
  let zone: string | undefined;
  try {
    zone = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    zone = undefined;
  }
  icuZones.set(tz, zone);
  return zone;
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
  // ICU's own spelling is a listed zone's (the usual case, `America/Chicago`): no need for the list (about 40 ms).
  if (icu === name) return name;
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

const LOCAL_DATE = /^(\d{4})-(\d\d)-(\d\d)$/;

/** True for a real calendar date "YYYY-MM-DD" (2024-02-30 is not). */
export function isLocalDate(v: unknown): v is string {
  const m = typeof v === 'string' ? LOCAL_DATE.exec(v) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

/** The tests of the settings schema's formats, by name (ajv's format functions). */
export const SETTINGS_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'iana-time-zone': isValidTimeZone,
  date: isLocalDate,
  email: isEmailAddress,
};
