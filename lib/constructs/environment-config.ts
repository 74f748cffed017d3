// One JSON file per deployment environment (config/environments/<name>.json): where it runs, when the
// monthly job fires, who it mails from, how long data is kept. Validated here so a typo fails `cdk synth`
// with the file and key named, not a CloudFormation rollback twenty minutes later.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveSettings, isValidTimeZone, type Settings } from '../settings/index.ts';
import { isEmailAddress } from '../email-address/email-address.ts';
import { UserError } from '../errors/index.ts';

export interface EnvironmentConfig {
  /** Short name used in stack names and resource names: lower case letters, digits and '-'. */
  name: string;
  account: string;
  region: string;
  /** The site's IANA time zone: the lake's local columns, the month boundaries and the schedules use it. */
  timezone: string;
  schedule: {
    /** EventBridge Scheduler cron of the monthly run, in the site time zone (default early on the 4th). */
    monthly: string;
    /** When to check that last month's run succeeded (alarm otherwise), in the site time zone. */
    watchdog: string;
  };
  /** The From: address of department emails; must belong to `sesIdentity`. */
  senderAddress: string;
  /** The SES identity (a domain or the sender address) the stack creates and may send from. */
  sesIdentity: string;
  /** The https base of the hosted pages (the CloudFront domain or your alias); emails link here. */
  reportLinkBase: string;
  /** Subscribed to the operator topic (each confirms once by email). */
  operatorEmails: string[];
  retention: {
    rawUploadsDays: number;
    quarantineDays: number;
    queryResultsDays: number;
    accessLogsDays: number;
    noncurrentVersionsDays: number;
    /** CloudWatch Logs retention; one of the values CloudWatch accepts (e.g. 365, 731, 2192). */
    logDays: number;
  };
  athena: {
    /** Athena cancels any query that would scan more than this many bytes. */
    bytesScannedCutoffPerQuery: number;
    /** First and last year of the messages table's partition projection (inclusive). */
    projectionYears: [number, number];
  };
  monthly: {
    /** Departments whose emails are rendered and sent at the same time. */
    maxConcurrency: number;
    /** Attempts per department on a transient error (throttling, timeouts) before it is marked failed. */
    sendAttempts: number;
  };
  hosting: {
    /** How long a signed-in lead's page cookie lasts. */
    sessionHours: number;
    /** How long the emailed sign-in link works (once). */
    signInLinkMinutes: number;
    /** Sign-in requests accepted per minute for the whole site (default 20). */
    signInPerMinute: number;
    /** Seconds before the same address can be sent another sign-in link (default 300). */
    signInCooldownSeconds: number;
    /** Optional alias for the pages (needs certificateArn, an ACM certificate in us-east-1). */
    domainName?: string;
    certificateArn?: string;
  };
  ses: {
    /**
     * The account's SES maximum send rate (messages a second; SES console or `aws sesv2 get-account`,
     * SendQuota.MaxSendRate). Senders are paced to it on the client side (default 1, the sandbox's).
     */
    maxSendRate: number;
  };
  backup: {
    /** Days AWS Backup keeps each daily recovery point of the lake, the results and the sign-in table. */
    retentionDays: number;
  };
  /** true: buckets, key and tables are retained when the stack is deleted (production). */
  keepDataOnDelete: boolean;
  /** The resolved site settings the Lambdas run with (timezone, sender and link base filled from above). */
  settings: Settings;
}

