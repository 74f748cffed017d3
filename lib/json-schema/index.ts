// Everything but the standalone code generator (standalone.ts, for scripts/write-schemas.ts). This index
// loads ajv (compile.ts): modules a command loads import the files they need (defaults.ts, validator.ts) instead.
export * from './json-schema.ts';
export * from './defaults.ts';
export * from './problems.ts';
export * from './validator.ts';
export * from './compile.ts';
