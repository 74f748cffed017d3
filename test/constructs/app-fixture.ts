// Synthesises the real app (every config/environments/*.json, security gate on) once per test file,
// with Lambda bundling and CDK's CloudFormation schema validation skipped: template tests need the
// resources, not the bundles; the CLI synth test (cdk-synth.test.ts) runs both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/constructs/portal-pulse-app.ts';
import { loadAllEnvironments } from '../../lib/constructs/environment-config.ts';
import type { PortalPulseStack } from '../../lib/constructs/portal-pulse-stack.ts';

export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

export interface SynthedApp {
  stacks: PortalPulseStack[];
  template(env: string): Template;
  stack(env: string): PortalPulseStack;
  cleanup(): void;
}

export function synthApp(only?: string[]): SynthedApp {
  const outdir = mkdtempSync(join(tmpdir(), 'pp-cdk-'));
  const environments = only ? loadAllEnvironments(undefined, only.join(',')) : undefined;
  const { app, stacks } = buildApp({ appProps: { outdir, context: NO_BUNDLING, builtinCloudFormationValidation: false }, environments });
  app.synth();
  const templates = new Map(stacks.map((s) => [s.config.name, Template.fromStack(s)]));
  return {
    stacks,
    template: (env) => {
      const t = templates.get(env);
      if (!t) throw new Error(`no stack for environment ${env}`);
      return t;
    },
    stack: (env) => {
      const s = stacks.find((x) => x.config.name === env);
      if (!s) throw new Error(`no stack for environment ${env}`);
      return s;
    },
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Resources of one type whose logical id starts with `prefix`. */
export function resourcesOf(t: Template, type: string, prefix = ''): [string, { Properties: Record<string, unknown> }][] {
  return Object.entries(t.findResources(type)).filter(([id]) => id.startsWith(prefix)) as [
    string,
    { Properties: Record<string, unknown> },
  ][];
}
