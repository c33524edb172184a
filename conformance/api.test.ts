// API-*: the members of the module and of Worker (fixtures/surface.js).
import { expect } from 'vitest';
import { expectCleanEnd } from './harness/assertions.js';
import type { CaseRun, Fact } from './harness/case_run.js';
import { conformanceTest } from './harness/conformance_test.js';

async function surface(run: CaseRun, role: 'primary' | 'worker'): Promise<Fact> {
  const [fact] = await run.waitFor('surface', 1, (f) => f.role === role);
  return fact!;
}

conformanceTest(['API-1'], 'the primary module has every primary member, with its type', async ({ shared }) => {
  const run = shared('surface');
  const primary = await surface(run, 'primary');
  expect(primary.isEmitter).toBe(true);
  expect(primary.types).toEqual({
    isPrimary: 'boolean',
    isMaster: 'boolean',
    isWorker: 'boolean',
    worker: 'undefined',
    workers: 'object',
    Worker: 'function',
    settings: 'object',
    schedulingPolicy: 'number',
    SCHED_NONE: 'number',
    SCHED_RR: 'number',
    setupPrimary: 'function',
    setupMaster: 'function',
    fork: 'function',
    disconnect: 'function',
  });
  expect(primary).toMatchObject({ SCHED_NONE: 1, SCHED_RR: 2, workersKeys: [] });
  await expectCleanEnd(run);
});

conformanceTest(['API-2'], 'the worker module has only the worker members', async ({ shared }) => {
  const run = shared('surface');
  const worker = await surface(run, 'worker');
  expect(worker.isEmitter).toBe(true);
  expect(worker.types).toEqual({
    isPrimary: 'boolean',
    isMaster: 'boolean',
    isWorker: 'boolean',
    worker: 'object',
    workers: 'undefined',
    Worker: 'function',
    settings: 'undefined',
    schedulingPolicy: 'undefined',
    SCHED_NONE: 'undefined',
    SCHED_RR: 'undefined',
    setupPrimary: 'undefined',
    setupMaster: 'undefined',
    fork: 'undefined',
    disconnect: 'undefined',
  });
  await expectCleanEnd(run);
});

conformanceTest(['API-3'], 'setupMaster is setupPrimary', async ({ shared }) => {
  const run = shared('surface');
  expect((await surface(run, 'primary')).setupMasterIsSetupPrimary).toBe(true);
  await expectCleanEnd(run);
});

conformanceTest(['API-4'], 'the Worker constructor defaults, and calling it without new', async ({ shared }) => {
  const run = shared('surface');
  const [ctor] = await run.waitFor('worker-constructor');
  expect(ctor).toMatchObject({
    state: 'none',
    id: 0,
    hasExitedAfterDisconnect: true,
    isEmitter: true,
    isWorker: true,
    calledWithoutNew: { isWorker: true, id: 3, state: 'online' },
  });
  expect(ctor!.exitedAfterDisconnect).toBeUndefined();
  await expectCleanEnd(run);
});

conformanceTest(['API-5'], 'Worker methods on both sides, and disconnect() returns the worker', async ({ shared }) => {
  const run = shared('surface');
  const methods = await run.waitFor('worker-methods', 2);
  for (const fact of methods) {
    expect(fact.methods, `Worker methods in the ${fact.role}`).toEqual({
      send: 'function',
      kill: 'function',
      destroy: 'function',
      disconnect: 'function',
      isConnected: 'function',
      isDead: 'function',
      on: 'function',
      emit: 'function',
    });
  }
  const [returned] = await run.waitFor('disconnect-returns');
  expect(returned!.same).toBe(true);
  await expectCleanEnd(run);
});

conformanceTest(
  ['API-6'],
  "cluster.worker is a Worker over the global process, 'online' at startup",
  async ({ shared }) => {
    const run = shared('surface');
    const worker = await surface(run, 'worker');
    expect(worker).toMatchObject({ workerIsWorker: true, workerProcessIsProcess: true, workerState: 'online' });
    await expectCleanEnd(run);
  },
);

conformanceTest(['API-7'], 'isMaster equals isPrimary on both sides', async ({ shared }) => {
  const run = shared('surface');
  expect((await surface(run, 'primary')).isMasterIsPrimary).toBe(true);
  expect((await surface(run, 'worker')).isMasterIsPrimary).toBe(true);
  await expectCleanEnd(run);
});

conformanceTest(['API-8'], 'worker.process is a ChildProcess with a pid', async ({ shared }) => {
  const run = shared('surface');
  const [proc] = await run.waitFor('worker-process');
  expect(proc).toMatchObject({ isChildProcess: true, pidType: 'number' });
  await expectCleanEnd(run);
});

conformanceTest(['API-9'], 'worker.send() returns true while connected', async ({ shared }) => {
  const run = shared('surface');
  const [proc] = await run.waitFor('worker-process');
  expect(proc!.sendReturned).toBe(true);
  await expectCleanEnd(run);
});

conformanceTest(['API-10'], 'fork() returns a Worker, the one in cluster.workers', async ({ shared }) => {
  const run = shared('worker-api', { args: ['events'] });
  const [returned] = await run.waitFor('fork-returned');
  expect(returned).toMatchObject({ isWorker: true, isEmitter: true, inWorkers: true });
  await expectCleanEnd(run);
});

conformanceTest(
  ['API-11'],
  "the Worker re-emits its process's 'error' (a send on a closed channel)",
  async ({ shared }) => {
    const run = shared('worker-api', { args: ['events'] });
    await expectCleanEnd(run);
    expect(run.all('worker-error').map(({ code, isError }) => ({ code, isError }))).toEqual([
      { code: 'ERR_IPC_CHANNEL_CLOSED', isError: true },
    ]);
  },
);
