// LIFE-*: events, states and flags across a worker's life (fixtures/lifecycle.js,
// plain-worker.js, primary-death.js).

import pWaitFor from 'p-wait-for';
import { expect } from 'vitest';
import { expectCleanEnd, only } from './harness/assertions.js';
import { type CaseRun, type Fact, isRunning } from './harness/case_run.js';
import { conformanceTest, onTestFinished } from './harness/conformance_test.js';
import { HeldConnection } from './harness/loopback.js';

/** Every pid is gone (a zombie has exited too) within 5 s of its primary's death. */
async function expectGone(pids: number[]): Promise<void> {
  await pWaitFor(() => pids.every((pid) => !isRunning(pid)), { interval: 20, timeout: 5000 }).catch(() =>
    expect(pids.filter(isRunning), 'workers still running after the primary died').toEqual([]),
  );
}

function events(run: CaseRun, id?: number): Fact[] {
  return run.all('event', (fact) => id === undefined || fact.id === id);
}

function event(run: CaseRun, name: string, id = 1): Fact {
  return only(
    run.all('event', (fact) => fact.name === name && fact.id === id),
    `'${name}' of worker ${id}`,
  );
}

conformanceTest(
  ['LIFE-1'],
  'fork, online, listening, then disconnect and exit, with the states',
  async ({ shared }) => {
    const run = shared('lifecycle', { args: ['states'] });
    await expectCleanEnd(run);
    const names = events(run)
      .map((fact) => fact.name)
      .filter((name) => name !== 'after-disconnect-call');
    expect(names.slice(0, 3)).toEqual(['fork', 'online', 'listening']);
    expect(names.slice(3).sort()).toEqual(['disconnect', 'exit']);
    expect(event(run, 'fork').state).toBe('none');
    expect(event(run, 'online').state).toBe('online');
    expect(event(run, 'listening').state).toBe('listening');
    expect(event(run, 'disconnect').state).toBe('disconnected');
    expect(event(run, 'exit').state).toBe('dead');
  },
);

conformanceTest(
  ['LIFE-11'],
  "the primary's disconnect() removes the worker from cluster.workers at once",
  async ({ shared }) => {
    const run = shared('lifecycle', { args: ['states'] });
    await expectCleanEnd(run);
    expect(event(run, 'listening').inWorkers).toBe(true);
    expect(event(run, 'after-disconnect-call').inWorkers).toBe(false);
  },
);

conformanceTest(['LIFE-12'], 'isConnected() and isDead() across the life of a worker', async ({ shared }) => {
  const run = shared('lifecycle', { args: ['states'] });
  await expectCleanEnd(run);
  for (const name of ['fork', 'online', 'listening']) {
    expect(event(run, name), name).toMatchObject({ isConnected: true, isDead: false });
  }
  expect(event(run, 'disconnect').isConnected).toBe(false);
  expect(event(run, 'exit')).toMatchObject({ isConnected: false, isDead: true });
});

conformanceTest(['LIFE-2'], "'online' arrives for a worker that never loads cluster", async ({ shared }) => {
  const run = shared('plain-worker');
  const [online] = await run.waitFor('online');
  expect(online!.same).toBe(true);
  const done = await expectCleanEnd(run);
  expect(run.all('idle-worker'), 'the worker script ran').toHaveLength(1);
  expect(done).toMatchObject({ code: 0, signal: null });
});

conformanceTest(['LIFE-3'], 'a disconnected worker serves its open connection, then exits 0', async ({ start }) => {
  const run = start('lifecycle', { args: ['hold'] });
  const [listening] = await run.waitFor('event', 1, (fact) => fact.name === 'listening');
  const connection = await HeldConnection.open(listening!.port as number);
  onTestFinished(() => connection.destroy());
  expect(await connection.read()).toBe('1');

  run.send({ cmd: 'disconnect', id: 1 });
  await run.waitFor('server-close-called');
  connection.write('still there?');
  expect(await connection.read(), 'the worker answers after its server began closing').toBe('still there?');
  expect(
    run.all('event', (fact) => fact.name === 'exit'),
    'exited while a connection was open',
  ).toHaveLength(0);

  await connection.end();
  await expectCleanEnd(run);
  expect(event(run, 'exit')).toMatchObject({ code: 0, signal: null, exitedAfterDisconnect: true });
  // The worker leaves the channel only after the client ended its last connection.
  const endedAt = run.facts.findIndex((fact) => fact.fact === 'connection-ended');
  const disconnectAt = run.facts.findIndex((fact) => fact.fact === 'event' && fact.name === 'disconnect');
  expect(endedAt, 'connection-ended fact').toBeGreaterThanOrEqual(0);
  expect(disconnectAt, "'disconnect' came before the client ended its connection").toBeGreaterThan(endedAt);
});

