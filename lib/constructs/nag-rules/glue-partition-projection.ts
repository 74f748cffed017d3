// PortalPulse-GluePartitionProjection: a partitioned Glue table must declare partition projection for
// every partition key in the TABLE's Parameters (projection.enabled, projection.<key>.type, a range for
// integer/date keys, storage.location.template). Glue accepts the keys in the storage descriptor's
// parameters, or misspelled, without complaint; Athena then sees no partitions and returns empty results.
import type { CfnResource } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { NagRuleCompliance } from 'cdk-nag';
import { field, path, resolved } from './resolve.ts';

export const GLUE_PARTITION_PROJECTION = {
  id: 'GluePartitionProjection',
  info: 'The partitioned Glue table does not declare partition projection for every partition key in its table Parameters.',
  explanation:
    'Without projection (or with it in the wrong place) Athena finds no partitions until someone runs a crawler or MSCK REPAIR after ' +
    'every load, and queries silently return nothing.',
};

export function gluePartitionProjection(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof glue.CfnTable)) return NagRuleCompliance.NOT_APPLICABLE;
  const input = resolved(node, node.tableInput);
  const keys = field(input, 'partitionKeys');
  if (!Array.isArray(keys) || keys.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const params = (field(input, 'parameters') ?? {}) as Record<string, unknown>;
  const sdParams = (path(input, 'storageDescriptor', 'parameters') ?? {}) as Record<string, unknown>;
  if (Object.keys(sdParams).some((k) => k.startsWith('projection.'))) return NagRuleCompliance.NON_COMPLIANT;
  if (params['projection.enabled'] !== 'true') return NagRuleCompliance.NON_COMPLIANT;
  const template = params['storage.location.template'];
  if (typeof template !== 'string' && (typeof template !== 'object' || template === null)) return NagRuleCompliance.NON_COMPLIANT;
  for (const k of keys) {
    const name = field(k, 'name');
    if (typeof name !== 'string') return NagRuleCompliance.NON_COMPLIANT;
    const type = params[`projection.${name}.type`];
    if (!['integer', 'enum', 'date', 'injected'].includes(String(type))) return NagRuleCompliance.NON_COMPLIANT;
    if ((type === 'integer' || type === 'date') && typeof params[`projection.${name}.range`] !== 'string')
      return NagRuleCompliance.NON_COMPLIANT;
    if (type === 'enum' && typeof params[`projection.${name}.values`] !== 'string') return NagRuleCompliance.NON_COMPLIANT;
    if (typeof template === 'string' && !template.includes(`\${${name}}`)) return NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.COMPLIANT;
}
