// One JSON file per deployment environment (config/environments/<name>.json): where it runs, when the
// monthly job fires, who it mails from, how long data is kept. Validated here, against its schema
// (environment-schema.ts) and the rules between keys, so a typo fails `cdk synth` with the file and key named,
// not a CloudFormation rollback twenty minutes later.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEmailAddress } from '../email-address/email-address.ts';
import { UserError } from '../errors/index.ts';
import { type FromSchema, schemaValidator } from '../json-schema/index.ts';
import { isValidTimeZone, resolveSettings, type Settings } from '../settings/index.ts';
import { ENVIRONMENT_SCHEMA } from './environment-schema.ts';

/** An environment file as its schema describes it, defaults filled in (environment-schema.ts says what each key means). */
export type EnvironmentFile = FromSchema<typeof ENVIRONMENT_SCHEMA>;

export interface EnvironmentConfig extends Omit<EnvironmentFile, 'settings'> {
  /** The resolved site settings the Lambdas run with (timezone, sender and link base filled from above). */
  settings: Settings;
}

export class EnvironmentConfigError extends UserError {
  override name = 'EnvironmentConfigError';
  constructor(file: string, problems: string[]) {
    super(`invalid environment configuration ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export { LOG_RETENTION_DAYS } from './environment-schema.ts';

export const ENVIRONMENTS_DIR = fileURLToPath(new URL('../../config/environments/', import.meta.url));

const checkSchema = schemaValidator<EnvironmentFile>(ENVIRONMENT_SCHEMA, {
  unknownKey: 'unknown key',
  formats: { 'iana-time-zone': isValidTimeZone, email: isEmailAddress },
});

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The rules between keys, over values that passed the schema (a rule whose inputs are bad stays silent). */
function crossKeyProblems(c: EnvironmentFile, file: string): string[] {
  const problems: string[] = [];
  if (typeof c.name === 'string' && c.name !== basename(file, '.json') && !file.startsWith('<'))
    problems.push(`name: '${c.name}' must match the file name '${basename(file)}'`);
  if (typeof c.senderAddress === 'string' && typeof c.sesIdentity === 'string') {
    const domain = c.senderAddress.split('@')[1];
    if (c.sesIdentity !== c.senderAddress && c.sesIdentity !== domain) {
      problems.push(`sesIdentity: '${c.sesIdentity}' must be the sender address or its domain '${domain}'`);
    }
  }
  const years = c.athena?.projectionYears;
  if (Array.isArray(years) && typeof years[0] === 'number' && typeof years[1] === 'number' && years[0] > years[1]) {
    problems.push(`athena.projectionYears: must be [firstYear, lastYear] between 1990 and 2100, got ${JSON.stringify(years)}`);
  }
  const host = c.hosting;
  if (isObject(host) && (host.domainName === undefined) !== (host.certificateArn === undefined)) {
    problems.push('hosting.domainName and hosting.certificateArn: give both (an alias needs its certificate) or neither');
  }
  // The link base must be a name the distribution serves: its alias (with a certificate, so TLSv1.2_2021
  // is the minimum) or its own *.cloudfront.net name (CloudFront's certificate and TLS policy).
  const link = c.reportLinkBase;
  if (typeof link === 'string' && /^https:\/\/[^/]+/.test(link) && isObject(host)) {
    const linkHost = new URL(link).hostname;
    if (!linkHost.endsWith('.cloudfront.net') && linkHost !== host.domainName) {
      problems.push(
        `reportLinkBase: ${linkHost} is not served by the distribution: set hosting.domainName to ${linkHost} (with ` +
          `hosting.certificateArn, in us-east-1), or use the distribution's *.cloudfront.net name`,
      );
    }
  }
  return problems;
}

/** Validates a parsed environment file; `file` names it in every problem. */
export function parseEnvironmentConfig(raw: unknown, file: string): EnvironmentConfig {
  if (!isObject(raw)) throw new EnvironmentConfigError(file, ['the file must hold a JSON object']);
  const { value: c, problems } = checkSchema(raw);
  problems.push(...crossKeyProblems(c, file));

  let settings: Settings | undefined;
  try {
    const overrides = isObject(c.settings) ? c.settings : {};
    const reports = isObject(overrides.reports) ? overrides.reports : {};
    settings = resolveSettings(
      { ...overrides, timezone: c.timezone, reports: { ...reports, from_address: c.senderAddress, link_base: c.reportLinkBase ?? null } },
      `${file} (settings)`,
    );
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (problems.length || !settings) throw new EnvironmentConfigError(file, problems);
  return { ...c, settings };
}

export function loadEnvironmentConfig(file: string): EnvironmentConfig {
  const path = resolve(file);
  if (!existsSync(path)) throw new EnvironmentConfigError(path, ['file not found']);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new EnvironmentConfigError(path, [`not valid JSON: ${(e as Error).message}`]);
  }
  return parseEnvironmentConfig(raw, path);
}

/** Every config/environments/*.json, sorted by name; `only` (comma-separated names) narrows the set. */
export function loadAllEnvironments(dir = ENVIRONMENTS_DIR, only?: string): EnvironmentConfig[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const all = files.map((f) => loadEnvironmentConfig(join(dir, f)));
  if (!only) return all;
  const wanted = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((w) => !all.some((e) => e.name === w));
  if (unknown.length) {
    throw new EnvironmentConfigError(dir, [`unknown environment(s) ${unknown.join(', ')}; known: ${all.map((e) => e.name).join(', ')}`]);
  }
  return all.filter((e) => wanted.includes(e.name));
}
