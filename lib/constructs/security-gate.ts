// The security gate: cdk-nag's AwsSolutions and HIPAA.Security packs plus portal-pulse's own rules
// (Athena, Glue, Scheduler, SES, which cdk-nag does not cover), registered as policy-validation plugins:
// any unacknowledged finding makes `app.synth()` throw and `cdk synth` exit 1, in tests and in CI alike.
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { PortalPulseChecks } from './nag-rules/portal-pulse-checks.ts';

export function applySecurityGate(app: App): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new HIPAASecurityChecks(app, { verbose: true }),
    new PortalPulseChecks(app, { verbose: true }),
  );
}
