// A schema compiled once, on first use, into a function that fills in the defaults and lists the problems.
// ajv does the validating; the schema stays the one source of the rules, the defaults and the wording.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { inSchemaOrder } from './defaults.ts';
import type { JsonSchema } from './json-schema.ts';
import { type ProblemWording, problemsFromErrors } from './problems.ts';

export interface SchemaValidatorOptions extends ProblemWording {
  /** The formats the schema names, each checked by the project's own function (one rule for each, everywhere). */
  formats?: Readonly<Record<string, (value: string) => boolean>>;
}

export interface Checked<T> {
  /** The data with its defaults filled in and its keys in the schema's order (meaningful only without problems). */
  value: T;
  /** One line per key at fault: `path: reason, got value`. Empty when the data is valid. */
  problems: string[];
}

/**
 * A checker of data against `schema`. The input is not changed. Compiling takes a few tens of milliseconds, so it
 * happens on the first check, not on import: a command that never reads a settings file never pays for it.
 */
export function schemaValidator<T>(schema: JsonSchema, options: SchemaValidatorOptions): (data: unknown) => Checked<T> {
  let validate: ValidateFunction | undefined;
  return (data) => {
    validate ??= compile(schema, options);
    const copy = structuredClone(data);
    const problems = validate(copy) ? [] : problemsFromErrors(validate.errors ?? [], schema, copy, options);
    return { value: inSchemaOrder(schema, copy) as T, problems };
  };
}

function compile(schema: JsonSchema, options: SchemaValidatorOptions): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true });
  // The reason a schema gives for a value's problems: read by problems.ts (and by editors), not a rule.
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  for (const [name, test] of Object.entries(options.formats ?? {})) ajv.addFormat(name, { type: 'string', validate: test });
  return ajv.compile(schema);
}
