// Builds the CDK app: one stack per environment file, behind the security gate. bin/app.ts calls this;
// the tests call it too, so what is tested is what `cdk synth` deploys.
import { readFileSync } from 'node:fs';
import { App, type AppProps } from 'aws-cdk-lib';
import { REPO_ROOT } from './lambda-bundles.ts';
import { loadAllEnvironments, type EnvironmentConfig } from './environment-config.ts';
import { PortalPulseStack, stackName } from './portal-pulse-stack.ts';
import { applySecurityGate } from './security-gate.ts';

export interface BuildAppOptions {
  appProps?: AppProps;
  /** Defaults to every config/environments/*.json (narrowed by the `environments` context, e.g. dev,prod). */
  environments?: EnvironmentConfig[];
  /** Off only in the test that shows what the gate catches. */
  securityGate?: boolean;
}

/** The feature flags and settings of cdk.json, so an app built in a test is the app `cdk synth` builds. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${REPO_ROOT}cdk.json`, 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export function buildApp(opts: BuildAppOptions = {}): { app: App; stacks: PortalPulseStack[] } {
  const app = new App({ ...opts.appProps, context: { ...cdkJsonContext(), ...opts.appProps?.context } });
  const only = app.node.tryGetContext('environments') as string | undefined;
  const envs = opts.environments ?? loadAllEnvironments(undefined, only);
  const stacks = envs.map((config) => new PortalPulseStack(app, stackName(config), { config }));
  if (opts.securityGate !== false) applySecurityGate(app);
  return { app, stacks };
}
