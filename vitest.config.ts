// Test runner configuration: tests sit beside the code they test (*.test.ts) in the source
// folders; compiled output in dist/ and run output in out/ are never collected.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{sim,models,scenarios,harness,reports}/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**', 'out/**'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
