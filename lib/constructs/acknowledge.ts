// Acknowledging a cdk-nag finding: one rule (or one finding of a rule) on one construct, with the reason a
// reviewer reads. A reason is required and must say why, so the gate cannot be silenced with "n/a".
import { Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 30) throw new Error(`acknowledgement of ${id} on ${scope.node.path} needs a real reason (got "${reason}")`);
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The finding id cdk-nag gives a wildcard resource such as `<Bucket.Arn>/uploads/*` in a policy:
 * `AwsSolutions-IAM5[Resource::<LogicalId.Arn>/uploads/*]`. Built from the resource so acknowledgements
 * follow logical-id changes instead of going stale.
 */
export function arnFinding(pack: 'AwsSolutions-IAM5', resource: CfnResource, suffix: string, attribute = 'Arn'): string {
  return `${pack}[Resource::<${Stack.of(resource).getLogicalId(resource)}.${attribute}>${suffix}]`;
}
