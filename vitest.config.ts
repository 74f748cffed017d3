import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Trino suite needs Java and a server: `npm run test:trino` (test/trino/vitest.config.ts).
    exclude: ['test/trino/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // dt-sql-parser is large; pre-bundle it once instead of transforming it in every test file.
    deps: { optimizer: { ssr: { enabled: true, include: ['dt-sql-parser'] } } },
  },
});
