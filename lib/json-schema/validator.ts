// A compiled schema turned into a checker that fills in the defaults and lists the problems in the user's words.
// The compiled function is either ajv's standalone code, generated once by scripts/write-schemas.ts (the
// settings: a command loads no ajv and compiles nothing, issue 13), or compiled by ajv at run time
// (compile.ts: the environment files, read only by `cdk synth`). Both are ajv's, built with the same options.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { inSchemaOrder } from './defaults.ts';
import type { JsonSchema } from './json-schema.ts';
import { type ProblemWording, problemsFromErrors } from './problems.ts';

/** What ajv's `compile` returns and what its standalone code exports: a test that records its errors. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: readonly ErrorObject[] | null;
}

export interface Checked<T> {
  /** The data with its defaults filled in and its keys in the schema's order (meaningful only without problems). */
  value: T;
  /** One line per key at fault: `path: reason, got value`. Empty when the data is valid. */
  problems: string[];
}

/** A checker of data against `schema` with `validate`, a function ajv compiled from it with `useDefaults`. The input is not changed. */
export function checkerOf<T>(schema: JsonSchema, validate: CompiledValidator, wording: ProblemWording): (data: unknown) => Checked<T> {
  return (data) => {
    const copy = structuredClone(data);
    const problems = validate(copy) ? [] : problemsFromErrors(validate.errors ?? [], schema, copy, wording);
    return { value: inSchemaOrder(schema, copy) as T, problems };
  };
}
