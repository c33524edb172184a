// MSG-*: user messages between the primary and a worker (fixtures/messaging.js).
import { expect } from 'vitest';
import { expectCleanEnd, only } from './harness/assertions.js';
import { conformanceTest } from './harness/conformance_test.js';
import { readAnswer } from './harness/loopback.js';

conformanceTest(
  ['MSG-1'],
  "a worker's message reaches the worker and the cluster 'message' events",
  async ({ shared }) => {
    const run = shared('messaging');
    await expectCleanEnd(run);
    const echo = { kind: 'echo', got: { kind: 'ping', n: 1 } };
    expect(
      run.all('worker-message', (f) => (f.message as { kind?: string }).kind === 'echo').map((f) => f.message),
    ).toEqual([echo]);
    expect(run.all('cluster-message', (f) => (f.message as { kind?: string }).kind === 'echo')).toEqual([
      expect.objectContaining({ sameWorker: true, message: echo }),
    ]);
  },
);

conformanceTest(['MSG-2'], "the primary's message reaches process and cluster.worker 'message'", async ({ shared }) => {
  const run = shared('messaging');
  const [received] = await run.waitFor('received');
  expect(received).toMatchObject({ viaProcess: { kind: 'ping', n: 1 }, viaWorker: { kind: 'ping', n: 1 } });
  await expectCleanEnd(run);
});

conformanceTest(
  ['MSG-3'],
  "a user message with a NODE_ cmd is swallowed; {cmd: 'NODE_'} is not",
  async ({ shared }) => {
    const run = shared('messaging');
    await expectCleanEnd(run);
    const cmds = run.all('worker-message').map((fact) => (fact.message as { cmd?: string }).cmd);
    expect(cmds).not.toContain('NODE_MINE');
    expect(cmds).toContain('NODE_');
  },
);

conformanceTest(['MSG-4'], "serialization 'advanced' keeps circular references and Maps", async ({ start }) => {
  const run = start('messaging', { args: ['advanced'] });
  await expectCleanEnd(run);
  const circular = run.all('cluster-message', (f) => (f.message as { kind?: string }).kind === 'circular');
  expect(circular.map((fact) => fact.message)).toEqual([{ kind: 'circular', selfIsSelf: true, mapValue: 1 }]);
});

conformanceTest(['MSG-5'], 'the worker.send() callback runs once, without error', async ({ shared }) => {
  const run = shared('messaging');
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

conformanceTest(['MSG-7'], 'malformed cluster messages from a worker are ignored', async ({ shared }) => {
  const run = shared('messaging');
  const done = await expectCleanEnd(run);
  expect(done.code).toBe(0);
  expect(run.all('worker-message', (f) => (f.message as { cmd?: string }).cmd === 'NODE_CLUSTER')).toEqual([]);
  expect(run.all('cluster-message', (f) => (f.message as { kind?: string }).kind === 'echo')).toHaveLength(1);
});

conformanceTest(['MSG-8'], 'a message sent right after fork() is delivered', async ({ shared }) => {
  const run = shared('surface');
  const [early] = await run.waitFor('early-message');
  expect(early!.message).toBe('hello');
  await expectCleanEnd(run);
});

conformanceTest(
  ['MSG-9'],
  'worker.send() on a closed channel returns false and calls back with ' + 'ERR_IPC_CHANNEL_CLOSED',
  async ({ shared }) => {
    const run = shared('worker-api', { args: ['events'] });
    await expectCleanEnd(run);
    expect(only(run.all('late-callback'), 'late send callback')).toMatchObject({
      code: 'ERR_IPC_CHANNEL_CLOSED',
      isError: true,
    });
    expect(only(run.all('late-returned'), 'late send results')).toMatchObject({
      withCallback: false,
      withoutCallback: false,
    });
  },
);

conformanceTest(
  ['MSG-10'],
  "'message' on the Worker and the cluster carries the handle argument",
  async ({ shared }) => {
    const run = shared('worker-api', { args: ['events'] });
    await expectCleanEnd(run);
    const byKind = (name: string) =>
      Object.fromEntries(run.all(name).map((fact) => [(fact.message as { kind: string }).kind, fact]));
    const worker = byKind('worker-message');
    const clustered = byKind('cluster-message');
    expect(worker.plain).toMatchObject({ handle: 'undefined' });
    expect(worker.socket).toMatchObject({ handle: 'net.Socket' });
    expect(clustered.plain).toMatchObject({ same: true, handle: 'undefined', args: 3 });
    expect(clustered.socket).toMatchObject({ same: true, handle: 'net.Socket', args: 3 });
  },
  { needs: ['handle-passing'] },
);

conformanceTest(
  ['MSG-11'],
  'cluster.worker.send() in a worker returns true, calls back and reaches the ' + 'primary',
  async ({ shared }) => {
    const run = shared('worker-api', { args: ['events'] });
    await expectCleanEnd(run);
    expect(only(run.all('worker-send-returned'), 'send() result in the worker').value).toBe(true);
    expect(only(run.all('worker-send-callback'), 'send() callback in the worker').error).toBeNull();
    expect(
      run.all('worker-message', (fact) => (fact.message as { kind: string }).kind === 'via-worker-send'),
    ).toHaveLength(1);
  },
);

conformanceTest(
  ['MSG-12'],
  'keepOpen keeps a sent socket usable in the primary; by default it is closed',
  async ({ start }) => {
    const run = start('worker-api', { args: ['keep-open'] });
    await expectCleanEnd(run);
    const sent = Object.fromEntries(run.all('sent').map((fact) => [fact.which, fact]));
    expect(sent.keep).toMatchObject({ clientGot: 'kept' });
    expect(sent.keep).not.toHaveProperty('writeError');
    expect(sent.plain).toMatchObject({ writeError: 'ERR_SOCKET_CLOSED' });
    expect(run.all('plain-client-got')).toEqual([]);
  },
  { needs: ['handle-passing'] },
);

conformanceTest(['MSG-13'], 'the default serialization is JSON', async ({ start }) => {
  const run = start('messaging', { args: ['default'] });
  await expectCleanEnd(run);
  const json = run.all('worker-message', (f) => (f.message as { kind?: string }).kind === 'json');
  expect(json.map((fact) => fact.message)).toEqual([
    { kind: 'json', map: {}, mapIsMap: false, date: '1970-01-01T00:00:00.000Z', hasMissing: false },
  ]);
});
