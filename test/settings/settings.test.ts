import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, resolveSettings, sameTimeZone, SettingsError } from '../../lib/settings/index.ts';

function problemsOf(input: unknown): string[] {
  try {
    resolveSettings(input);
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as SettingsError).problems;
  }
  return [];
}

describe('settings', () => {
  it('defaults follow metrics.md', () => {
    const s = resolveSettings(undefined);
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(s.timezone).toBe('America/Chicago');
    expect(s.windows.evening).toEqual({ start: '17:00', end: '19:00' });
    expect(s.reply).toEqual({ within_short_hours: 24, within_long_hours: 72, follow_up_hours: 72 });
    expect(s.disclosure.max_small_count).toBe(10);
  });

  it('overlays nested values and keeps the rest of the defaults', () => {
    const s = resolveSettings({
      timezone: 'America/New_York',
      windows: { evening: { start: '17:00', end: '20:00' }, night: { start: '20:00', end: '07:00' } },
    });
    expect(s.timezone).toBe('America/New_York');
    expect(s.windows.evening).toEqual({ start: '17:00', end: '20:00' });
    expect(s.windows.working).toEqual(DEFAULT_SETTINGS.windows.working);
  });

  it('names every bad key at once', () => {
    const problems = problemsOf({
      timezone: 'Mars/Olympus',
      windows: { working: { start: '7am', end: '17:00' } },
      reply: { within_short_hours: -1 },
      disclosure: { max_small_count: 2.5 },
      colour: 'blue',
    });
    expect(problems.join('\n')).toMatch(/timezone: must be an IANA time zone name \(e\.g\. America\/Chicago\), got "Mars\/Olympus"/);
    expect(problems.join('\n')).toMatch(/windows\.working\.start: must be a time of day "HH:MM" \(00:00-23:59\), got "7am"/);
    expect(problems.join('\n')).toMatch(/reply\.within_short_hours: must be a positive number, got -1/);
    expect(problems.join('\n')).toMatch(/disclosure\.max_small_count: must be a positive whole number, got 2\.5/);
    expect(problems.join('\n')).toMatch(/colour: unknown setting \(known: timezone, windows, reply, business_hours, disclosure, threads/);
    expect(problems).toHaveLength(5);
  });

  it('rejects a short reply threshold above the long one', () => {
    expect(problemsOf({ reply: { within_short_hours: 80 } })).toEqual(['reply.within_short_hours must not exceed reply.within_long_hours']);
  });

  it('validates smtp only when set', () => {
    expect(problemsOf({ smtp: null })).toEqual([]);
    expect(problemsOf({ smtp: { host: '', port: 25, secure: false } })).toEqual([`smtp.host: must be the SMTP server's host name, got ""`]);
    expect(problemsOf({ smtp: { host: 'mail', port: 0, secure: 'yes' } })).toEqual([
      'smtp.port: must be a port number (1-65535), got 0',
      'smtp.secure: must be true or false, got "yes"',
    ]);
    expect(problemsOf({ smtp: { port: 25, hots: 'mail' } })).toEqual([
      "smtp.host: required; must be the SMTP server's host name",
      'smtp.secure: required; must be true or false',
      'smtp.hots: unknown setting (known: host, port, secure)',
    ]);
    expect(problemsOf({ smtp: 'mail' })).toEqual(['smtp: must be null or {"host": "...", "port": 587, "secure": false}, got "mail"']);
  });

  it('loads a file and applies flag overrides over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-settings-'));
    const file = join(dir, 'site.json');
    writeFileSync(file, JSON.stringify({ timezone: 'America/Denver', disclosure: { max_small_count: 5 } }));
    const s = loadSettings(file, { timezone: 'America/Phoenix' });
    expect(s.timezone).toBe('America/Phoenix');
    expect(s.disclosure.max_small_count).toBe(5);
  });

  it('a missing explicit file or bad JSON is a clear error naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-settings-'));
    expect(() => loadSettings(join(dir, 'nope.json'))).toThrow(/nope\.json[\s\S]*file not found/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "timezone": ');
    expect(() => loadSettings(bad)).toThrow(/bad\.json[\s\S]*not valid JSON/);
  });

  it('windows must not overlap and must cover the day (overlaps used to count a message twice)', () => {
    expect(problemsOf({ windows: { evening: { start: '16:00', end: '20:00' } } })).toEqual([
      'windows: windows.working and windows.evening overlap at 16:00-17:00; each minute of the day must be in exactly one window',
      'windows: windows.evening and windows.night overlap at 19:00-20:00; each minute of the day must be in exactly one window',
    ]);
    expect(problemsOf({ windows: { evening: { start: '18:00', end: '19:00' } } })).toEqual([
      'windows: no window covers 17:00-18:00; working, evening and night must together cover the whole day',
    ]);
    expect(
      problemsOf({
        windows: {
          working: { start: '08:00', end: '16:30' },
          evening: { start: '16:30', end: '20:15' },
          night: { start: '20:15', end: '08:00' },
        },
      }),
    ).toEqual([]);
  });

  it('canonicalises the case of the time zone and keeps a name written with its capitals', () => {
    expect(resolveSettings({ timezone: 'america/chicago' }).timezone).toBe('America/Chicago');
    expect(resolveSettings({ timezone: 'europe/LONDON' }).timezone).toBe('Europe/London');
    // ICU (Node 20) resolves Asia/Kolkata to its old primary name Asia/Calcutta: the site's spelling is kept.
    expect(resolveSettings({ timezone: 'Asia/Kolkata' }).timezone).toBe('Asia/Kolkata');
    expect(resolveSettings({ timezone: 'US/Central' }).timezone).toBe('US/Central');
    expect(sameTimeZone('US/Central', 'America/Chicago')).toBe(true);
    expect(sameTimeZone('Asia/Kolkata', 'Asia/Calcutta')).toBe(true);
    expect(sameTimeZone('America/Chicago', 'America/Denver')).toBe(false);
  });

  it('ingest.earliest defaults to 2000-01-01 and must be a real date', () => {
    expect(resolveSettings({}).ingest).toEqual({ earliest: '2000-01-01' });
    expect(problemsOf({ ingest: { earliest: '2001-02-30' } })).toEqual([
      'ingest.earliest: must be a date "YYYY-MM-DD" (e.g. "2000-01-01"), got "2001-02-30"',
    ]);
  });

  it('a settings file must hold an object ([] or null used to mean the defaults)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-settings-'));
    for (const [text, what] of [
      ['[]', 'an array'],
      ['null', 'null'],
      ['"x"', 'a string'],
    ] as const) {
      const f = join(dir, 's.json');
      writeFileSync(f, text);
      expect(() => loadSettings(f)).toThrow(new RegExp(`s\\.json[\\s\\S]*must hold a JSON object \\(\\{\\.\\.\\.\\}\\), not ${what}`));
    }
  });
});

describe('settings: business_hours.holidays', () => {
  it('defaults to none and takes a list of local dates', () => {
    expect(DEFAULT_SETTINGS.business_hours.holidays).toEqual([]);
    const s = resolveSettings({ business_hours: { holidays: ['2024-01-01', '2024-07-04', '2024-12-25'] } });
    expect(s.business_hours).toEqual({ study: false, monthly: true, holidays: ['2024-01-01', '2024-07-04', '2024-12-25'] });
  });

  it('names each bad entry: not a list, a date that does not exist, another format', () => {
    expect(problemsOf({ business_hours: { holidays: '2024-01-01' } })).toEqual([
      'business_hours.holidays: must be a list of local dates, e.g. ["2024-01-01", "2024-12-25"], got "2024-01-01"',
    ]);
    expect(problemsOf({ business_hours: { holidays: ['2024-02-30', '07/04/2024', 20240101, '2024-02-29'] } })).toEqual([
      'business_hours.holidays[0]: must be a date "YYYY-MM-DD", got "2024-02-30"',
      'business_hours.holidays[1]: must be a date "YYYY-MM-DD", got "07/04/2024"',
      'business_hours.holidays[2]: must be a date "YYYY-MM-DD", got 20240101',
    ]);
  });
});
