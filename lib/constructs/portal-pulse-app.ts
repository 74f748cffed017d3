// Builds the CDK app: one stack per environment file, behind the security gate. bin/app.ts calls this;
// the tests call it too, so what is tested is what `cdk synth` deploys.
import { App, type AppProps } from 'aws-cdk-lib';
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

export function buildApp(opts: BuildAppOptions = {}): { app: App; stacks: PortalPulseStack[] } {
  const app = new App(opts.appProps);
  const only = app.node.tryGetContext('environments') as string | undefined;
  const envs = opts.environments ?? loadAllEnvironments(undefined, only);
  const stacks = envs.map((config) => new PortalPulseStack(app, stackName(config), { config }));
  if (opts.securityGate !== false) applySecurityGate(app);
  return { app, stacks };
}
