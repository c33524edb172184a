// Assertions shared by the conformance tests.
import { expect } from 'vitest';
import type { CaseRun, Fact } from './case_run.js';

/** The case reached its `done` fact and its primary exited 0. */
export async function expectCleanEnd(run: CaseRun): Promise<Fact> {
  const [done] = await run.waitFor('done');
  const exit = await run.exited;
  expect(exit, `case ${run.name} should exit 0\n${run.transcript()}`).toEqual({ code: 0, signal: null });
  return done!;
}

/** Exactly one fact matches; `what` names it in the failure message. */
export function only<T extends Fact>(facts: Fact[], what: string): T {
  expect(facts, `expected exactly one ${what}, got ${facts.length}`).toHaveLength(1);
  return facts[0] as T;
}
