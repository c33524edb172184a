// ENV-*: how a worker is marked and what it, its children and the primary see.
import { expect } from 'vitest';
import { expectCleanEnd } from './harness/assertions.js';
import type { CaseRun, Fact } from './harness/case_run.js';
import { conformanceTest } from './harness/conformance_test.js';

const WORKERS = 2;

/** Each 'worker' fact paired with the primary's 'fork' fact for the same pid. */
async function forkedWorkers(run: CaseRun): Promise<{ fork: Fact; worker: Fact }[]> {
  const forks = await run.waitFor('fork', WORKERS);
  const workers = await run.waitFor('worker', WORKERS);
  return forks.map((fork) => {
    const worker = workers.find((w) => w.pid === fork.workerPid);
    expect(worker, `no worker fact from pid ${fork.workerPid} (worker ${fork.id})`).toBeDefined();
    return { fork, worker: worker! };
  });
}

conformanceTest(
  ['ENV-1'],
  'each worker starts with the identity variable set to its id',
  async ({ target, shared }) => {
    const run = shared('identity', { args: [WORKERS] });
    for (const { fork, worker } of await forkedWorkers(run)) {
      const environ = worker.environ as Record<string, string>;
      expect(environ, 'initial environment of the worker').toHaveProperty(target.identityVariable, String(fork.id));
    }
    await expectCleanEnd(run);
  },
);

conformanceTest(
  ['ENV-2'],
  "the identity variable is gone from process.env when the worker's code runs",
  async ({ target, shared }) => {
    const run = shared('identity', { args: [WORKERS] });
    for (const { worker } of await forkedWorkers(run)) {
      expect(worker.ownIdentity, 'NODE_UNIQUE_ID is an own property of process.env').toBe(false);
      expect((worker.visible as Record<string, unknown>)[target.identityVariable]).toBeUndefined();
    }
    await expectCleanEnd(run);
  },
);

conformanceTest(
  ['ENV-3'],
  "a worker's own child does not inherit the identity variable",
  async ({ target, shared }) => {
    const run = shared('identity', { args: [WORKERS] });
    const pairs = await forkedWorkers(run);
    const grandchildren = await run.waitFor('grandchild', WORKERS);
    for (const { worker } of pairs) {
      const child = grandchildren.find((g) => g.parentPid === worker.pid);
      expect(child, `no child reported by worker pid ${worker.pid}`).toBeDefined();
      expect(child!.environ as Record<string, string>).not.toHaveProperty(target.identityVariable);
    }
    await expectCleanEnd(run);
  },
);

conformanceTest(
  ['ENV-4'],
  "cluster.isWorker is true and cluster.worker.id matches the primary's worker.id",
  async ({ shared }) => {
    const run = shared('identity', { args: [WORKERS] });
    for (const { fork, worker } of await forkedWorkers(run)) {
      expect(worker.isWorker).toBe(true);
      expect(worker.isMaster).toBe(false);
      expect(worker.id).toBe(fork.id);
    }
    await expectCleanEnd(run);
  },
);

conformanceTest(['ENV-5'], 'the primary is not a worker', async ({ target, shared }) => {
  const run = shared('identity', { args: [WORKERS] });
  const [primary] = await run.waitFor('primary');
  expect(primary!.isWorker).toBe(false);
  expect(primary!.isMaster).toBe(true);
  expect(primary!.ownIdentity).toBe(false);
  expect((primary!.visible as Record<string, unknown>)[target.identityVariable]).toBeUndefined();
  await expectCleanEnd(run);
});

conformanceTest(['ENV-6'], 'cluster.isPrimary is true in the primary and false in workers', async ({ shared }) => {
  const run = shared('identity', { args: [WORKERS] });
  const [primary] = await run.waitFor('primary');
  expect(primary!.isPrimary).toBe(true);
  for (const { worker } of await forkedWorkers(run)) expect(worker.isPrimary).toBe(false);
  await expectCleanEnd(run);
});

conformanceTest(['ENV-7'], 'workers are not marked with the legacy NODE_WORKER_ID', async ({ shared }) => {
  const run = shared('identity', { args: [WORKERS] });
  for (const { worker } of await forkedWorkers(run)) {
    expect(worker.environ as Record<string, string>).not.toHaveProperty('NODE_WORKER_ID');
  }
  await expectCleanEnd(run);
});

conformanceTest(['ENV-10'], 'NODE_CHANNEL_FD is gone from process.env too', async ({ shared }) => {
  const run = shared('identity', { args: [WORKERS] });
  for (const { worker } of await forkedWorkers(run)) {
    expect((worker.visible as Record<string, unknown>).NODE_CHANNEL_FD).toBeUndefined();
  }
  await expectCleanEnd(run);
});

conformanceTest(['ENV-8'], 'worker ids count from 1 and are not reused', async ({ shared }) => {
  const run = shared('ids');
  const done = await expectCleanEnd(run);
  expect(run.all('fork').map((fact) => fact.id)).toEqual([1, 2, 3]);
  expect(done.workersLeft).toEqual([]);
});

conformanceTest(['ENV-9'], 'cluster.workers holds each worker under its id from fork() on', async ({ shared }) => {
  const run = shared('ids');
  await expectCleanEnd(run);
  for (const fork of run.all('fork')) {
    expect(fork.indexed, `cluster.workers[${fork.id}] is the forked worker`).toBe(true);
    expect(fork.keys).toContain(String(fork.id));
  }
});

conformanceTest(['ENV-11'], 'a process started with NODE_UNIQUE_ID=abc is a worker of id 0', async ({ start }) => {
  const run = start('bad-input', { args: ['identity'], env: { NODE_UNIQUE_ID: 'abc' } });
  const done = await expectCleanEnd(run);
  expect(done).toMatchObject({ isWorker: true, workerId: 0, stillInEnv: false });
});

/** The one worker fact of fixtures/globals.js, with the primary's. */
async function startFacts(run: CaseRun): Promise<{ primary: Fact; worker: Fact }> {
  const [primary] = await run.waitFor('primary');
  const [worker] = await run.waitFor('worker');
  await expectCleanEnd(run);
  return { primary: primary!, worker: worker! };
}

conformanceTest(['ENV-12'], "a worker's globalThis has the own names of a plain `node file.js`", async ({ shared }) => {
  const { primary, worker } = await startFacts(shared('globals'));
  expect(worker.atStart, 'own names of globalThis when the main module starts').toEqual(primary.atStart);
  expect(worker.later, 'own names of globalThis after the main module ran').toEqual(primary.atStart);
});

conformanceTest(['ENV-13'], 'a worker runs as `node <execArgv> <exec> <args>` would', async ({ shared }) => {
  const { primary, worker } = await startFacts(shared('globals'));
  const primaryArgv = primary.argv as string[];
  expect(worker.argv, 'process.argv.slice(1)').toEqual([primaryArgv[0], 'worker-arg']);
  expect(worker.execArgv, 'process.execArgv').toEqual(['--no-deprecation']);
  expect(worker.requireMainIsModule, 'require.main === module').toBe(true);
  expect(worker.evalCode, 'typeof process._eval').toBe('undefined');
});

conformanceTest(['ENV-14'], "a worker's --require preload sees the worker side set up", async ({ start }) => {
  const { worker } = await startFacts(start('globals', { args: ['preload'] }));
  expect(worker.preloadSawWorker, 'cluster.worker.id as the preload saw it').toBe(String(worker.id));
  expect((worker.execArgv as string[])[0]).toBe('--no-deprecation');
});
