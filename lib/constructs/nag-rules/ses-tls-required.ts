// PortalPulse-SesTlsRequired: an SES configuration set must require TLS for delivery. With the default
// (OPTIONAL) SES falls back to plain SMTP when the recipient's server does not offer TLS.
import type { CfnResource } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { NagRuleCompliance } from 'cdk-nag';
import { path, resolved } from './resolve.ts';

export const SES_TLS_REQUIRED = {
  id: 'SesTlsRequired',
  info: 'The SES configuration set does not require TLS for delivery.',
  explanation: 'Reports go to mailboxes outside our control; requiring TLS keeps them from crossing the internet in clear text.',
};

export function sesTlsRequired(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof ses.CfnConfigurationSet)) return NagRuleCompliance.NOT_APPLICABLE;
  const delivery = resolved(node, node.deliveryOptions);
  return path(delivery, 'tlsPolicy') === 'REQUIRE' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