export class EnvironmentConfigError extends UserError {
  override name = 'EnvironmentConfigError';
  constructor(file: string, problems: string[]) {
    super(`invalid environment configuration ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const ENVIRONMENTS_DIR = fileURLToPath(new URL('../../config/environments/', import.meta.url));

const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a parsed environment file; `file` names it in every problem. */
export function parseEnvironmentConfig(raw: unknown, file: string): EnvironmentConfig {
  const problems: string[] = [];
  if (!isObject(raw)) throw new EnvironmentConfigError(file, ['the file must hold a JSON object']);
  const r = raw as Record<string, unknown>;
  const str = (key: string, test: (v: string) => boolean, hint: string): string => {
    const v = r[key];
    if (typeof v !== 'string' || !test(v)) problems.push(`${key}: ${hint}, got ${JSON.stringify(v)}`);
    return String(v);
  };
  const section = (key: string): Record<string, unknown> => {
    const v = r[key];
    if (!isObject(v)) {
      problems.push(`${key}: must be an object`);
      return {};
    }
    return v;
  };
  const int = (obj: Record<string, unknown>, key: string, path: string, min = 1): number => {
    const v = obj[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      problems.push(`${path}.${key}: must be a whole number >= ${min}, got ${JSON.stringify(v)}`);
    return Number(v);
  };

  const name = str(
    'name',
    (v) => /^[a-z][a-z0-9-]{0,15}$/.test(v),
    'must be 1-16 lower-case letters, digits or "-", starting with a letter',
  );
  if (name !== basename(file, '.json') && !file.startsWith('<'))
    problems.push(`name: '${name}' must match the file name '${basename(file)}'`);
  const account = str('account', (v) => /^\d{12}$/.test(v), 'must be a 12-digit AWS account id');
  const region = str('region', (v) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(v), 'must be an AWS region such as us-east-2');
  const timezone = str('timezone', isValidTimeZone, 'must be an IANA time zone such as America/Chicago');
  const senderAddress = str('senderAddress', isEmailAddress, 'must be an email address');
  const sesIdentity = str('sesIdentity', (v) => v.length > 0, 'must be the SES domain or address to send from');
  if (typeof r.senderAddress === 'string' && typeof r.sesIdentity === 'string') {
    const domain = r.senderAddress.split('@')[1];
    if (r.sesIdentity !== r.senderAddress && r.sesIdentity !== domain) {
      problems.push(`sesIdentity: '${r.sesIdentity}' must be the sender address or its domain '${domain}'`);
    }
  }
  const link = r.reportLinkBase;
  if (typeof link !== 'string' || !/^https:\/\/[^/]+/.test(link)) {
    problems.push(
      `reportLinkBase: must be the https:// address of the hosted pages (your alias, or the distribution's *.cloudfront.net name after a first deployment), got ${JSON.stringify(link)}`,
    );
  }
  const ops = r.operatorEmails;
  if (!Array.isArray(ops) || ops.some((e) => typeof e !== 'string' || !e.includes('@'))) {
    problems.push('operatorEmails: must be a list of email addresses (may be empty)');
  }