conformanceTest(
  ['LIFE-4'],
  "a worker's own disconnect() is known to the primary at 'disconnect'",
  async ({ shared }) => {
    const run = shared('lifecycle', { args: ['worker-disconnect'] });
    await expectCleanEnd(run);
    expect(event(run, 'disconnect').exitedAfterDisconnect).toBe(true);
    expect(event(run, 'exit')).toMatchObject({ code: 0, signal: null, exitedAfterDisconnect: true });
  },
);

conformanceTest(['LIFE-5'], "the primary's kill() only sends SIGTERM", async ({ start }) => {
  const run = start('lifecycle', { args: ['kill'] });
  await expectCleanEnd(run);
  expect(event(run, 'disconnect').exitedAfterDisconnect).toBe(false);
  expect(event(run, 'exit')).toMatchObject({ code: null, signal: 'SIGTERM', exitedAfterDisconnect: false });
});

conformanceTest(['LIFE-6'], "a worker's own kill(signal) exits 0 and ignores the signal", async ({ start }) => {
  const run = start('lifecycle', { args: ['worker-kill'] });
  await expectCleanEnd(run);
  expect(event(run, 'exit')).toMatchObject({ code: 0, signal: null, exitedAfterDisconnect: true });
});

for (const [id, how] of [
  ['LIFE-7', 'SIGKILL'],
  ['LIFE-8', 'process.exit()'],
] as const) {
  conformanceTest([id], `every worker exits when the primary dies by ${how}`, async ({ start }) => {
    const run = start('primary-death', { args: [2] });
    await run.waitFor('ready');
    const workerPids = run.all('listening').map((fact) => fact.workerPid as number);
    expect(workerPids).toHaveLength(2);
    const primaryPid = run.all('ready')[0]!.pid;
    if (how === 'SIGKILL') process.kill(primaryPid, 'SIGKILL');
    else run.send({ cmd: 'exit' });
    // Not run.exited: that waits for the case's output to end, which workers that outlive it hold open.
    await pWaitFor(() => !isRunning(primaryPid), { interval: 20, timeout: 5000 }).catch(() =>
      expect.fail(`the primary (pid ${primaryPid}) still runs 5 s after ${how}`),
    );
    await expectGone(workerPids);
  });
}

conformanceTest(
  ['LIFE-9'],
  'cluster.disconnect(cb) ends every worker and calls cb once, with no workers left',
  async ({ start }) => {
    const run = start('lifecycle', { args: ['cluster-disconnect'] });
    await run.waitFor('event', 2, (fact) => fact.name === 'listening');
    run.send({ cmd: 'cluster-disconnect' });
    const done = await expectCleanEnd(run);
    expect(done.calls).toBe(1);
    expect(only(run.all('callback'), 'callback').workers).toEqual([]);
    for (const id of [1, 2]) {
      expect(event(run, 'disconnect', id).exitedAfterDisconnect).toBe(true);
      expect(event(run, 'exit', id)).toMatchObject({ code: 0, signal: null, exitedAfterDisconnect: true });
    }
  },
);

conformanceTest(['LIFE-10'], 'cluster.disconnect(cb) with no workers calls back asynchronously', async ({ start }) => {
  const run = start('lifecycle', { args: ['cluster-disconnect-none'] });
  const done = await expectCleanEnd(run);
  expect(done.synchronous).toBe(false);
});

conformanceTest(['LIFE-13'], 'an uncaught exception in a worker exits it with code 1', async ({ start }) => {
  const run = start('lifecycle', { args: ['uncaught'] });
  await expectCleanEnd(run);
  expect(event(run, 'disconnect').exitedAfterDisconnect).toBe(false);
  expect(event(run, 'exit')).toMatchObject({ code: 1, signal: null, exitedAfterDisconnect: false });
});

