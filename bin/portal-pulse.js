#!/usr/bin/env node
// The package's `bin`: registers tsx so the TypeScript CLI runs without a build step,
// then hands over to bin/cli.ts. Kept as plain JS because npm links it as-is.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
