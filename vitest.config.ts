// Vitest projects: fast "unit" tests next to the code, and serial "e2e" scenarios against real ZooKeeper and Docker.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Ink renders nothing live when CI is set (is-in-ci); the dashboard's tests check what a terminal shows,
          // and `heliosctl dashboard` clears CI before loading Ink for the same reason (commands/dashboard.ts).
          env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
          include: ['**/*.test.ts', '**/*.test.tsx'],
          exclude: ['**/node_modules/**', 'dist/**', 'e2e/**', '.solo/**', '.e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Scenarios share one Docker engine and 2 cores: run files one after another in one fork.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          sequence: { concurrent: false },
        },
      },
    ],
  },
})
