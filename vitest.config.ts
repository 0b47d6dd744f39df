import { defineConfig } from 'vitest/config';

// Three projects: `unit` never touches the network; `integration` needs the local stack
// (`pnpm stack:up`) and uses a unique topic and its own temporary lake per test; `chaos`
// (`pnpm test:chaos`, not part of `pnpm test`) kills processes and stops parts of that stack.
// The `source` condition makes workspace packages resolve to their TypeScript sources.
const resolve = { conditions: ['source', 'import', 'node', 'default'] };
const ssr = { resolve: { conditions: ['source', 'import', 'node', 'default'] } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'stack/**/*.test.{ts,mjs}', 'test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.int.test.ts', 'test/integration/**/*.int.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // The stack is one broker on a 2-core box: run integration files one at a time.
          fileParallelism: false,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'chaos',
          include: ['test/chaos/**/*.chaos.test.ts'],
          // The report setup prints the figures table after the last file, whatever the order.
          globalSetup: ['test/support/global-setup.ts', 'test/chaos/support/report-setup.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 180_000,
          // Faults hit the one shared broker and registry: strictly one scenario at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
