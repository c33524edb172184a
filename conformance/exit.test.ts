// EXIT-*: how a worker's end is reported (fixtures/exit.js).
import { expect } from 'vitest';
import { expectCleanEnd, only } from './harness/assertions.js';
import { conformanceTest } from './harness/conformance_test.js';

interface Counts {
  clusterExit: number;
  workerExit: number;
  death: number;
  disconnect: number;
}

conformanceTest(
  ['EXIT-1'],
  "exit code 42 gives 'exit'(worker, 42, null) on cluster and worker, once each",
  async ({ shared }) => {
    const run = shared('exit', { args: ['code42'] });
    const done = await expectCleanEnd(run);
    expect(only(run.all('cluster-exit'), "cluster 'exit'")).toMatchObject({ sameWorker: true, code: 42, signal: null });
    expect(only(run.all('worker-exit'), "worker 'exit'")).toMatchObject({ code: 42, signal: null });
    expect(done.counts).toMatchObject({ clusterExit: 1, workerExit: 1 });
  },
);

conformanceTest(
  ['EXIT-2'],
  "SIGKILL gives 'exit'(worker, null, 'SIGKILL') on cluster and worker",
  async ({ shared }) => {
    const run = shared('exit', { args: ['sigkill'] });
    await expectCleanEnd(run);
    expect(only(run.all('cluster-exit'), "cluster 'exit'")).toMatchObject({
      sameWorker: true,
      code: null,
      signal: 'SIGKILL',
    });
    expect(only(run.all('worker-exit'), "worker 'exit'")).toMatchObject({ code: null, signal: 'SIGKILL' });
  },
);

for (const [scenario, expected] of [
  ['code42', false],
  ['sigkill', false],
  ['disconnect', true],
] as const) {
  conformanceTest(['EXIT-3'], `exitedAfterDisconnect is ${expected} after ${scenario}`, async ({ shared }) => {
    const run = shared('exit', { args: [scenario] });
    await expectCleanEnd(run);
    expect(only(run.all('cluster-exit'), "cluster 'exit'").exitedAfterDisconnect).toBe(expected);
  });
}

conformanceTest(['EXIT-4'], "no 'death' event is emitted", async ({ shared }) => {
  const run = shared('exit', { args: ['code42'] });
  const done = await expectCleanEnd(run);
  expect((done.counts as Counts).clusterExit, "the 'exit' that 'death' would accompany").toBe(1);
  expect((done.counts as Counts).death).toBe(0);
  expect(run.all('death')).toHaveLength(0);
});

conformanceTest(['EXIT-5'], "a worker exiting with 0 by itself gives 'exit'(worker, 0, null)", async ({ shared }) => {
  const run = shared('ids');
  await expectCleanEnd(run);
  for (const exit of run.all('exit'))
    expect(exit).toMatchObject({ code: 0, signal: null, exitedAfterDisconnect: false });
});

conformanceTest(['EXIT-6'], "the worker's 'exit' comes before the cluster's", async ({ shared }) => {
  const run = shared('exit', { args: ['code42'] });
  const done = await expectCleanEnd(run);
  expect(done.order).toEqual(['worker', 'cluster']);
});

conformanceTest(
  ['EXIT-7'],
  "exitedAfterDisconnect is undefined at 'fork', 'online' and 'listening'",
  async ({ shared }) => {
    const run = shared('worker-api', { args: ['events'] });
    await expectCleanEnd(run);
    expect(only(run.all('fork-returned'), 'fork() result').exitedAfterDisconnect).toBe('undefined');
    const flags = Object.fromEntries(run.all('cluster-event').map((fact) => [fact.name, fact.exitedAfterDisconnect]));
    expect(flags).toMatchObject({ fork: 'undefined', online: 'undefined', listening: 'undefined' });
  },
);

conformanceTest(
  ['EXIT-8'],
  "the primary's disconnect() sets exitedAfterDisconnect before it returns",
  async ({ shared }) => {
    const run = shared('worker-api', { args: ['events'] });
    await expectCleanEnd(run);
    expect(only(run.all('after-disconnect-call'), 'state after disconnect()').exitedAfterDisconnect).toBe(true);
  },
);
