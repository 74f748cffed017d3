// Reading L1 properties inside a rule: resolve tokens, and accept both the camelCase keys of L1 props
// and the PascalCase keys of raw CloudFormation (property overrides, CfnInclude).
import { Stack, type CfnResource } from 'aws-cdk-lib';

export type Plain = Record<string, unknown>;

export function resolved(node: CfnResource, value: unknown): unknown {
  return Stack.of(node).resolve(value);
}

/** obj[key] under its camelCase or PascalCase spelling. */
export function field(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const o = obj as Plain;
  const pascal = key.charAt(0).toUpperCase() + key.slice(1);
  return o[key] !== undefined ? o[key] : o[pascal];
}

/** Follows a path of fields; undefined as soon as one is missing. */
export function path(obj: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((acc, k) => field(acc, k), obj);
}
