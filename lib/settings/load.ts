// Reads the settings file (if any) and applies command-line overrides.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Settings } from './settings.ts';
import { resolveSettings, SettingsError } from './validate.ts';

export const DEFAULT_SETTINGS_FILE = 'portal-pulse.settings.json';

/** What a JSON value is, in words: `null`, `an array`, `a string`. */
const describeJson = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);

/**
 * Loads settings from `file` (an explicit path must exist; the default file is optional) and overlays
 * `overrides`, e.g. `{ timezone: 'America/New_York' }` from a `--timezone` flag.
 */
export function loadSettings(file?: string, overrides: Record<string, unknown> = {}): Settings {
  const path = resolve(file ?? DEFAULT_SETTINGS_FILE);
  let fromFile: Record<string, unknown> = {};
  if (existsSync(path)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new SettingsError(path, [`not valid JSON: ${(e as Error).message}`]);
    }
    // `[]`, `null` or `"x"` must not quietly mean "the defaults".
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new SettingsError(path, [`the settings file must hold a JSON object ({...}), not ${describeJson(parsed)}`]);
    }
    fromFile = parsed as Record<string, unknown>;
  } else if (file) {
    throw new SettingsError(path, ['file not found']);
  }
  return resolveSettings({ ...fromFile, ...overrides }, file ? path : `${path} (defaults where absent)`);
}
