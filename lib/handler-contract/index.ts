// The contract between the CDK constructs (lib/constructs) and the Lambda handlers (lambdas/): bucket
// prefixes and keys, and environment variable names. See bucket-keys.ts and handler-env.ts.
export * from './bucket-keys.ts';
export * from './handler-env.ts';
