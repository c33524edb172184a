// WIRE-*: messages around connections and disconnect (fixtures/wire-conn.js).
import { expect } from 'vitest';
import { expectCleanEnd } from './harness/assertions.js';
import type { CaseRun } from './harness/case_run.js';
import { conformanceTest } from './harness/conformance_test.js';
import { readAnswer } from './harness/loopback.js';

type Message = Record<string, unknown> & { cmd: string; seq?: number; act?: string; ack?: number };
interface Wire {
  from: 'primary' | 'worker';
  message: Message;
  handle: string | null;
}

const CONNECTIONS = 3;

/** Runs wire-conn.js: CONNECTIONS connections, then the disconnect; returns the cluster messages in order. */
function conversation(run: CaseRun): Promise<Wire[]> {
  // A shared run is driven once; every test that shares it reads the same conversation.
  let held = conversations.get(run);
  if (held === undefined) {
    held = converse(run);
    conversations.set(run, held);
  }
  return held;
}
const conversations = new WeakMap<CaseRun, Promise<Wire[]>>();

async function converse(run: CaseRun): Promise<Wire[]> {
  const [listening] = await run.waitFor('listening');
  for (let i = 0; i < CONNECTIONS; i++) expect(await readAnswer(listening!.port as number)).toBe('1');
  run.send({ cmd: 'end' });
  await expectCleanEnd(run);
  return run.all('wire').map((fact) => ({ from: fact.from, message: fact.message, handle: fact.handle }) as Wire);
}

const cluster = (wire: Wire[]) => wire.filter((w) => w.message.cmd === 'NODE_CLUSTER');
const withAct = (wire: Wire[], from: Wire['from'], act: string) =>
  cluster(wire).filter((w) => w.from === from && w.message.act === act);

conformanceTest(
  ['WIRE-1'],
  'each RR connection arrives as newconn with the key and a TCP handle',
  async ({ shared }) => {
    const wire = await conversation(shared('wire-conn', { args: ['rr', 'primary'] }));
    const reply = cluster(wire).find((w) => w.from === 'primary' && 'key' in w.message && w.message.ack !== undefined)!;
    const newconns = withAct(wire, 'primary', 'newconn');
    expect(newconns).toHaveLength(CONNECTIONS);
    for (const newconn of newconns) {
      expect(Object.keys(newconn.message).sort()).toEqual(['act', 'cmd', 'key', 'seq']);
      expect(newconn.message.key).toBe(reply.message.key);
      expect(newconn.handle).toBe('TCP');
    }
  },
);

conformanceTest(['WIRE-2'], 'the worker accepts each newconn with {ack, accepted: true}', async ({ shared }) => {
  const wire = await conversation(shared('wire-conn', { args: ['rr', 'primary'] }));
  for (const newconn of withAct(wire, 'primary', 'newconn')) {
    const answers = cluster(wire).filter((w) => w.from === 'worker' && w.message.ack === newconn.message.seq);
    expect(answers).toHaveLength(1);
    expect(Object.keys(answers[0]!.message).sort()).toEqual(['accepted', 'ack', 'cmd', 'seq']);
    expect(answers[0]!.message.accepted).toBe(true);
  }
});

conformanceTest(['WIRE-3'], 'SCHED_NONE sends no newconn', async ({ shared }) => {
  const wire = await conversation(shared('wire-conn', { args: ['none', 'primary'] }));
  expect(withAct(wire, 'primary', 'newconn')).toEqual([]);
});

conformanceTest(
  ['WIRE-4'],
  "the primary's disconnect sends act 'disconnect'; the worker closes its server",
  async ({ shared }) => {
    const wire = await conversation(shared('wire-conn', { args: ['rr', 'primary'] }));
    const disconnects = withAct(wire, 'primary', 'disconnect');
    expect(disconnects).toHaveLength(1);
    expect(Object.keys(disconnects[0]!.message).sort()).toEqual(['act', 'cmd', 'seq']);
    const reply = cluster(wire).find((w) => w.from === 'primary' && 'key' in w.message && w.message.ack !== undefined)!;
    expect(withAct(wire, 'worker', 'close').map((w) => w.message.key)).toEqual([reply.message.key]);
    expect(withAct(wire, 'worker', 'exitedAfterDisconnect')).toEqual([]);
  },
);

conformanceTest(
  ['WIRE-5'],
  "a worker's own disconnect sends close, then exitedAfterDisconnect, which is " + 'acked',
  async ({ start }) => {
    const wire = await conversation(start('wire-conn', { args: ['rr', 'worker'] }));
    const fromWorker = cluster(wire)
      .filter((w) => w.from === 'worker' && w.message.act !== undefined)
      .map((w) => w.message.act);
    expect(fromWorker.slice(-2)).toEqual(['close', 'exitedAfterDisconnect']);
    const request = withAct(wire, 'worker', 'exitedAfterDisconnect')[0]!;
    const acks = cluster(wire).filter((w) => w.from === 'primary' && w.message.ack === request.message.seq);
    expect(acks).toHaveLength(1);
    expect(Object.keys(acks[0]!.message).sort()).toEqual(['ack', 'cmd', 'seq']);
    expect(withAct(wire, 'primary', 'disconnect')).toEqual([]);
  },
);

conformanceTest(
  ['WIRE-6'],
  'under SCHED_NONE the worker acknowledges the handle with NODE_HANDLE_ACK',
  async ({ shared }) => {
    const wire = await conversation(shared('wire-conn', { args: ['none', 'primary'] }));
    expect(wire.filter((w) => w.from === 'worker' && w.message.cmd === 'NODE_HANDLE_ACK')).toHaveLength(1);
  },
);

conformanceTest(['WIRE-7'], 'the primary numbers its messages from 0, one by one', async ({ shared }) => {
  const wire = await conversation(shared('wire-conn', { args: ['rr', 'primary'] }));
  const seqs = cluster(wire)
    .filter((w) => w.from === 'primary')
    .map((w) => w.message.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i));
});
