// The security gate: AwsSolutions, HIPAA.Security and the PortalPulse rules on every environment, zero
// unacknowledged findings, every acknowledgement live and reasoned, and proof the gate does fail.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Construct } from 'constructs';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { recordedAcknowledgements, withoutAcknowledgements } from '../../lib/constructs/acknowledge.ts';
import { buildApp } from '../../lib/constructs/portal-pulse-app.ts';
import { PortalPulseChecks } from '../../lib/constructs/nag-rules/portal-pulse-checks.ts';
import { NO_BUNDLING } from './app-fixture.ts';

const dirs: string[] = [];
const outdir = () => {
  const d = mkdtempSync(join(tmpdir(), 'pp-gate-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const appProps = () => ({ outdir: outdir(), context: NO_BUNDLING, builtinCloudFormationValidation: false });

describe('security gate', () => {
  it('passes every environment with zero unacknowledged findings', () => {
    const { app, stacks } = buildApp({ appProps: appProps() });
    expect(stacks.map((s) => s.stackName)).toEqual(['PortalPulse-dev', 'PortalPulse-prod']);
    expect(() => app.synth()).not.toThrow();
    // The three packs really are registered on the app (the gate is not vacuous).
    const plugins = (app as unknown as { _validationPlugins: { name: string }[] })._validationPlugins.map((p) => p.name);
    expect(plugins).toEqual(['AwsSolutions', 'HIPAA.Security', 'PortalPulse']);
  });

  it('fails synthesis on a deliberately non-compliant construct, naming the rules and only that construct', () => {
    const { app, stacks } = buildApp({ appProps: appProps() });
    const bad = new Construct(stacks[0]!, 'Careless'); // inside the dev stack
    const bucket = new s3.Bucket(bad, 'CarelessBucket'); // no KMS, no logging, no TLS policy, not versioned
    new athena.CfnWorkGroup(bad, 'CarelessWorkGroup', {
      name: 'careless',
      workGroupConfiguration: { enforceWorkGroupConfiguration: false },
    });
    new scheduler.CfnSchedule(bad, 'CarelessSchedule', {
      scheduleExpression: 'rate(1 day)',
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: 'arn:aws:sqs:us-east-2:111111111111:q', roleArn: 'arn:aws:iam::111111111111:role/r' },
    });
    const role = new iam.Role(bad, 'CarelessRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    void bucket;
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    for (const rule of [
      'AwsSolutions-S1',
      'AwsSolutions-S10',
      'HIPAA.Security-S3BucketLoggingEnabled',
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'PortalPulse-AthenaWorkgroupEnforced',
      'PortalPulse-SchedulerRetryAndDeadLetter',
      'AwsSolutions-IAM5[Action::s3:*]',
      'AwsSolutions-IAM5[Resource::*]',
    ]) {
      expect(message).toContain(rule);
    }
    const paths = [...message.matchAll(/PortalPulse-(?:dev|prod)\/[^\s]+/g)].map((m) => m[0]);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith('PortalPulse-dev/Careless'))).toBe(true);
  });

  it('names every IAM action (no action wildcards anywhere)', () => {
    const { app, stacks } = buildApp({ appProps: appProps() });
    app.synth();
    for (const s of stacks) {
      const t = Template.fromStack(s);
      const docs = [
        ...Object.values(t.findResources('AWS::IAM::Policy')),
        ...Object.values(t.findResources('AWS::IAM::ManagedPolicy')),
      ].map((p) => p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] });
      const actions = docs.flatMap((d) => d.Statement.flatMap((st) => [st.Action].flat()));
      expect(actions.length).toBeGreaterThan(40);
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  it('has no stale acknowledgement: each one matches a finding the packs raise without it', () => {
    const acks = [...recordedAcknowledgements()];
    const { stacks } = withoutAcknowledgements(() => buildApp({ appProps: appProps(), securityGate: false }));
    const raw: { rule: string; path: string }[] = [];
    for (const s of stacks) {
      for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new PortalPulseChecks()]) {
        for (const v of pack.validateScope(s).violations)
          for (const r of v.violatingResources) raw.push({ rule: v.ruleName, path: r.constructPath ?? '' });
      }
    }
    const live = new Set(acks.map((a) => `${a.path}|${a.id}`));
    expect(live.size).toBeGreaterThan(30);
    const stale = [...live].filter((key) => {
      const [path, id] = key.split('|') as [string, string];
      return !raw.some((f) => f.rule === id && (f.path === path || f.path.startsWith(`${path}/`)));
    });
    expect(stale).toEqual([]);
    // And, without acknowledgements, every raw finding is one that is acknowledged (nothing passes silently).
    const unexplained = raw.filter(
      (f) =>
        ![...live].some((key) => {
          const [path, id] = key.split('|') as [string, string];
          return f.rule === id && (f.path === path || f.path.startsWith(`${path}/`));
        }),
    );
    expect(unexplained).toEqual([]);
    expect(acks.every((a) => a.reason.length >= 30)).toBe(true);
  });
});
