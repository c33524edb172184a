// The harness reaps what it starts, and says why a case failed.
import pWaitFor from 'p-wait-for';
import { expect, test } from 'vitest';
import { resolveTarget } from '../../runner/targets/registry.js';
import { CaseRun, isRunning } from './case_run.js';
import { groupActivity, readStat, youngestChildMs } from './process_table.js';

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
      /case support\/hang hangs: still running at the test's deadline with 0 of 1 "never" facts \(its processes here: 3, \d+ CPU ticks, (one|none) runnable, states [A-Z+ ]+\)[\s\S]*"fact":"hanging"/,
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

test('a later wait on a case still stalled since an earlier one fails at once, unless a command was sent', async () => {
  const run = new CaseRun(await resolveTarget('node'), 'support/hang');
  await run.waitFor('hanging', 3);
  run.stallMs = 600;
  run.deadline = Date.now() + 15_000;
  await expect(run.waitFor('never')).rejects.toThrow(/stalled/);
  let started = Date.now();
  await expect(run.waitFor('never-either')).rejects.toThrow(
    /case support\/hang stalled: no fact, no output and its processes idle for 600 ms \(since [\d:.]+\), with 0 of 1 "never-either" facts[\s\S]*"fact":"hanging"/,
  );
  expect(Date.now() - started).toBeLessThan(300);
  // A command may be answered: the next wait gives the case a whole spell again.
  run.send({ cmd: 'nothing' });
  started = Date.now();
  await expect(run.waitFor('never-again')).rejects.toThrow(/stalled/);
  expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  await run.dispose();
});

test('a harness held up is not a stalled case: the spell starts again once it runs', async () => {
  const run = new CaseRun(await resolveTarget('node'), 'support/hang');
  await run.waitFor('hanging', 3);
  run.stallMs = 600;
  run.deadline = Date.now() + 15_000;
  const waiting = run.waitFor('never');
  let rejectedAt = 0;
  waiting.catch(() => {
    rejectedAt = Date.now();
  });
  // biome-ignore lint/complexity/useLiteralKeys: lastSample is private; the test waits until the quiet spell is sampled
  await pWaitFor(() => run['lastSample'] !== undefined, { timeout: 5_000 });
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_500); // The harness does not run.
  const resumed = Date.now();
  await expect(waiting).rejects.toThrow(/stalled/);
  expect(rejectedAt - resumed).toBeGreaterThanOrEqual(550);
  await run.dispose();
});

test('a process whose main thread waits while another thread works counts as runnable', async () => {
  const run = new CaseRun(await resolveTarget('node'), 'support/busy', { args: [3000, 'thread'] });
  const [waits] = await run.waitFor('main-waits');
  const pid = waits!.pid;
  // Three samples in a row with the main thread asleep before and after, and the group runnable.
  let inARow = 0;
  await pWaitFor(
    () => {
      const before = readStat(pid)?.state;
      const runnable = groupActivity(pid).runnable;
      inARow = before === 'S' && runnable && readStat(pid)?.state === 'S' ? inARow + 1 : 0;
      return inARow === 3;
    },
    { interval: 20, timeout: 2_500 },
  );
  await run.dispose();
});

test('a quiet case that uses CPU has not stalled', async () => {
  const run = new CaseRun(await resolveTarget('node'), 'support/busy', { args: [2000] });
  run.stallMs = 600;
  await expect(run.waitFor('done-busy')).resolves.toHaveLength(1);
  await run.dispose();
});

test("youngestChildMs gives the age of a process's newest child, and nothing for a childless one", async () => {
  const started = Date.now();
  const run = new CaseRun(await resolveTarget('node'), 'support/hang');
  const facts = await run.waitFor('hanging', 3);
  // A chain: the primary, its child, and the grandchild, which has none.
  const primary = facts.find((fact) => fact.depth === 0)!.pid;
  const last = facts.find((fact) => fact.depth === 2)!.pid;
  const age = youngestChildMs(primary);
  expect(age).toEqual(expect.any(Number));
  expect(age!).toBeLessThanOrEqual(Date.now() - started + 20); // Clock ticks are 10 ms.
  expect(youngestChildMs(last)).toBeUndefined();
  // Once started, the chain idles: no busy child.
  await pWaitFor(() => youngestChildMs(primary, true) === undefined, { interval: 20, timeout: 5_000 });
  await run.dispose();
});
