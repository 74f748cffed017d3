// ajv, configured once for every schema of the project: the run-time compiler (compileSchema, schemaValidator)
// and the standalone code generator (standalone.ts) build their instance here, so a generated validator
// behaves exactly like one compiled at run time. Loading ajv and compiling a schema costs tens to hundreds of
// milliseconds, so the commands never import this file: they use the generated code (issue 13).
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import type { JsonSchema } from './json-schema.ts';
import type { ProblemWording } from './problems.ts';
import { type Checked, type CompiledValidator, checkerOf } from './validator.ts';

/** A format a schema names, checked by the project's own function (one rule for each, everywhere). */
export type FormatTest = (value: string) => boolean;

export interface SchemaValidatorOptions extends ProblemWording {
  formats?: Readonly<Record<string, FormatTest>>;
}

/**
 * The ajv every schema here is compiled with. `useDefaults` fills in the defaults (settings, environment
 * files); the result schemas only check. `code` is ajv's code-generation option (standalone.ts).
 */
export function projectAjv(options: { useDefaults: boolean; formats?: Readonly<Record<string, FormatTest>>; code?: Options['code'] }) {
  const ajv = new Ajv2020({
    allErrors: true,
    useDefaults: options.useDefaults,
    strict: true,
    allowUnionTypes: true,
    ...(options.code ? { code: options.code } : {}),
  });
  // The reason a schema gives for a value's problems: read by problems.ts (and by editors), not a rule.
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  // A function format applies to strings only, as a {type: 'string', validate} one does; ajv's standalone code
  // then calls the project's function itself (`formats[name](value)`).
  for (const [name, test] of Object.entries(options.formats ?? {})) ajv.addFormat(name, test);
  return ajv;
}

/** `schema` compiled by ajv now, defaults filled in. */
export function compileSchema(schema: JsonSchema, formats?: Readonly<Record<string, FormatTest>>): CompiledValidator {
  return projectAjv({ useDefaults: true, ...(formats ? { formats } : {}) }).compile(schema);
}

/**
 * A checker of data against `schema`, compiled on the first check, not on import: a run that never reads such
 * a file never pays for it. For schemas read outside the commands (the environment files, at `cdk synth`).
 */
export function schemaValidator<T>(schema: JsonSchema, options: SchemaValidatorOptions): (data: unknown) => Checked<T> {
  let check: ((data: unknown) => Checked<T>) | undefined;
  return (data) => (check ??= checkerOf<T>(schema, compileSchema(schema, options.formats), options))(data);
}
