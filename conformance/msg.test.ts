// MSG-*: user messages between the primary and a worker (fixtures/messaging.js).
import { expect } from 'vitest';
import { conformanceTest } from './harness/conformance_test.js';
import { expectCleanEnd } from './harness/assertions.js';
import { readAnswer } from './harness/loopback.js';

conformanceTest(['MSG-1'], "a worker's message reaches the worker and the cluster 'message' events", async ({ start }) => {
  const run = start('messaging');
  await expectCleanEnd(run);
  const echo = { kind: 'echo', got: { kind: 'ping', n: 1 } };
  expect(run.all('worker-message', (f) => (f.message as { kind?: string }).kind === 'echo').map((f) => f.message)).toEqual([echo]);
  expect(run.all('cluster-message', (f) => (f.message as { kind?: string }).kind === 'echo'))
    .toEqual([expect.objectContaining({ sameWorker: true, message: echo })]);
});

conformanceTest(['MSG-2'], "the primary's message reaches process and cluster.worker 'message'", async ({ start }) => {
  const run = start('messaging');
  const [received] = await run.waitFor('received');
  expect(received).toMatchObject({ viaProcess: { kind: 'ping', n: 1 }, viaWorker: { kind: 'ping', n: 1 } });
  await expectCleanEnd(run);
});

conformanceTest(['MSG-3'], "a user message with a NODE_ cmd is swallowed; {cmd: 'NODE_'} is not", async ({ start }) => {
  const run = start('messaging');
  await expectCleanEnd(run);
  const cmds = run.all('worker-message').map((fact) => (fact.message as { cmd?: string }).cmd);
  expect(cmds).not.toContain('NODE_MINE');
  expect(cmds).toContain('NODE_');
});

conformanceTest(['MSG-4'], "serialization 'advanced' keeps circular references and Maps", async ({ start }) => {
  const run = start('messaging', { args: ['advanced'] });
  await expectCleanEnd(run);
  const circular = run.all('cluster-message', (f) => (f.message as { kind?: string }).kind === 'circular');
  expect(circular.map((fact) => fact.message)).toEqual([{ kind: 'circular', selfIsSelf: true, mapValue: 1 }]);
});

conformanceTest(['MSG-5'], 'the worker.send() callback runs once, without error', async ({ start }) => {
  const run = start('messaging');
  await expectCleanEnd(run);
  expect(run.all('send-callback').map((fact) => fact.error)).toEqual([null]);
  expect(run.all('send-returned').map((fact) => fact.value)).toEqual([true]);
});

conformanceTest(['MSG-6'], 'a socket sent with worker.send() arrives as a writable net.Socket', async ({ start }) => {
  const run = start('send-handle');
  const [listening] = await run.waitFor('primary-listening');
  expect(await readAnswer(listening!.port as number)).toBe('from worker 1');
  const [received] = await run.waitFor('received');
  expect(received!.isSocket).toBe(true);
  expect((await expectCleanEnd(run)).code).toBe(0);
});

conformanceTest(['MSG-7'], 'malformed cluster messages from a worker are ignored', async ({ start }) => {
  const run = start('messaging');
  const done = await expectCleanEnd(run);
  expect(done.code).toBe(0);
  expect(run.all('worker-message', (f) => (f.message as { cmd?: string }).cmd === 'NODE_CLUSTER')).toEqual([]);
  expect(run.all('cluster-message', (f) => (f.message as { kind?: string }).kind === 'echo')).toHaveLength(1);
});

conformanceTest(['MSG-8'], 'a message sent right after fork() is delivered', async ({ start }) => {
  const run = start('surface');
  const [early] = await run.waitFor('early-message');
  expect(early!.message).toBe('hello');
  await expectCleanEnd(run);
});
