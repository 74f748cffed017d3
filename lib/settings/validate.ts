// Validation of a settings object: every problem is reported at once, each naming its key.
import { AUDIENCES, COUNT_KINDS, DEFAULT_SETTINGS, type Settings, type TimeWindow } from './settings.ts';
import { isEmailAddress } from '../email-address/email-address.ts';
import { UserError } from '../errors/index.ts';

export class SettingsError extends UserError {
  override name = 'SettingsError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid settings in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

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

/** Deep-merges `override` onto `base`, refusing keys the defaults do not know (typos must not pass silently). */
function merge(base: unknown, override: unknown, path: string, problems: string[]): unknown {
  if (!isObject(override) || !isObject(base)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    const p = path ? `${path}.${k}` : k;
    if (!(k in base)) {
      problems.push(`${p}: unknown setting (known: ${Object.keys(base).join(', ')})`);
      continue;
    }
    out[k] = base[k] === null || !isObject(base[k]) ? v : merge(base[k], v, p, problems);
  }
  return out;
}

function checkWindow(w: unknown, key: string, problems: string[]): void {
  const win = w as TimeWindow;
  if (!isObject(w) || typeof win.start !== 'string' || typeof win.end !== 'string') {
    problems.push(`${key}: must be {"start": "HH:MM", "end": "HH:MM"}`);
    return;
  }
  for (const f of ['start', 'end'] as const) {
    if (!HHMM.test(win[f])) problems.push(`${key}.${f}: '${win[f]}' is not a time of day "HH:MM" (00:00-23:59)`);
  }
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
        `windows: ${r.who.map((w) => `windows.${w}`).join(' and ')} overlap at ${span}; each minute of the day must be in exactly one window`,
      );
  }
}

function positiveNumber(v: unknown, key: string, problems: string[], integer = false): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    problems.push(`${key}: must be a positive ${integer ? 'whole number' : 'number'}, got ${JSON.stringify(v)}`);
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

function checkHolidays(v: unknown, problems: string[]): void {
  if (!Array.isArray(v)) {
    problems.push(`business_hours.holidays: must be a list of local dates, e.g. ["2024-01-01", "2024-12-25"], got ${JSON.stringify(v)}`);
    return;
  }
  v.forEach((d, i) => {
    if (!isLocalDate(d)) problems.push(`business_hours.holidays[${i}]: ${JSON.stringify(d)} is not a date "YYYY-MM-DD"`);
  });
}

/** Returns the defaults overlaid with `input`, or throws a SettingsError listing every problem. */
export function resolveSettings(input: unknown, source = 'settings'): Settings {
  const problems: string[] = [];
  if (input !== undefined && !isObject(input)) throw new SettingsError(source, ['the settings must be a JSON object']);
  const s = merge(DEFAULT_SETTINGS, input ?? {}, '', problems) as Settings;

  const zone = canonicalTimeZone(s.timezone);
  if (zone === undefined) {
    problems.push(`timezone: '${String(s.timezone)}' is not an IANA time zone name (e.g. America/Chicago)`);
  } else s.timezone = zone;
  const windowProblems: string[] = [];
  for (const k of ['working', 'evening', 'night'] as const) checkWindow(s.windows?.[k], `windows.${k}`, windowProblems);
  if (!windowProblems.length && s.windows) checkWindowsPartition(s.windows, windowProblems);
  problems.push(...windowProblems);
  const earliest = s.ingest?.earliest;
  if (
    typeof earliest !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(earliest) ||
    Number.isNaN(Date.parse(`${earliest}T00:00:00Z`)) ||
    new Date(`${earliest}T00:00:00Z`).toISOString().slice(0, 10) !== earliest
  ) {
    problems.push(`ingest.earliest: must be a date "YYYY-MM-DD" (e.g. "2000-01-01"), got ${JSON.stringify(earliest)}`);
  }
  positiveNumber(s.reply?.within_short_hours, 'reply.within_short_hours', problems);
  positiveNumber(s.reply?.within_long_hours, 'reply.within_long_hours', problems);
  positiveNumber(s.reply?.follow_up_hours, 'reply.follow_up_hours', problems);
  if (s.reply && s.reply.within_short_hours > s.reply.within_long_hours) {
    problems.push('reply.within_short_hours must not exceed reply.within_long_hours');
  }
  for (const k of ['study', 'monthly'] as const) {
    if (typeof s.business_hours?.[k] !== 'boolean') problems.push(`business_hours.${k}: must be true or false`);
  }
  checkHolidays(s.business_hours?.holidays, problems);
  positiveNumber(s.disclosure?.max_small_count, 'disclosure.max_small_count', problems, true);
  for (const a of AUDIENCES) {
    const rule = s.disclosure?.audiences?.[a];
    const key = `disclosure.audiences.${a}`;
    if (!isObject(rule)) problems.push(`${key}: must be {"hide": [...], "complementary": true|false}`);
    else {
      if (!Array.isArray(rule.hide) || rule.hide.some((k) => !COUNT_KINDS.includes(k))) {
        problems.push(`${key}.hide: must list kinds of count among ${COUNT_KINDS.join(', ')}, got ${JSON.stringify(rule.hide)}`);
      }
      if (typeof rule.complementary !== 'boolean') problems.push(`${key}.complementary: must be true or false`);
    }
  }
  positiveNumber(s.threads?.max_rounds, 'threads.max_rounds', problems, true);
  if (s.reports?.link_base !== null && typeof s.reports?.link_base !== 'string') {
    problems.push('reports.link_base: must be a URL string or null');
  } else if (typeof s.reports.link_base === 'string' && !/^https?:\/\//.test(s.reports.link_base)) {
    problems.push(`reports.link_base: '${s.reports.link_base}' must start with https:// or http://`);
  }
  if (typeof s.reports?.from_address !== 'string' || !isEmailAddress(s.reports.from_address)) {
    problems.push('reports.from_address: must be an email address');
  }
  positiveNumber(s.reports?.few_messages, 'reports.few_messages', problems, true);
  positiveNumber(s.reports?.peers_min_answered, 'reports.peers_min_answered', problems, true);
  positiveNumber(s.engine?.concurrency, 'engine.concurrency', problems, true);
  if (s.smtp !== null) {
    if (!isObject(s.smtp) || typeof s.smtp.host !== 'string' || !s.smtp.host) problems.push('smtp.host: required when smtp is set');
    else {
      positiveNumber(s.smtp.port, 'smtp.port', problems, true);
      if (typeof s.smtp.secure !== 'boolean') problems.push('smtp.secure: must be true or false');
    }
  }
  if (problems.length) throw new SettingsError(source, problems);
  return s;
}
