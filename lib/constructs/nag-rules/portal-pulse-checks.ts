// The PortalPulse nag pack: rules for the services cdk-nag has none for. Findings are errors: they fail
// synthesis like the AwsSolutions and HIPAA.Security findings, and are acknowledged the same way.
import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, type NagPackProps, type NagRuleCompliance } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ATHENA_WORKGROUP_ENFORCED, athenaWorkgroupEnforced } from './athena-workgroup-enforced.ts';
import { GLUE_PARTITION_PROJECTION, gluePartitionProjection } from './glue-partition-projection.ts';
import { SCHEDULER_RETRY_DLQ, schedulerRetryAndDeadLetter } from './scheduler-retry-dlq.ts';
import { SES_TLS_REQUIRED, sesTlsRequired } from './ses-tls-required.ts';

export const PORTAL_PULSE_RULES: { id: string; info: string; explanation: string; rule: (node: CfnResource) => NagRuleCompliance }[] = [
  { ...ATHENA_WORKGROUP_ENFORCED, rule: athenaWorkgroupEnforced },
  { ...GLUE_PARTITION_PROJECTION, rule: gluePartitionProjection },
  { ...SCHEDULER_RETRY_DLQ, rule: schedulerRetryAndDeadLetter },
  { ...SES_TLS_REQUIRED, rule: sesTlsRequired },
];

export class PortalPulseChecks extends NagPack {
  readonly name = 'PortalPulse';

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'PortalPulse';
  }

  protected checkResource(node: CfnResource): void {
    for (const r of PORTAL_PULSE_RULES) {
      this.applyRule({
        ruleSuffixOverride: r.id,
        info: r.info,
        explanation: r.explanation,
        level: NagMessageLevel.ERROR,
        rule: r.rule,
        node,
      });
    }
  }
}
