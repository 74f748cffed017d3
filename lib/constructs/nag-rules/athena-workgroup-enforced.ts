// PortalPulse-AthenaWorkgroupEnforced: an Athena workgroup must enforce its configuration (clients cannot
// override the result location or encryption), encrypt results with KMS, pin the engine version and
// cap the bytes a query may scan. Without enforcement every other setting is a suggestion.
import type { CfnResource } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import { NagRuleCompliance } from 'cdk-nag';
import { path, resolved } from './resolve.ts';

export const ATHENA_WORKGROUP_ENFORCED = {
  id: 'AthenaWorkgroupEnforced',
  info:
    'The Athena workgroup does not enforce an encrypted (KMS) result configuration, a pinned engine version and a per-query scan ' +
    'limit.',
  explanation:
    'Unenforced workgroups let any client write unencrypted query results (which can contain PHI) anywhere it can write, pick another ' +
    'engine whose SQL semantics differ, or scan the whole lake by mistake.',
};

export function athenaWorkgroupEnforced(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof athena.CfnWorkGroup)) return NagRuleCompliance.NOT_APPLICABLE;
  const config = resolved(node, node.workGroupConfiguration);
  const enforced = path(config, 'enforceWorkGroupConfiguration') === true;
  const option = path(config, 'resultConfiguration', 'encryptionConfiguration', 'encryptionOption');
  const kmsKey = path(config, 'resultConfiguration', 'encryptionConfiguration', 'kmsKey');
  const encrypted = (option === 'SSE_KMS' || option === 'CSE_KMS') && kmsKey !== undefined && kmsKey !== '';
  const cutoff = path(config, 'bytesScannedCutoffPerQuery');
  const limited = typeof cutoff === 'number' && cutoff > 0;
  const engine = path(config, 'engineVersion', 'selectedEngineVersion');
  const pinned = typeof engine === 'string' && engine !== '' && engine.toUpperCase() !== 'AUTO';
  return enforced && encrypted && limited && pinned ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
