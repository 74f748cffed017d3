import * as athena from 'aws-cdk-lib/aws-athena';
import { NagRuleCompliance } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { athenaWorkgroupEnforced } from '../../../lib/constructs/nag-rules/athena-workgroup-enforced.ts';
import { PortalPulseChecks } from '../../../lib/constructs/nag-rules/portal-pulse-checks.ts';
import { testStack } from '../stack-fixture.ts';

const good = {
  enforceWorkGroupConfiguration: true,
  engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
  bytesScannedCutoffPerQuery: 10_000_000_000,
  resultConfiguration: {
    outputLocation: 's3://r/athena/',
    encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: 'arn:aws:kms:us-east-2:111111111111:key/x' },
  },
};

function workgroup(config: athena.CfnWorkGroup.WorkGroupConfigurationProperty) {
  const stack = testStack();
  return { stack, wg: new athena.CfnWorkGroup(stack, 'WG', { name: 'wg', workGroupConfiguration: config }) };
}

describe('PortalPulse-AthenaWorkgroupEnforced', () => {
  it('passes an enforced, KMS-encrypted, pinned workgroup with a scan cutoff', () => {
    expect(athenaWorkgroupEnforced(workgroup(good).wg)).toBe(NagRuleCompliance.COMPLIANT);
  });

  it.each([
    ['not enforced', { ...good, enforceWorkGroupConfiguration: false }],
    [
      'results encrypted with S3 keys only',
      { ...good, resultConfiguration: { outputLocation: 's3://r/', encryptionConfiguration: { encryptionOption: 'SSE_S3' } } },
    ],
    ['results unencrypted', { ...good, resultConfiguration: { outputLocation: 's3://r/' } }],
    ['no scan cutoff', { ...good, bytesScannedCutoffPerQuery: undefined }],
    ['engine on AUTO', { ...good, engineVersion: { selectedEngineVersion: 'AUTO' } }],
  ])('fails a workgroup with %s', (_why, config) => {
    expect(athenaWorkgroupEnforced(workgroup(config).wg)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  it('is reported by the PortalPulse pack under its id, and only for the bad workgroup', () => {
    const { stack } = workgroup({ ...good, enforceWorkGroupConfiguration: false });
    new athena.CfnWorkGroup(stack, 'Fine', { name: 'fine', workGroupConfiguration: good });
    const report = new PortalPulseChecks().validateScope(stack);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => [v.ruleName, v.violatingResources.map((r) => r.constructPath)])).toEqual([
      ['PortalPulse-AthenaWorkgroupEnforced', ['T/WG']],
    ]);
  });
});
