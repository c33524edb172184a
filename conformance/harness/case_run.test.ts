// The harness reaps what it starts, and says why a case failed.
import { expect, test } from 'vitest';
import { resolveTarget } from '../../runner/targets/registry.js';
import { CaseRun, isRunning } from './case_run.js';

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
  await expect(run.waitFor('never')).rejects.toThrow(
    /ended \(code 1\) with 0 of 1 "never" facts[\s\S]*Cannot find module/,
  );
  await run.dispose();
});

test(
  'a hanging case fails its wait with a readable reason at the deadline, and ' + 'dispose leaves none of its tree',
  async () => {
    const run = new CaseRun(await resolveTarget('node'), 'support/hang');
    const pids = (await run.waitFor('hanging', 3)).map((fact) => fact.pid);
    run.deadline = Date.now() + 300;
    await expect(run.waitFor('never')).rejects.toThrow(
      /case support\/hang hangs: still running at the test's deadline with 0 of 1 "never" facts[\s\S]*"fact":"hanging"/,
    );
    await run.dispose();
    expect(pids.filter(isRunning)).toEqual([]);
  },
);

test('a case that crashes mid-test fails the wait with its exit and its error', async () => {
  const run = new CaseRun(await resolveTarget('node'), 'support/crash');
  await run.waitFor('started');
  await expect(run.waitFor('never')).rejects.toThrow(
    /case support\/crash ended \(code 1\) with 0 of 1 "never" facts[\s\S]*the case crashes on purpose/,
  );
  await run.dispose();
});

test('a wait fails fast when the case stalls: quiet, and its processes idle', async () => {
  const run = new CaseRun(await resolveTarget('node'), 'support/hang');
  await run.waitFor('hanging', 3);
  run.stallMs = 600;
  run.deadline = Date.now() + 15_000;
  const started = Date.now();
  await expect(run.waitFor('never')).rejects.toThrow(
    /case support\/hang stalled: no fact, no output and its processes idle for 600 ms, with 0 of 1 "never" facts[\s\S]*"fact":"hanging"/,
  );
  expect(Date.now() - started).toBeLessThan(5_000);
  await run.dispose();
});

test('a quiet case that uses CPU has not stalled', async () => {
  const run = new CaseRun(await resolveTarget('node'), 'support/busy', { args: [2000] });
  run.stallMs = 600;
  await expect(run.waitFor('done-busy')).resolves.toHaveLength(1);
  await run.dispose();
});
