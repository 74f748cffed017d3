import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, resolveSettings, SettingsError } from '../../lib/settings/index.ts';

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
    const s = resolveSettings({ timezone: 'America/New_York', windows: { evening: { start: '17:00', end: '20:00' }, night: { start: '20:00', end: '07:00' } } });
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
    expect(problems.join('\n')).toMatch(/timezone: 'Mars\/Olympus' is not an IANA time zone/);
    expect(problems.join('\n')).toMatch(/windows\.working\.start: '7am'/);
    expect(problems.join('\n')).toMatch(/reply\.within_short_hours: must be a positive number/);
    expect(problems.join('\n')).toMatch(/disclosure\.max_small_count: must be a positive whole number/);
    expect(problems.join('\n')).toMatch(/colour: unknown setting/);
    expect(problems).toHaveLength(5);
  });

  it('rejects a short reply threshold above the long one', () => {
    expect(problemsOf({ reply: { within_short_hours: 80 } })).toEqual([
      'reply.within_short_hours must not exceed reply.within_long_hours',
    ]);
  });

  it('validates smtp only when set', () => {
    expect(problemsOf({ smtp: null })).toEqual([]);
    expect(problemsOf({ smtp: { host: '', port: 25, secure: false } })).toEqual(['smtp.host: required when smtp is set']);
    expect(problemsOf({ smtp: { host: 'mail', port: 0, secure: 'yes' } })).toHaveLength(2);
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
});
