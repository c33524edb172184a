// The harness reaps what it starts, and says why a case failed.
import { expect, test } from 'vitest';
import { CaseRun, isRunning } from './case_run.js';
import { resolveTarget } from './targets.js';

test('dispose kills the whole process tree of a case', async () => {
  const run = new CaseRun(await resolveTarget('node'), 'support/hang');
  const facts = await run.waitFor('hanging', 3);
  const pids = facts.map((fact) => fact.pid);
  expect(pids.every(isRunning)).toBe(true);
  await run.dispose();
  expect(pids.filter(isRunning)).toEqual([]);
});

test('waitFor rejects with the case output when the case ends first', async () => {
  const run = new CaseRun(await resolveTarget('node'), 'support/no-such-case');
  await expect(run.waitFor('never')).rejects.toThrow(/ended \(code 1\) with 0 of 1 "never" facts[\s\S]*Cannot find module/);
  await run.dispose();
});
