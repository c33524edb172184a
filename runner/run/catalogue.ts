// One run of the catalogue against one target, through vitest; returns the
// report the ConformanceReporter wrote.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createVitest, type Reporter, startVitest } from 'vitest/node';
import { ROOT } from '../../conformance/harness/paths.js';
import ConformanceReporter, { CONFORMANCE_PROJECT, type ConformanceReport, reportPath } from '../results/reporter.js';
import { type Target, TEST_TIMEOUT_MS, targetToTransit } from '../targets/target.js';

export interface RunOptions {
  /** Only tests whose name matches (an area, an ID). */
  filter?: string;
  /** vitest reporters for the terminal; the JSON report is always written. */
  reporters?: (string | Reporter)[];
  /** Stop at the first failure (used by the fault self-test). */
  bail?: number;
  testTimeout?: number;
}

/** The compiled conformance tests, with no config file: the same in this checkout and in an installed package. */
function catalogueOptions(target?: Target) {
  return {
    root: ROOT,
    config: false as const,
    name: CONFORMANCE_PROJECT,
    include: ['dist/conformance/*.test.js'],
    setupFiles: ['dist/conformance/harness/container_setup.js'],
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: TEST_TIMEOUT_MS,
    // Tests mostly wait on their case programs: several files, and several
    // tests of each file, run at once. Node targets three files (reference 10.6-11.3 s
    // and 20-22 core-seconds, as with two, against 11.8 s with four; a broken target
    // fails in 28 s, against 40 s with two); Bun and Deno, whose known failures wait
    // out a stall deadline, four (deno: 25.7 s, against 28.7 s with two). The same in a
    // container: each test worker starts one, and its cases are processes in it.
    maxWorkers: Number(process.env.CLUSTER_PARALLEL) || (target?.runtime === 'node' ? 3 : 4),
    // Test files share their worker processes (a fork per file cost 0.4 s of CPU each):
    // the harness keeps no state between files but the target.
    isolate: false,
    sequence: { concurrent: true },
    // A waiting test costs no CPU: several per file, so stalled ones (a broken target) wait side by side.
    // Node, outside a container: seventeen, so that the 29 to 34 tests of LIFE, LISTEN and SETUP fail in
    // two turns (the fault worker-never-runs: 42 s with six, 27.3-28.1 s with twelve, 24.1-24.5 s with
    // seventeen; reference 8.5-9.8 s with twelve and with seventeen, five runs each in turn on 2026-12-04).
    // Bun and Deno: twelve (as fast with seventeen). A container: twelve, as its launcher starts every
    // case (with seventeen, docker:deno's launcher left a ping unanswered for 5.2 s with 13 cases running
    // in a matrix, and 16 tests failed with it).
    maxConcurrency:
      Number(process.env.CLUSTER_CONCURRENCY) ||
      (target?.runtime === 'node' && target.container === undefined ? 17 : 12),
    // Vite's transforms of the compiled tests are kept on disk between runs (its rolldown worker:
    // 1.3 core-seconds a run without, 0.6 with; reference 10.0-10.8 s against 10.5-11.6 s, four runs each).
    experimental: { fsModuleCache: true },
  };
}

export interface ListedTest {
  name: string;
  file: string;
  requirements: string[];
}

/** Every conformance test by name, without running any (a test's name starts with the IDs it checks). */
export async function listCatalogueTests(): Promise<ListedTest[]> {
  const vitest = await createVitest('test', { ...catalogueOptions(), watch: false, reporters: [] });
  try {
    const { testModules } = await vitest.collect();
    return testModules.flatMap((module) =>
      [...module.children.allTests()].map((test) => ({
        name: test.fullName,
        file: path.relative(ROOT, module.moduleId),
        requirements: test.fullName.split(': ')[0]!.split(' '),
      })),
    );
  } finally {
    await vitest.close();
  }
}

export async function runCatalogue(target: Target, options: RunOptions = {}): Promise<ConformanceReport> {
  // The reporter treats a filtered run as partial: entries for tests not run are not stale.
  if (options.filter) process.env.CLUSTER_FILTER = options.filter;
  else delete process.env.CLUSTER_FILTER;
  const report = reportPath(target.name);
  rmSync(report, { force: true });
  // Set before the test workers start, so that they label their containers with this run.
  const container = target.container === undefined ? undefined : await import('../targets/container.js');
  container?.containerRunId();
  const vitest = await startVitest('test', [], {
    ...catalogueOptions(target),
    run: true,
    watch: false,
    ...(options.filter ? { testNamePattern: options.filter } : {}),
    ...(options.bail ? { bail: options.bail } : {}),
    ...(options.testTimeout ? { testTimeout: options.testTimeout } : {}),
    // The target is resolved once, here; every test file receives it (inject('clusterTarget')).
    provide: { clusterTarget: targetToTransit(target) },
    reporters: [...(options.reporters ?? ['default']), new ConformanceReporter(target)],
  });
  await vitest.close();
  if (container !== undefined) await container.removeCaseContainers(container.containerRunId());
  try {
    return JSON.parse(readFileSync(report, 'utf8')) as ConformanceReport;
  } catch {
    throw new Error(`the run wrote no report (${report})`);
  }
}
