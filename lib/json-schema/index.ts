export * from './json-schema.ts';
export * from './defaults.ts';
export * from './problems.ts';
export * from './validator.ts';
