import * as ses from 'aws-cdk-lib/aws-ses';
import { NagRuleCompliance } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { PortalPulseChecks } from '../../../lib/constructs/nag-rules/portal-pulse-checks.ts';
import { sesTlsRequired } from '../../../lib/constructs/nag-rules/ses-tls-required.ts';
import { testStack } from '../stack-fixture.ts';

describe('PortalPulse-SesTlsRequired', () => {
  it('passes a configuration set that requires TLS', () => {
    const stack = testStack();
    const cs = new ses.ConfigurationSet(stack, 'CS', { tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE });
    expect(sesTlsRequired(cs.node.defaultChild as ses.CfnConfigurationSet)).toBe(NagRuleCompliance.COMPLIANT);
  });

  it('fails one that leaves TLS optional (the default), and the pack reports it', () => {
    const stack = testStack();
    const cs = new ses.ConfigurationSet(stack, 'CS', {});
    expect(sesTlsRequired(cs.node.defaultChild as ses.CfnConfigurationSet)).toBe(NagRuleCompliance.NON_COMPLIANT);
    const report = new PortalPulseChecks().validateScope(stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['PortalPulse-SesTlsRequired']);
  });
});
