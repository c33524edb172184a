// `conformanceTest(ids, title, body)`: a vitest test that names the
// requirements it checks, runs only where they apply, and reaps every case
// program it starts.
import { AsyncLocalStorage } from 'node:async_hooks';
import semver from 'semver';
import { afterAll, inject, type TestContext, TestRunner, test } from 'vitest';
import { NODE_MAJORS } from '../../runner/targets/kinds/node.js';
import { type Target, type TargetInTransit, TEST_TIMEOUT_MS, targetFromTransit } from '../../runner/targets/target.js';
import { type Capability, missingCapabilities, outsideRange, requirement } from '../../spec/catalogue.js';
import { type CaseOptions, CaseRun, stallDeadline } from './case_run.js';

declare module 'vitest' {
  /** The target, resolved once per run (runner/run/catalogue.ts) and handed to every test file. */
  interface ProvidedContext {
    clusterTarget: TargetInTransit;
  }
  interface TaskMeta {
    requirements?: string[];
    skipReason?: string;
    outOfRange?: { status: 'pass' | 'fail'; message: string };
  }
}

/** Matrix runs set this to run tests outside their Node range too, recording the result apart. */
const RECORD_OUT_OF_RANGE = process.env.CLUSTER_RECORD_OUT_OF_RANGE === '1';

/**
 * Whether a test outside its range is worth recording on a Node release
 * line: only on a line next to one the range covers, where a range that is
 * too narrow would show (range findings). Farther lines would only repeat it.
 */
export function recordsOutOfRange(claimsNodeVersion: string, ranges: readonly string[]): boolean {
  const line = NODE_MAJORS.findIndex((major) => semver.satisfies(claimsNodeVersion, `${major}.x`));
  if (line === -1) return true;
  const neighbours = [NODE_MAJORS[line - 1], NODE_MAJORS[line + 1]].filter((major) => major !== undefined);
  return ranges.some((range) => neighbours.some((major) => semver.intersects(`${major}.x`, range)));
}
const DEADLINE_MARGIN_MS = 1500;

export interface CaseContext {
  target: Target;
  /** When this test's waits must end (ms since the epoch): a little before its timeout. */
  deadline: number;
  /** Starts a case program from fixtures/ under the target; it is killed when the test ends. */
  start(name: string, options?: CaseOptions): CaseRun;
  /**
   * The run of a case that tests share: those that start the same case with
   * the same arguments and only read its facts (they send it nothing, kill
   * nothing, and connect to nothing of it that another test's facts depend
   * on), in this file and in the other files of this test worker. It lives
   * until the end of the file in which its last user ran (a later test of the
   * file may take it up again), then it is killed; a run that ended by itself
   * stays readable.
   */
  shared(name: string, options?: CaseOptions): CaseRun;
}

export interface ConformanceOptions {
  /** Capabilities this test needs beyond its requirements' tags (a policy, say). */
  needs?: Capability[];
  /** A reason to skip on this machine (running as root, say), or undefined to run. */
  skipIf?: () => string | undefined;
  timeout?: number;
}

/** The running conformance test: tests of a file run concurrently, so vitest's global hooks cannot tell them apart. */
const currentTest = new AsyncLocalStorage<TestContext>();

/**
 * Runs `cleanup` when the current conformance test ends, pass or fail, and
 * tells it which (vitest's onTestFinished, for concurrent tests). A test
 * outside its Node range that failed (recorded, then skipped) counts as failed.
 */
export function onTestFinished(cleanup: (failed: boolean) => unknown): void {
  const context = currentTest.getStore();
  if (context === undefined) throw new Error('onTestFinished() outside a conformance test');
  context.onTestFinished(async () => {
    await cleanup(context.task.result?.state === 'fail' || context.task.meta.outOfRange?.status === 'fail');
  });
}

interface SharedRun {
  run: CaseRun;
  users: number;
}
/** Shared runs by case and options, for every file of this test worker (test files share their workers). */
const sharedRuns = new Map<string, SharedRun>();

/**
 * At the end of a file, the shared runs no test uses any more: killed, and
 * forgotten unless they ended by themselves (their facts stay readable).
 * A test worker runs one file at a time, so none is in use by another file.
 */
