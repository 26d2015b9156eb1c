import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**', 'test/faults/**'],
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } },
    testTimeout: 20_000,
    // Sandbox child processes run compiled code: rebuild it when its sources changed (see the file).
    globalSetup: ['./src/runtime/sandbox/vitest-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
