// Acknowledging a cdk-nag finding: one rule (or one finding of a rule) on one construct, with the reason a
// reviewer reads. A reason is required and must say why, so the gate cannot be silenced with "n/a".
// Every acknowledgement is also recorded (construct path, id, reason) so the tests can list them and
// prove none is stale: each must match a finding the packs raise when acknowledgements are switched off.
import { Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

const recorded: Acknowledgement[] = [];
let enabled = true;

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 30) throw new Error(`acknowledgement of ${id} on ${scope.node.path} needs a real reason (got "${reason}")`);
  recorded.push({ path: scope.node.path, id, reason });
  if (enabled) Validations.of(scope).acknowledge({ id, reason });
}

/** Acknowledgements made so far in this process (tests and the docs listing). */
export function recordedAcknowledgements(): readonly Acknowledgement[] {
  return recorded;
}

/** Tests only: build an app whose findings are all left unacknowledged, to check none is stale. */
export function withoutAcknowledgements<T>(build: () => T): T {
  enabled = false;
  try {
    return build();
  } finally {
    enabled = true;
  }
}

/**
 * The finding id cdk-nag gives a wildcard resource such as `<Bucket.Arn>/uploads/*` in a policy:
 * `AwsSolutions-IAM5[Resource::<LogicalId.Arn>/uploads/*]`. Built from the resource so acknowledgements
 * follow logical-id changes instead of going stale.
 */
export function arnFinding(pack: 'AwsSolutions-IAM5', resource: CfnResource, suffix: string, attribute = 'Arn'): string {
  return `${pack}[Resource::<${Stack.of(resource).getLogicalId(resource)}.${attribute}>${suffix}]`;
}
