// One run of the catalogue against one target, through vitest; returns the
// report the ConformanceReporter wrote.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startVitest } from 'vitest/node';
import { ROOT } from './paths.js';
import ConformanceReporter, { reportPath, type ConformanceReport } from './reporter.js';
import type { Target } from './targets.js';

export interface RunOptions {
  /** Only tests whose name matches (an area, an ID). */
  filter?: string;
  /** vitest reporters for the terminal; the JSON report is always written. */
  reporters?: string[];
  /** Stop at the first failure (used by the fault self-test). */
  bail?: number;
  testTimeout?: number;
}

export async function runCatalogue(target: Target, options: RunOptions = {}): Promise<ConformanceReport> {
  process.env.CLUSTER_TARGET = target.spec ?? target.name;
  // The reporter treats a filtered run as partial: entries for tests not run are not stale.
  if (options.filter) process.env.CLUSTER_FILTER = options.filter;
  else delete process.env.CLUSTER_FILTER;
  const report = reportPath(target.name);
  rmSync(report, { force: true });
  const vitest = await startVitest('test', [], {
    root: ROOT,
    config: path.join(ROOT, 'vitest.config.ts'),
    project: ['conformance'],
    run: true,
    watch: false,
    ...(options.filter ? { testNamePattern: options.filter } : {}),
    ...(options.bail ? { bail: options.bail } : {}),
    ...(options.testTimeout ? { testTimeout: options.testTimeout } : {}),
    // Reporters given here replace the config's, so the JSON one is added back.
    ...(options.reporters ? { reporters: [...options.reporters, new ConformanceReporter()] } : {}),
  });
  await vitest.close();
  try {
    return JSON.parse(readFileSync(report, 'utf8')) as ConformanceReport;
  } catch {
    throw new Error(`the run wrote no report (${report})`);
  }
}
