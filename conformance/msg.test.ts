// MSG-*: user messages between the primary and a worker (fixtures/messaging.js).
import { expect } from 'vitest';
import { conformanceTest } from './harness/conformance_test.js';
import { expectCleanEnd } from './harness/assertions.js';

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
