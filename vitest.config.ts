import { defineConfig } from 'vitest/config';
import ConformanceReporter from './conformance/harness/reporter.js';

export default defineConfig({
  test: {
    reporters: ['default', new ConformanceReporter()],
    projects: [
      {
        test: {
          name: 'self',
          include: ['spec/**/*.test.ts', 'conformance/harness/**/*.test.ts', 'bench/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['conformance/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
    ],
  },
});
