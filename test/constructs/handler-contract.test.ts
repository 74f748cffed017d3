// The constructs set every environment variable each handler reads. Both sides name the variables through
// lib/handler-contract; this test reads which names each handler's own files use (ENV.<name>, and
// settingsFromEnv for the settings) and checks that the synthesised function of that handler sets them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV } from '../../lib/handler-contract/index.ts';
import { synthApp } from './app-fixture.ts';

const app = synthApp(['dev']);
afterAll(() => app.cleanup());
const t = app.template('dev');

const LAMBDAS = join(import.meta.dirname, '../../lambdas');
const handlers = readdirSync(LAMBDAS).filter((d) => d !== 'shared');

/** The variables a handler's files read, by name. */
function readsOf(handler: string): string[] {
  const names = new Set<string>();
  for (const f of readdirSync(join(LAMBDAS, handler))) {
    const text = readFileSync(join(LAMBDAS, handler, f), 'utf8');
    for (const m of text.matchAll(/\bENV\.(\w+)/g)) names.add(ENV[m[1] as keyof typeof ENV]);
    if (text.includes('settingsFromEnv(')) names.add(ENV.settings);
  }
  return [...names].sort();
}

function environmentOf(handler: string): Record<string, unknown> {
  const fns = Object.values(t.findResources('AWS::Lambda::Function')).map(
    (r) => r.Properties as { Environment?: { Variables?: Record<string, unknown> } },
  );
  const fn = fns.find((p) => p.Environment?.Variables?.[ENV.serviceName] === handler);
  if (!fn) throw new Error(`no function for handler ${handler}`);
  return fn.Environment!.Variables!;
}

describe('the contract between constructs and handlers', () => {
  it('finds a function for every handler, each reading some variables', () => {
    expect(handlers.length).toBeGreaterThanOrEqual(7);
    for (const h of handlers) expect(readsOf(h).length, h).toBeGreaterThan(0);
  });

  it.each(handlers)('%s: its function sets every variable the handler reads', (h) => {
    const set = Object.keys(environmentOf(h));
    expect(readsOf(h).filter((n) => !set.includes(n))).toEqual([]);
  });
});
