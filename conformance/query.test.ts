// QUERY-*: the messages a worker and the primary exchange when the worker
// listens, captured at the primary's end of the IPC channel (fixtures/wire.js).
import { expect } from 'vitest';
import { expectCleanEnd } from './harness/assertions.js';
import type { CaseRun, Fact } from './harness/case_run.js';
import { conformanceTest } from './harness/conformance_test.js';

type Message = Record<string, unknown> & { cmd: string; seq: number; act?: string; ack?: number };

interface Exchange {
  online: Message;
  query: Message;
  reply: Message;
  replyHandle: string | null;
  listening: Message;
  boundPort: number;
}

/** Picks out the messages of the worker's one listen, once the case has ended. */
async function exchange(run: CaseRun): Promise<Exchange> {
  const [listeningFact] = await run.waitFor('listening');
  await expectCleanEnd(run);
  const cluster = run.all('wire', (fact) => (fact.message as Message).cmd === 'NODE_CLUSTER');
  const fromWorker = cluster.filter((fact) => fact.from === 'worker').map((fact) => fact.message as Message);
  const byAct = (act: string) => {
    const found = fromWorker.filter((message) => message.act === act);
    expect(found, `messages with act '${act}' from the worker`).toHaveLength(1);
    return found[0]!;
  };
  const query = byAct('queryServer');
  const replies = cluster.filter((fact) => fact.from === 'primary' && (fact.message as Message).ack === query.seq);
  expect(replies, `replies with ack ${query.seq}`).toHaveLength(1);
  return {
    online: byAct('online'),
    query,
    reply: replies[0]!.message as Message,
    replyHandle: replies[0]!.handle as string | null,
    listening: byAct('listening'),
    boundPort: listeningFact!.port as number,
  };
}

const QUERY_KEYS = ['cmd', 'act', 'index', 'data', 'address', 'port', 'addressType', 'backlog', 'seq'];

conformanceTest(['QUERY-1'], 'queryServer carries exactly the v20 fields', async ({ shared }) => {
  const { query } = await exchange(shared('wire', { args: ['rr'] }));
  expect(Object.keys(query).sort()).toEqual([...QUERY_KEYS].sort());
  expect(query).toMatchObject({ act: 'queryServer', index: 0, data: null, address: null, port: 0, addressType: 4 });
});

conformanceTest(['QUERY-2'], 'queryServer carries exactly the current fields, flags included', async ({ shared }) => {
  const { query } = await exchange(shared('wire', { args: ['rr'] }));
  expect(Object.keys(query).sort()).toEqual([...QUERY_KEYS, 'flags'].sort());
  expect(query).toMatchObject({
    act: 'queryServer',
    index: 0,
    data: null,
    address: null,
    port: 0,
    addressType: 4,
    flags: 0,
  });
});

conformanceTest(['QUERY-3'], "the reply acks the request's seq and carries errno, key and data", async ({ shared }) => {
  const { query, reply } = await exchange(shared('wire', { args: ['rr'] }));
  expect(reply.ack).toBe(query.seq);
  expect(reply).toHaveProperty('errno');
  expect(typeof reply.key).toBe('string');
  expect(reply).toHaveProperty('data', null);
  expect(reply).not.toHaveProperty('act');
});

conformanceTest(['QUERY-4'], 'an RR reply has errno null, a sockname and no handle', async ({ shared }) => {
  const { reply, replyHandle, boundPort } = await exchange(shared('wire', { args: ['rr'] }));
  expect(reply.errno).toBeNull();
  expect(reply.sockname).toMatchObject({ port: boundPort });
  expect(replyHandle).toBeNull();
});

conformanceTest(['QUERY-5'], 'a NONE reply has errno 0, no sockname and the bound handle', async ({ start }) => {
  const { reply, replyHandle } = await exchange(start('wire', { args: ['none'] }));
  expect(reply.errno).toBe(0);
  expect(reply).not.toHaveProperty('sockname');
  expect(replyHandle).not.toBeNull();
});

conformanceTest(
  ['QUERY-6'],
  "'listening' repeats the query with the bound port and a later seq",
  async ({ shared }) => {
    const { query, listening, boundPort } = await exchange(shared('wire', { args: ['rr'] }));
    expect(boundPort).toBeGreaterThan(0);
    expect(listening).toEqual({ ...query, act: 'listening', port: boundPort, seq: listening.seq });
    expect(listening.seq).toBeGreaterThan(query.seq);
  },
);

conformanceTest(['QUERY-7'], "a worker's own messages are numbered from seq 0", async ({ shared }) => {
  const { online, query } = await exchange(shared('wire', { args: ['rr'] }));
  expect(online.seq).toBe(0);
  expect(query.seq).toBe(1);
});

/** The key of each queryServer reply in fixtures/relisten.js, and the port. */
async function fixedPortKeys(run: CaseRun): Promise<{ port: number; keys: Fact[] }> {
  await expectCleanEnd(run);
  const [port] = run.all('port');
  return { port: port!.port as number, keys: run.all('reply-key') };
}

conformanceTest(['QUERY-8'], 'a fixed-port key has no listen index', async ({ shared }) => {
  const { port, keys } = await fixedPortKeys(shared('relisten'));
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) expect(key.key).toBe(`null:${port}:4:undefined`);
});

conformanceTest(['QUERY-9'], 'a fixed-port key ends with the listen index', async ({ shared }) => {
  const { port, keys } = await fixedPortKeys(shared('relisten'));
  expect(keys[0]).toMatchObject({ id: 1, key: `null:${port}:4:undefined:0` });
  expect(keys.map((key) => key.key)).toContain(`null:${port}:4:undefined:1`);
});

conformanceTest(['SETUP-13'], 'changing schedulingPolicy after the first fork changes nothing', async ({ start }) => {
  const { reply, replyHandle } = await exchange(start('wire', { args: ['rr', 'freeze'] }));
  expect(reply.errno).toBeNull();
  expect(replyHandle).toBeNull();
});
