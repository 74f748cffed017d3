// Human labels for periods, categories and times. Plain text: templates escape them.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "June 2017" from "2017-06". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[m - 1] ?? month} ${y}`;
}

const ROLE: Record<string, string> = {
  physician: 'Physician',
  registered_nurse: 'Registered nurse',
  np_pa: 'Nurse practitioner or physician assistant',
  other: 'Other clinician',
  unknown: 'Unknown role',
};
const ROLE_SHORT: Record<string, string> = { ...ROLE, np_pa: 'NP or PA' };
const SETTING: Record<string, string> = { primary_care: 'primary care', specialty: 'specialty' };

export function roleLabel(role: string, short = false): string {
  return (short ? ROLE_SHORT : ROLE)[role] ?? role;
}

export function careSettingLabel(setting: string): string {
  return SETTING[setting] ?? setting.replace(/_/g, ' ');
}

/** "Physician, primary care" from "physician/primary_care". */
export function categoryLabel(key: string, short = false): string {
  const [role = key, setting] = key.split('/');
  return setting ? `${roleLabel(role, short)}, ${careSettingLabel(setting)}` : roleLabel(role, short);
}

const ROLE_ORDER = ['physician', 'registered_nurse', 'np_pa', 'other', 'unknown'];
const SETTING_ORDER = ['primary_care', 'specialty'];

/** Categories in a stable reading order: care setting, then role. */
export function sortCategories(keys: Iterable<string>): string[] {
  const rank = (k: string): number => {
    const [r = '', s = ''] = k.split('/');
    const ri = ROLE_ORDER.indexOf(r);
    const si = SETTING_ORDER.indexOf(s);
    return (si < 0 ? 9 : si) * 100 + (ri < 0 ? 99 : ri);
  };
  return [...new Set(keys)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function sortRoles(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort((a, b) => ((ROLE_ORDER.indexOf(a) + 99) % 99) - ((ROLE_ORDER.indexOf(b) + 99) % 99) || a.localeCompare(b));
}

/** One formatter per time zone (building one costs far more than formatting with it); null: not a zone ICU knows. */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat | null>();

function dateTimeFormat(timezone: string): Intl.DateTimeFormat | null {
  let f = dateTimeFormats.get(timezone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone: timezone,
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      f = null;
    }
    dateTimeFormats.set(timezone, f);
  }
  return f;
}

/** "3 July 2017, 09:05 (America/Chicago)": an instant in the site's time zone. */
export function dateTimeLabel(iso: string, timezone: string): string {
  const d = new Date(iso);
  const format = dateTimeFormat(timezone);
  if (Number.isNaN(d.getTime()) || format === null) return iso;
  const parts = format.formatToParts(d);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} (${timezone})`;
}