conformanceTest(
  ['LIFE-14'],
  'an uncaught exception in the primary exits it with 1, and the workers exit',
  async ({ start }) => {
    const run = start('primary-death', { args: [2] });
    await run.waitFor('ready');
    const workerPids = run.all('listening').map((fact) => fact.workerPid as number);
    run.send({ cmd: 'throw' });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    await expectGone(workerPids);
  },
);

conformanceTest(['LIFE-15'], "the primary's destroy() ends the worker by SIGTERM", async ({ start }) => {
  const run = start('lifecycle', { args: ['destroy'] });
  await expectCleanEnd(run);
  expect(event(run, 'exit')).toMatchObject({ code: null, signal: 'SIGTERM' });
});

conformanceTest(
  ['LIFE-16'],
  "after the primary's disconnect the worker's own 'disconnect' listener picks the " + 'exit code',
  async ({ start }) => {
    const run = start('lifecycle', { args: ['own-handler'] });
    await expectCleanEnd(run);
    expect(run.all('worker-own-disconnect')).toHaveLength(1);
    expect(event(run, 'exit')).toMatchObject({ code: 42, signal: null, exitedAfterDisconnect: true });
  },
);

conformanceTest(['LIFE-17'], 'a raw worker.process.disconnect() makes the worker exit 0 at once', async ({ start }) => {
  const run = start('lifecycle', { args: ['raw-disconnect'] });
  await expectCleanEnd(run);
  expect(event(run, 'exit')).toMatchObject({ code: 0, signal: null });
  expect(run.all('worker-own-disconnect')).toEqual([]);
});

conformanceTest(['LIFE-18'], 'cluster.workers is empty once every worker has exited', async ({ shared }) => {
  const run = shared('ids');
  const done = await expectCleanEnd(run);
  expect(run.all('exit')).toHaveLength(3);
  expect(done.workersLeft).toEqual([]);
});

conformanceTest(['LIFE-19'], 'the worker object emits each event before the cluster does', async ({ shared }) => {
  const run = shared('lifecycle', { args: ['states'] });
  await expectCleanEnd(run);
  const sequence = run.facts
    .filter(
      (fact) =>
        fact.fact === 'worker-event' ||
        (fact.fact === 'event' && fact.name !== 'fork' && fact.name !== 'after-disconnect-call'),
    )
    .map((fact) => `${fact.fact === 'event' ? 'cluster' : 'worker'}:${fact.name}`);
  for (const name of ['online', 'listening', 'disconnect', 'exit']) {
    const worker = sequence.indexOf(`worker:${name}`);
    expect(worker, `worker '${name}' in ${sequence.join(' ')}`).toBeGreaterThanOrEqual(0);
    expect(worker).toBeLessThan(sequence.indexOf(`cluster:${name}`));
  }
});

conformanceTest(['LIFE-20'], "a worker's own state is 'listening' once it listens", async ({ start }) => {
  const run = start('lifecycle', { args: ['hold'] });
  const [state] = await run.waitFor('worker-state', 1, (fact) => fact.when === 'listening');
  expect(state!.state).toBe('listening');
  run.send({ cmd: 'disconnect', id: 1 });
  await expectCleanEnd(run);
});

conformanceTest(['LIFE-21'], "a worker's own disconnect() sets its state to 'disconnecting'", async ({ shared }) => {
  const run = shared('lifecycle', { args: ['worker-disconnect'] });
  await expectCleanEnd(run);
  expect(
    only(
      run.all('worker-state', (fact) => fact.when === 'after-disconnect-call'),
      'state after disconnect()',
    ).state,
  ).toBe('disconnecting');
});

conformanceTest(
  ['LIFE-22'],
  "the cluster's 'fork', 'online', 'listening' and 'disconnect' get the forked " + 'Worker',
  async ({ shared }) => {
    const run = shared('worker-api', { args: ['events'] });
    await expectCleanEnd(run);
    const seen = Object.fromEntries(
      run.all('cluster-event').map((fact) => [fact.name, { same: fact.same, args: fact.args }]),
    );
    expect(seen).toEqual({
      fork: { same: true, args: 1 },
      online: { same: true, args: 1 },
      listening: { same: true, args: 2 },
      disconnect: { same: true, args: 1 },
    });
  },
);

