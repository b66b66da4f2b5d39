import { defineConfig } from 'vitest/config';

/** Test layers, each with its own npm script: see package.json. */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'tools/*/src/**/*.test.ts'],
          exclude: ['**/*.workflow.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'workflow',
          include: ['apps/orchestrator/src/**/*.workflow.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
          // One real stack, shared: files run one after the other.
          fileParallelism: false,
          globalSetup: ['tests/integration/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'faults',
          include: ['tests/faults/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          globalSetup: ['tests/integration/global-setup.ts'],
        },
      },
    ],
  },
});
