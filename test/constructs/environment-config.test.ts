import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sesRateShares } from '../../lib/constructs/portal-pulse-stack.ts';
import {
  ENVIRONMENTS_DIR,
  loadAllEnvironments,
  loadEnvironmentConfig,
  parseEnvironmentConfig,
} from '../../lib/constructs/environment-config.ts';
import { UserError } from '../../lib/errors/index.ts';

const dev = JSON.parse(readFileSync(join(ENVIRONMENTS_DIR, 'dev.json'), 'utf8')) as Record<string, unknown>;
const tmp = mkdtempSync(join(tmpdir(), 'pp-envcfg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('environment configuration', () => {
  it('loads every shipped environment, with site settings resolved from it', () => {
    const envs = loadAllEnvironments();
    expect(envs.map((e) => e.name)).toEqual(['dev', 'prod']);
    for (const e of envs) {
      expect(e.settings.timezone).toBe(e.timezone);
      expect(e.settings.reports.from_address).toBe(e.senderAddress);
      expect(e.settings.reports.link_base).toBe(e.reportLinkBase);
    }
    expect(envs.find((e) => e.name === 'prod')?.keepDataOnDelete).toBe(true);
  });

  it('narrows to the environments named in the context and refuses unknown ones', () => {
    expect(loadAllEnvironments(undefined, 'prod').map((e) => e.name)).toEqual(['prod']);
    expect(() => loadAllEnvironments(undefined, 'staging')).toThrow(/unknown environment\(s\) staging; known: dev, prod/);
  });

  it('reports every problem at once, naming the file and the key', () => {
    const bad = {
      ...dev,
      account: '12345',
      timezone: 'Mars/Olympus',
      schedule: { monthly: '0 6 4 * *', watchdog: 'cron(0 9 6 * ? *)' },
      retention: { ...(dev.retention as object), logDays: 100 },
      sesIdentity: 'other.org',
    };
    const file = join(tmp, 'dev.json');
    writeFileSync(file, JSON.stringify(bad));
    let message = '';
    try {
      loadEnvironmentConfig(file);
    } catch (e) {
      message = (e as Error).message;
      expect(e).toBeInstanceOf(UserError);
    }
    expect(message).toContain(file);
    expect(message).toMatch(/account: must be a 12-digit AWS account id/);
    expect(message).toMatch(/timezone: must be an IANA time zone/);
    expect(message).toMatch(/schedule\.monthly: must be an EventBridge Scheduler cron/);
    expect(message).toMatch(/retention\.logDays: must be one of 1, 3, 5/);
    expect(message).toMatch(/sesIdentity: 'other\.org' must be the sender address or its domain/);
  });

  it('refuses a name that does not match the file, and an alias without its certificate', () => {
    expect(() => parseEnvironmentConfig({ ...dev, name: 'prod' }, '/x/dev.json')).toThrow(
      /name: 'prod' must match the file name 'dev.json'/,
    );
    const { certificateArn: _cert, ...withoutCertificate } = dev.hosting as Record<string, unknown>;
    expect(() => parseEnvironmentConfig({ ...dev, hosting: withoutCertificate }, '/x/dev.json')).toThrow(/give both/);
  });

  it('passes site settings through the settings validator', () => {
    expect(() => parseEnvironmentConfig({ ...dev, settings: { disclosure: { max_small_count: 0 } } }, '/x/dev.json')).toThrow(
      /disclosure\.max_small_count: must be a positive whole number/,
    );
    const ok = parseEnvironmentConfig({ ...dev, settings: { disclosure: { max_small_count: 5 } } }, '/x/dev.json');
    expect(ok.settings.disclosure.max_small_count).toBe(5);
  });

  it('defaults the sign-in limits, the SES rate and the backup retention, and checks them', () => {
    const { ses: _ses, backup: _backup, ...bare } = dev;
    const host = {
      sessionHours: 8,
      signInLinkMinutes: 15,
      domainName: 'reports-dev.example.org',
      certificateArn: (dev.hosting as { certificateArn: string }).certificateArn,
    };
    const cfg = parseEnvironmentConfig({ ...bare, hosting: host }, '/x/dev.json');
    expect(cfg.hosting).toMatchObject({ signInPerMinute: 20, signInCooldownSeconds: 300 });
    expect(cfg.ses.maxSendRate).toBe(1);
    expect(cfg.backup.retentionDays).toBe(35);
    expect(() => parseEnvironmentConfig({ ...dev, ses: { maxSendRate: 0 } }, '/x/dev.json')).toThrow(
      /ses\.maxSendRate: must be a number of messages a second above 0/,
    );
    expect(() => parseEnvironmentConfig({ ...dev, backup: { retentionDays: 0.5 } }, '/x/dev.json')).toThrow(
      /backup\.retentionDays: must be a whole number/,
    );
    expect(() => parseEnvironmentConfig({ ...dev, hosting: { ...host, signInLinkMinutes: 1440 } }, '/x/dev.json')).toThrow(
      /hosting\.signInLinkMinutes: must be a whole number of minutes from 1 to 60 \(a sign-in link should be short-lived\), got 1440/,
    );
  });

  it('splits the SES rate so the sign-in sender and the monthly senders together stay within it', () => {
    expect(sesRateShares(14, 10)).toEqual({ signIn: 1, perDepartmentSender: 1.3 });
    const sandbox = sesRateShares(1, 5);
    expect(sandbox.signIn + 5 * sandbox.perDepartmentSender).toBeCloseTo(1);
  });

  it('refuses a link base the distribution does not serve (reproduced: prod linked to an alias it had no certificate for)', () => {
    const { domainName: _d, certificateArn: _c, ...noAlias } = dev.hosting as Record<string, unknown>;
    expect(() => parseEnvironmentConfig({ ...dev, hosting: noAlias }, '/x/dev.json')).toThrow(
      /reportLinkBase: reports-dev\.example\.org is not served by the distribution: set hosting\.domainName/,
    );
    expect(
      parseEnvironmentConfig({ ...dev, hosting: noAlias, reportLinkBase: 'https://d111abcdef8.cloudfront.net' }, '/x/dev.json').hosting
        .domainName,
    ).toBeUndefined();
    for (const e of loadAllEnvironments()) expect(new URL(e.reportLinkBase).hostname).toBe(e.hosting.domainName);
  });
});