  const sched = section('schedule');
  for (const k of ['monthly', 'watchdog']) {
    if (typeof sched[k] !== 'string' || !CRON.test(sched[k] as string)) {
      problems.push(
        `schedule.${k}: must be an EventBridge Scheduler cron such as "cron(0 6 4 * ? *)" (minutes hours day-of-month month day-of-week year), got ${JSON.stringify(sched[k])}`,
      );
    }
  }
  const ret = section('retention');
  for (const k of ['rawUploadsDays', 'quarantineDays', 'queryResultsDays', 'accessLogsDays', 'noncurrentVersionsDays'])
    int(ret, k, 'retention');
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(ret.logDays as number)) {
    problems.push(
      `retention.logDays: must be one of ${LOG_RETENTION_DAYS.join(', ')} (CloudWatch Logs' choices), got ${JSON.stringify(ret.logDays)}`,
    );
  }
  const ath = section('athena');
  int(ath, 'bytesScannedCutoffPerQuery', 'athena', 10_000_000);
  const years = ath.projectionYears;
  if (
    !Array.isArray(years) ||
    years.length !== 2 ||
    !years.every((y) => Number.isInteger(y) && y >= 1990 && y <= 2100) ||
    years[0] > years[1]
  ) {
    problems.push(`athena.projectionYears: must be [firstYear, lastYear] between 1990 and 2100, got ${JSON.stringify(years)}`);
  }
  const mon = section('monthly');
  int(mon, 'maxConcurrency', 'monthly');
  int(mon, 'sendAttempts', 'monthly');
  const host = section('hosting');
  int(host, 'sessionHours', 'hosting');
  int(host, 'signInLinkMinutes', 'hosting');
  host.signInPerMinute ??= 20;
  host.signInCooldownSeconds ??= 300;
  int(host, 'signInPerMinute', 'hosting');
  int(host, 'signInCooldownSeconds', 'hosting');
  if (typeof host.signInLinkMinutes === 'number' && host.signInLinkMinutes > 60)
    problems.push(`hosting.signInLinkMinutes: at most 60 (a sign-in link should be short-lived), got ${host.signInLinkMinutes}`);
  const sesSection: Record<string, unknown> = r.ses === undefined ? {} : section('ses');
  sesSection.maxSendRate ??= 1;
  if (typeof sesSection.maxSendRate !== 'number' || !(sesSection.maxSendRate > 0))
    problems.push(`ses.maxSendRate: must be a number of messages a second above 0, got ${JSON.stringify(sesSection.maxSendRate)}`);
  const backupSection: Record<string, unknown> = r.backup === undefined ? {} : section('backup');
  backupSection.retentionDays ??= 35;
  int(backupSection, 'retentionDays', 'backup');
  if ((host.domainName === undefined) !== (host.certificateArn === undefined)) {
    problems.push('hosting.domainName and hosting.certificateArn: give both (an alias needs its certificate) or neither');
  } else if (host.certificateArn !== undefined && !/^arn:aws:acm:us-east-1:\d{12}:certificate\/.+/.test(String(host.certificateArn))) {
    problems.push(
      `hosting.certificateArn: must be an ACM certificate ARN in us-east-1 (CloudFront requires it), got ${JSON.stringify(host.certificateArn)}`,
    );
  }
  // The link base must be a name the distribution serves: its alias (with a certificate, so TLSv1.2_2021
  // is the minimum) or its own *.cloudfront.net name (CloudFront's certificate and TLS policy).
  if (typeof link === 'string' && /^https:\/\/[^/]+/.test(link)) {
    const linkHost = new URL(link).hostname;
    if (!linkHost.endsWith('.cloudfront.net') && linkHost !== host.domainName) {
      problems.push(
        `reportLinkBase: ${linkHost} is not served by the distribution: set hosting.domainName to ${linkHost} (with hosting.certificateArn, in us-east-1), or use the distribution's *.cloudfront.net name`,
      );
    }
  }
  if (typeof r.keepDataOnDelete !== 'boolean') problems.push('keepDataOnDelete: must be true or false');

  let settings: Settings | undefined;
  try {
    const overrides = isObject(r.settings) ? r.settings : {};
    const reports = isObject(overrides.reports) ? overrides.reports : {};
    settings = resolveSettings(
      { ...overrides, timezone, reports: { ...reports, from_address: senderAddress, link_base: link ?? null } },
      `${file} (settings)`,
    );
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (problems.length || !settings) throw new EnvironmentConfigError(file, problems);

  return {
    name,
    account,
    region,
    timezone,
    schedule: { monthly: sched.monthly as string, watchdog: sched.watchdog as string },
    senderAddress,
    sesIdentity,
    reportLinkBase: link as string,
    operatorEmails: ops as string[],
    retention: ret as unknown as EnvironmentConfig['retention'],
    athena: ath as unknown as EnvironmentConfig['athena'],
    monthly: mon as unknown as EnvironmentConfig['monthly'],
    hosting: host as unknown as EnvironmentConfig['hosting'],
    ses: sesSection as unknown as EnvironmentConfig['ses'],
    backup: backupSection as unknown as EnvironmentConfig['backup'],
    keepDataOnDelete: r.keepDataOnDelete as boolean,
    settings,
  };
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
