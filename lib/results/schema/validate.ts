// Validates a result file (study.json or monthly.json) against the shipped JSON Schema, plus the one rule
// a schema cannot say: in every proportion n <= N (growth shares aside, which may be negative or exceed 1).
// The schemas are compiled once by ajv into validators.generated.js (scripts/write-schemas.ts): a command that
// writes a result loads no ajv and compiles nothing (issue 13: compiling both took about 120 ms of every run).
import type { ErrorObject } from 'ajv/dist/2020.js';
import { monthly, study } from './validators.generated.js';

const validators = { study, monthly };

function describe(e: ErrorObject): string {
  const where = e.instancePath || '/';
  const property = (e.params as { additionalProperty?: string }).additionalProperty;
  const extra = e.keyword === 'additionalProperties' ? ` (${String(property)})` : '';
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}

function proportionProblems(v: unknown, path: string, out: string[]): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => proportionProblems(x, `${path}/${i}`, out));
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  const o = v as Record<string, unknown>;
  if (typeof o.n === 'number' && typeof o.N === 'number' && Object.keys(o).length === 2 && !path.startsWith('/growth')) {
    if (o.n > o.N) out.push(`${path}: n (${o.n}) exceeds N (${o.N})`);
    return;
  }
  for (const [k, x] of Object.entries(o)) proportionProblems(x, `${path}/${k}`, out);
}

/** Checks `json` (a parsed study.json or monthly.json, chosen by its `kind`) and lists every problem. */
export function validateResult(json: unknown): { valid: boolean; errors: string[] } {
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind !== 'study' && kind !== 'monthly') {
    return { valid: false, errors: [`/kind: must be "study" or "monthly", got ${JSON.stringify(kind)}`] };
  }
  const validate = validators[kind];
  const errors = validate(json) ? [] : (validate.errors ?? []).map(describe);
  proportionProblems(json, '', errors);
  return { valid: errors.length === 0, errors };
}
