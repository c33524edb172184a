import { configDefaults, defineConfig } from 'vitest/config';
import ConformanceReporter from './runner/results/reporter.js';
import { TEST_TIMEOUT_MS } from './runner/targets/target.js';

export default defineConfig({
  test: {
    reporters: ['default', new ConformanceReporter()],
    projects: [
      {
        test: {
          name: 'self',
          include: [
            'spec/**/*.test.ts',
            'conformance/harness/**/*.test.ts',
            'runner/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, '**/*.browser.test.ts', '**/*.pack.test.ts', '**/*.repro.test.ts'],
        },
      },
      {
        test: {
          // A reproduction script for every known failure of Bun and Deno (runner/repro), two at a time.
          name: 'repro',
          include: ['runner/**/*.repro.test.ts'],
          maxConcurrency: 2,
          testTimeout: 200_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['runner/**/*.browser.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'package',
          include: ['runner/**/*.pack.test.ts'],
        },
      },
      {
        test: {
          name: 'stress',
          include: ['conformance/stress/*.test.ts'],
          globalSetup: ['conformance/stress/figures_setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['conformance/*.test.ts'],
          globalSetup: ['runner/run/provide_target.ts'],
          setupFiles: ['conformance/harness/container_setup.ts'],
          testTimeout: TEST_TIMEOUT_MS,
          hookTimeout: TEST_TIMEOUT_MS,
        },
      },
    ],
  },
});
