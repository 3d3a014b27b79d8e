import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/chart-modules.ts'],
    pool: 'forks',
    // Vitest's default leaves one core to its own process, which is idle while the files run:
    // on a two-core machine (CI) that runs one file at a time. Each file's embedded database is
    // its own, so two can run at once; on PostgreSQL the files share one server, and keep the default.
    ...(process.env.TEST_DB === 'postgres' ? {} : { maxWorkers: Math.max(2, os.availableParallelism() - 1) }),
  },
});
