// Reading a handler's configuration from its environment (set by lib/constructs), failing with the
// variable's name rather than an undefined deep inside a call.
import { resolveSettings, type Settings } from '../../lib/settings/index.ts';
import { ENV } from '../../lib/handler-contract/index.ts';

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const v = env[name];
  if (v === undefined || v === '')
    throw new Error(`environment variable ${name} is not set (the CDK stack sets it; set it yourself when running the handler elsewhere)`);
  return v;
}

/** The site settings the stack resolved from config/environments/<env>.json, validated again here. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Settings {
  const raw = requireEnv(ENV.settings, env);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new Error(`environment variable ${ENV.settings} is not valid JSON: ${(e as Error).message}`);
  }
  return resolveSettings(parsed, ENV.settings);
}
