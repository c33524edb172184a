// PORT-*: one TCP port shared by every worker (fixtures/shared-port.js).
import net from 'node:net';
import { expect } from 'vitest';
import { expectCleanEnd } from './harness/assertions.js';
import type { CaseRun } from './harness/case_run.js';
import { conformanceTest } from './harness/conformance_test.js';
import { collectAnswers } from './harness/loopback.js';

const WORKERS = 3;
const workerIds = Array.from({ length: WORKERS }, (_, i) => String(i + 1));

async function shutdown(run: CaseRun): Promise<void> {
  run.send({ cmd: 'shutdown' });
  await expectCleanEnd(run);
}

/** Waits until every worker listens; returns the port they report. */
async function sharedPort(run: CaseRun): Promise<number> {
  const listening = await run.waitFor('worker-listening', WORKERS);
  await run.waitFor('listening', WORKERS);
  return listening[0]!.port as number;
}

for (const [id, policy] of [
  ['PORT-1', 'rr'],
  ['PORT-2', 'none'],
] as const) {
  conformanceTest(
    [id],
    `under ${policy === 'rr' ? 'SCHED_RR' : 'SCHED_NONE'} every worker accepts on the shared port`,
    async ({ shared }) => {
      // PORT-3's run: its connections change none of the facts the other tests read.
      const run = shared('shared-port', { args: [policy, WORKERS] });
      // The policy asked for is the one in effect. Before Node had policies (0.10 and older) both
      // are undefined, and passing the handle (SCHED_NONE) was the only way.
      const [inEffect] = await run.waitFor('policy');
      if (policy === 'rr') expect(typeof inEffect!.rr, 'the type of cluster.SCHED_RR').toBe('number');
      expect(inEffect!.policy, 'the schedulingPolicy in effect').toBe(inEffect![policy]);
      const port = await sharedPort(run);
      const answers = await collectAnswers(port, workerIds);
      expect([...answers.keys()].sort(), `answers per worker: ${JSON.stringify([...answers])}`).toEqual(workerIds);
    },
  );
}

for (const policy of ['rr', 'none'] as const) {
  conformanceTest(
    ['PORT-3'],
    `listen(0) gives every worker the same port (${policy})`,
    async ({ shared }) => {
      const run = shared('shared-port', { args: [policy, WORKERS] });
      const listening = await run.waitFor('worker-listening', WORKERS);
      const events = await run.waitFor('listening', WORKERS);
      const port = listening[0]!.port as number;
      expect(port).toBeGreaterThan(0);
      expect(listening.map((fact) => fact.port)).toEqual(Array(WORKERS).fill(port));
      expect(events.map((fact) => (fact.address as { port: number }).port)).toEqual(Array(WORKERS).fill(port));
    },
    { needs: [policy === 'rr' ? 'sched-rr' : 'sched-none'] },
  );
}

conformanceTest(
  ['PORT-4'],
  "the 'listening' address is exactly {addressType, address, port, fd}",
  async ({ shared }) => {
    const run = shared('shared-port', { args: ['rr', WORKERS] });
    const [workerPort] = await run.waitFor('worker-listening');
    const clusterEvents = await run.waitFor('listening', WORKERS);
    const workerEvents = await run.waitFor('worker-event-listening', WORKERS);
    for (const event of [...clusterEvents, ...workerEvents]) {
      expect((event.keys as string[]).slice().sort(), `keys of ${event.fact}`).toEqual([
        'address',
        'addressType',
        'fd',
        'port',
      ]);
      expect(event.address).toEqual({ addressType: 4, address: null, port: workerPort!.port });
      expect(event.fdIsUndefined).toBe(true);
    }
  },
);

conformanceTest(['PORT-5'], "each worker's second listen(0) shares a second port", async ({ start }) => {
  const run = start('shared-port', { args: ['rr', WORKERS, 0, 2] });
  const listening = await run.waitFor('worker-listening', WORKERS * 2);
  const firsts = new Set(listening.filter((f) => f.server === 0).map((f) => f.port));
  const seconds = new Set(listening.filter((f) => f.server === 1).map((f) => f.port));
  expect(firsts.size).toBe(1);
  expect(seconds.size).toBe(1);
  expect([...seconds][0]).not.toBe([...firsts][0]);
  await shutdown(run);
});

conformanceTest(['PORT-6'], 'the port is free again once every worker has disconnected', async ({ start }) => {
  const run = start('shared-port', { args: ['rr', WORKERS] });
  const port = await sharedPort(run);
  run.send({ cmd: 'release' });
  await run.waitFor('released');
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  run.send({ cmd: 'exit' });
  await expectCleanEnd(run);
});
