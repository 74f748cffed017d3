// `npm run test:trino`: the Athena SQL on a real Trino server (started by global-setup.ts if none runs).
// Kept out of `npm test`, which must pass on a machine without Java.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/trino/**/*.test.ts'],
    globalSetup: ['test/trino/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // One Trino server, shared: the files run one after another rather than queueing on it together.
    fileParallelism: false,
  },
});