conformanceTest(['LIFE-23'], "the Worker's 'listening' gets the cluster's address", async ({ shared }) => {
  const run = shared('worker-api', { args: ['events'] });
  await expectCleanEnd(run);
  const listening = only(
    run.all('cluster-event', (fact) => fact.name === 'listening'),
    "cluster 'listening'",
  );
  const address = listening.address as { addressType: unknown; port: number };
  expect(address.port).toBeGreaterThan(0);
  expect(listening.workerAddress).toEqual(address);
});

conformanceTest(['LIFE-24'], "in a worker no 'online', 'listening' or 'fork' is emitted", async ({ shared }) => {
  const run = shared('worker-api', { args: ['events'] });
  const [seen] = await run.waitFor('worker-events');
  expect(seen!.state, 'the worker was listening when it reported').toBe('listening');
  expect(seen!.seen).toEqual({
    workerOnline: 0,
    workerListening: 0,
    clusterOnline: 0,
    clusterListening: 0,
    clusterFork: 0,
  });
  await expectCleanEnd(run);
});

conformanceTest(
  ['LIFE-25'],
  "in a worker cluster.worker emits 'disconnect' when the primary disconnects it",
  async ({ shared }) => {
    const run = shared('worker-api', { args: ['events'] });
    await expectCleanEnd(run);
    expect(only(run.all('worker-side-disconnect'), "worker-side 'disconnect'")).toMatchObject({
      id: 1,
      exitedAfterDisconnect: true,
    });
  },
);

conformanceTest(['LIFE-26'], "disconnect() does not wait for the worker's client connections", async ({ start }) => {
  const run = start('worker-api', { args: ['client-connection'] });
  await expectCleanEnd(run);
  expect(only(run.all('disconnect'), "'disconnect'")).toMatchObject({ clientOpen: true, isDead: false });
  expect(only(run.all('client-data'), 'data on the client after disconnect')).toMatchObject({
    data: 'after-disconnect',
    connected: false,
  });
  expect(only(run.all('exit'), "'exit'")).toMatchObject({ code: 0, signal: null, exitedAfterDisconnect: true });
  const order = run.facts
    .map((fact) => fact.fact)
    .filter((name) => ['disconnect', 'client-data', 'client-ended', 'exit'].includes(name));
  expect(order).toEqual(['disconnect', 'client-data', 'client-ended', 'exit']);
});

conformanceTest(['LIFE-27'], "the primary's kill('SIGINT') ends the worker by SIGINT", async ({ start }) => {
  const run = start('worker-api', { args: ['kill-signal'] });
  await expectCleanEnd(run);
  expect(only(run.all('exit'), "'exit'")).toMatchObject({ code: null, signal: 'SIGINT' });
});

conformanceTest(['LIFE-28'], 'after cluster.disconnect() the primary exits by itself', async ({ start }) => {
  const run = start('worker-api', { args: ['auto-exit'] });
  await run.waitFor('primary-exit');
  expect(await run.exited, `the primary should exit 0 by itself\n${run.transcript()}`).toEqual({
    code: 0,
    signal: null,
  });
  expect(run.all('exit').map((fact) => fact.code)).toEqual([0, 0]);
  expect(only(run.all('primary-exit'), "the primary's exit")).toMatchObject({ code: 0, exits: 2 });
});

conformanceTest(
  ['LIFE-29'],
  'a worker that exits by itself leaves cluster.workers between its two events',
  async ({ start }) => {
    const run = start('worker-api', { args: ['self-exit'] });
    const done = await expectCleanEnd(run);
    expect([...(done.order as string[])].sort()).toEqual(['disconnect', 'exit']);
    const events = run.all('event');
    expect(events.map((fact) => ({ position: fact.position, inWorkers: fact.inWorkers }))).toEqual([
      { position: 1, inWorkers: true },
      { position: 2, inWorkers: false },
    ]);
  },
);