async function endIdleSharedRuns(): Promise<void> {
  const idle = [...sharedRuns].filter(([, entry]) => entry.users === 0);
  for (const [key, entry] of idle) if (!entry.run.hasExited()) sharedRuns.delete(key);
  await Promise.all(idle.map(([, entry]) => entry.run.dispose()));
}

/** The test files whose end is hooked to endIdleSharedRuns. */
const filesEndingSharedRuns = new Set<unknown>();

let target: Target | undefined;
export function currentTarget(): Target {
  target ??= targetFromTransit(inject('clusterTarget'));
  return target;
}

export function conformanceTest(
  ids: readonly string[],
  title: string,
  body: (context: CaseContext) => Promise<void>,
  options: ConformanceOptions = {},
): void {
  const unknown = ids.filter((id) => requirement(id) === undefined);
  if (ids.length === 0 || unknown.length > 0) {
    throw new Error(
      `conformanceTest "${title}" cites unknown requirement IDs: ${unknown.join(', ') || '(none given)'}`,
    );
  }
  const file = TestRunner.getCurrentSuite().file;
  if (!filesEndingSharedRuns.has(file)) {
    filesEndingSharedRuns.add(file);
    afterAll(endIdleSharedRuns);
  }
  test(`${ids.join(' ')}: ${title}`, { timeout: options.timeout ?? TEST_TIMEOUT_MS }, async (context) => {
    context.task.meta.requirements = [...ids];
    const target = currentTarget();
    const versionReasons = ids.map((id) => outsideRange(requirement(id)!, target));
    const capabilityReasons = ids.map((id) => missingCapabilities(requirement(id)!, target.capabilities));
    const missing = (options.needs ?? []).filter((need) => !target.capabilities.has(need));
    if (missing.length > 0) capabilityReasons.push(`needs ${missing.join(', ')}, which the target lacks`);
    capabilityReasons.push(options.skipIf?.());
    const blocking = capabilityReasons.filter((r) => r !== undefined).join('; ');
    const outOfRange = versionReasons.filter((r) => r !== undefined).join('; ');
    const record =
      RECORD_OUT_OF_RANGE &&
      recordsOutOfRange(
        target.claimsNodeVersion,
        ids.map((id) => requirement(id)!.nodeVersions),
      );
    if (blocking || (outOfRange && !record)) {
      const reason = [blocking, outOfRange].filter(Boolean).join('; ');
      context.task.meta.skipReason = reason;
      context.skip(reason);
      return;
    }
    const runs: CaseRun[] = [];
    // A hanging case fails its wait with a reason a little before vitest's bare timeout.
    const deadline = Date.now() + (options.timeout ?? TEST_TIMEOUT_MS) - DEADLINE_MARGIN_MS;
    context.onTestFinished(async () => {
      await Promise.all(runs.map((run) => run.dispose()));
    });
    const run = () =>
      body({
        target,
        deadline,
        start(name, caseOptions) {
          const caseRun = new CaseRun(target, name, caseOptions);
          caseRun.deadline = deadline;
          caseRun.stallMs = stallDeadline();
          runs.push(caseRun);
          return caseRun;
        },
        shared(name, caseOptions) {
          const key = JSON.stringify([name, caseOptions ?? {}]);
          let entry = sharedRuns.get(key);
          if (entry === undefined) {
            entry = { run: new CaseRun(target, name, caseOptions), users: 0 };
            entry.run.stallMs = stallDeadline();
            sharedRuns.set(key, entry);
          }
          const { run: caseRun } = entry;
          caseRun.deadline = Math.max(caseRun.deadline ?? 0, deadline);
          entry.users++;
          // Idle once its last user ends: it waits for the file's later tests (endIdleSharedRuns).
          context.onTestFinished(() => {
            entry.users--;
          });
          return caseRun;
        },
      });
    if (!outOfRange) return currentTest.run(context, run);
    // Outside the Node range: record what happens, but never pass or fail on it.
    try {
      await currentTest.run(context, run);
      context.task.meta.outOfRange = { status: 'pass', message: '' };
    } catch (error) {
      context.task.meta.outOfRange = { status: 'fail', message: (error as Error).message.split('\n')[0] ?? '' };
    }
    context.task.meta.skipReason = outOfRange;
    context.skip(outOfRange);
  });
}
