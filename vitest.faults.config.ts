import { defineConfig } from 'vitest/config';

/** Fault tests (`npm run test:faults`): real processes, a RabbitMQ restart; one file at a time, after the main suite. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } },
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 300_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
