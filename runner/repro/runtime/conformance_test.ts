// Stands in for conformance/harness/conformance_test.js in a reproduction
// script: conformanceTest() only records the test; run.ts runs the selected
// ones, one at a time, as conformance_test.ts does under vitest (skips where
// a requirement does not apply, a deadline for waits ahead of the timeout,
// and every case program killed when the test ends).

import type { CaseOptions, CaseRun } from '../../../conformance/harness/case_run.js';
import type { Capability } from '../../../spec/types.js';
import type { Target } from '../../targets/target.js';

export interface CaseContext {
  target: Target;
  /** Starts a case program under the target; it is killed when the test ends. */
  start(name: string, options?: CaseOptions): CaseRun;
  /** A run tests of a file share under vitest; a script runs each test alone, so it is the test's own run. */
  shared(name: string, options?: CaseOptions): CaseRun;
}

export interface ConformanceOptions {
  needs?: Capability[];
  skipIf?: () => string | undefined;
  timeout?: number;
}

export interface RecordedTest {
  name: string;
  ids: string[];
  title: string;
  body: (context: CaseContext) => Promise<void>;
  options: ConformanceOptions;
  /** Where it was declared, when the catalogue is listed (catalogue_tests.ts): [file, top-level statement]. */
  at?: [number, number];
}

export const recorded: RecordedTest[] = [];

export function conformanceTest(
  ids: readonly string[],
  title: string,
  body: (context: CaseContext) => Promise<void>,
  options: ConformanceOptions = {},
): void {
  const at = (globalThis as { __reproAt?: [number, number] }).__reproAt;
  recorded.push({
    name: `${ids.join(' ')}: ${title}`,
    ids: [...ids],
    title,
    body,
    options,
    ...(at ? { at: [...at] as [number, number] } : {}),
  });
}

/** The running test's cleanups (one test runs at a time). */
let finishing: (() => unknown)[] | undefined;

export function beginTest(): (() => unknown)[] {
  finishing = [];
  return finishing;
}

/** Runs `cleanup` when the current test ends, pass or fail. */
export function onTestFinished(cleanup: () => unknown): void {
  if (finishing === undefined) throw new Error('onTestFinished() outside a conformance test');
  finishing.push(cleanup);
}

let target: Target | undefined;
export function setTarget(running: Target): void {
  target = running;
}
export function currentTarget(): Target {
  if (target === undefined) throw new Error('no target yet');
  return target;
}
