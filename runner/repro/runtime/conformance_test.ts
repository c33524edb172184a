// Stands in for conformance/harness/conformance_test.js in a reproduction
// script: conformanceTest() only records the test; run.ts runs the selected
// ones, one at a time, as conformance_test.ts does under vitest (skips where
// a requirement does not apply, a deadline for waits ahead of the timeout,
// and every case program killed when the test ends).

import type { CaseContext, ConformanceOptions } from '../../../conformance/harness/conformance_test.js';
import type { Target } from '../../targets/target.js';

// The same contract as under vitest (types only: nothing of vitest is bundled). In a script each test
// runs alone, so `shared()` is the test's own run (run.ts).
export type { CaseContext, ConformanceOptions };

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
