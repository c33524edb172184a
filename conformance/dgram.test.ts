// DGRAM-*: UDP sockets bound through the primary (fixtures/dgram.js).
import dgram from 'node:dgram';
import { expect } from 'vitest';
import { expectCleanEnd } from './harness/assertions.js';
import type { CaseOptions, CaseRun } from './harness/case_run.js';
import { conformanceTest, onTestFinished } from './harness/conformance_test.js';
import { freePort } from './harness/loopback.js';

async function shutdown(run: CaseRun): Promise<void> {
  run.send({ cmd: 'shutdown' });
  await expectCleanEnd(run);
}

/** dgram.js: workers bind(0) a `type` socket, and the primary disconnects them once both are bound. */
const boundThenDisconnected = (type: 'udp4' | 'udp6'): CaseOptions => ({
  args: ['rr', 'plain', type],
  env: { CASE_DISCONNECT_WHEN_BOUND: '1' },
});

for (const [id, type, address] of [
  ['DGRAM-1', 'udp4', '0.0.0.0'],
  ['DGRAM-6', 'udp6', '::'],
] as const) {
  conformanceTest([id], `workers that bind(0) a ${type} socket share one port`, async ({ shared }) => {
    const run = shared('dgram', boundThenDisconnected(type));
    const bound = await run.waitFor('worker-bound', 2);
    const events = await run.waitFor('listening', 2);
    const port = bound[0]!.port;
    expect(bound[1]!.port).toBe(port);
    for (const event of events) expect(event.address).toEqual({ addressType: type, address, port, fd: -1 });
    await expectCleanEnd(run);
  });
}

conformanceTest(['DGRAM-2'], 'a UDP query is answered with a shared handle even under RR', async ({ shared }) => {
  const run = shared('dgram', boundThenDisconnected('udp4'));
  await run.waitFor('listening', 2);
  await expectCleanEnd(run);
  const queries = run.all('wire', (f) => f.from === 'worker' && (f.message as { act?: string }).act === 'queryServer');
  expect(queries).toHaveLength(2);
  for (const query of queries) {
    const seq = (query.message as { seq: number }).seq;
    const replies = run.all(
      'wire',
      (f) => f.from === 'primary' && f.id === query.id && (f.message as { ack?: number }).ack === seq,
    );
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ message: { errno: 0 } });
    expect(replies[0]!.handle, 'the handle passed with the reply').toEqual(expect.any(String));
  }
});

conformanceTest(['DGRAM-3'], 'datagrams sent to the shared port reach the workers', async ({ start }) => {
  const run = start('dgram', { args: ['rr'] });
  const [bound] = await run.waitFor('worker-bound', 2);
  await run.waitFor('listening', 2);
  const sender = dgram.createSocket('udp4');
  onTestFinished(() => {
    sender.close();
  });
  for (let i = 0; i < 20; i++) sender.send(`datagram ${i}`, bound!.port as number, '127.0.0.1');
  const [received] = await run.waitFor('datagram');
  expect(String(received!.message)).toMatch(/^datagram \d+$/);
  await shutdown(run);
});

conformanceTest(['DGRAM-4'], 'an exclusive bind stays in the worker', async ({ start }) => {
  const run = start('dgram', { args: ['rr', 'exclusive'] });
  const bound = await run.waitFor('worker-bound', 2);
  expect(bound[0]!.port).not.toBe(bound[1]!.port);
  await shutdown(run);
  const queries = run.all('wire', (f) => f.from === 'worker' && (f.message as { act?: string }).act === 'queryServer');
  expect(queries).toEqual([]);
});

conformanceTest(
  ['DGRAM-5'],
  'a socket closed right after bind() never binds and never asks the primary',
  async ({ start }) => {
    const run = start('dgram', { args: ['rr', 'close-early'] });
    await run.waitFor('worker-closed', 2);
    await shutdown(run);
    expect(run.all('worker-bound')).toEqual([]);
    expect(run.all('worker-error')).toEqual([]);
    expect(
      run.all('wire', (f) => f.from === 'worker' && (f.message as { act?: string }).act === 'queryServer'),
    ).toEqual([]);
  },
);

conformanceTest(
  ['DGRAM-7'],
  'a second bind() while the first waits throws ERR_SOCKET_ALREADY_BOUND',
  async ({ start }) => {
    const run = start('dgram', { args: ['rr', 'twice'] });
    const seconds = await run.waitFor('second-bind', 2);
    for (const second of seconds) expect(second).toMatchObject({ threw: true, code: 'ERR_SOCKET_ALREADY_BOUND' });
    await run.waitFor('worker-bound', 2);
    await shutdown(run);
  },
);

conformanceTest(
  ['DGRAM-8'],
  'cluster.disconnect() closes clustered UDP sockets; workers exit 0',
  async ({ shared }) => {
    const run = shared('dgram', boundThenDisconnected('udp4'));
    await run.waitFor('listening', 2);
    await expectCleanEnd(run);
    expect(run.all('exit').map((fact) => [fact.code, fact.signal])).toEqual([
      [0, null],
      [0, null],
    ]);
  },
);

/** Sends one datagram from a new socket (a new source port) and resolves with the reply, or '' after a while. */
function askOnce(port: number, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve('');
    }, timeoutMs);
    socket.on('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(String(message));
    });
    socket.on('error', () => {
      clearTimeout(timer);
      socket.close();
      resolve('');
    });
    socket.send('who', port, '127.0.0.1');
  });
}

function queryServers(run: CaseRun) {
  return run.all('wire', (f) => f.from === 'worker' && (f.message as { act?: string }).act === 'queryServer');
}

conformanceTest(
  ['DGRAM-9'],
  "a reusePort socket binds in the worker: no queryServer, no cluster 'listening', " + 'every worker on the same port',
  async ({ start }) => {
    const port = await freePort('127.0.0.1');
    const run = start('reuse-port', { args: ['udp4', port] });
    const bound = await run.waitFor('worker-listening', 2);
    for (const fact of bound) expect(fact.address).toMatchObject({ port, address: '0.0.0.0' });
    expect(await askOnce(port, 5000)).toMatch(/^[12]$/);
    await shutdown(run);
    expect(queryServers(run), 'queryServer messages').toEqual([]);
    expect(run.all('listening'), "cluster 'listening' events").toEqual([]);
    expect(run.all('worker-error')).toEqual([]);
  },
);

conformanceTest(
  ['DGRAM-10'],
  'the kernel spreads datagrams from different source ports over the reusePort ' + 'workers',
  async ({ start }) => {
    const port = await freePort('127.0.0.1');
    const run = start('reuse-port', { args: ['udp4', port] });
    await run.waitFor('worker-listening', 2);
    const seen = new Map<string, number>();
    const workers = () => [...seen.keys()].filter((answer) => answer !== '').sort();
    for (let i = 0; i < 200 && workers().length < 2; i++) {
      const answer = await askOnce(port);
      seen.set(answer, (seen.get(answer) ?? 0) + 1);
    }
    expect(workers(), JSON.stringify([...seen])).toEqual(['1', '2']);
    await shutdown(run);
    // Each worker's own socket, not one shared through the primary (which would spread datagrams too).
    expect(queryServers(run), 'queryServer messages').toEqual([]);
  },
);

for (const variant of ['address', 'options'] as const) {
  const form = variant === 'address' ? "bind(0, '127.0.0.1')" : "bind({port: 0, address: '127.0.0.1'})";
  conformanceTest(
    ['DGRAM-11'],
    `${form} asks the primary for 127.0.0.1, and the workers share that socket`,
    async ({ start }) => {
      const run = start('dgram', { args: ['rr', variant, 'udp4', '127.0.0.1'] });
      const bound = await run.waitFor('worker-bound', 2);
      const events = await run.waitFor('listening', 2);
      const port = bound[0]!.port;
      for (const fact of bound) expect(fact).toMatchObject({ port, address: '127.0.0.1' });
      for (const event of events)
        expect(event.address).toEqual({ addressType: 'udp4', address: '127.0.0.1', port, fd: -1 });
      await shutdown(run);
      const queries = queryServers(run);
      expect(queries).toHaveLength(2);
      for (const query of queries)
        expect(query.message).toMatchObject({ address: '127.0.0.1', port: 0, addressType: 'udp4', fd: -1 });
    },
  );
}

conformanceTest(
  ['DGRAM-12'],
  'bind({port, exclusive: true}) on one fixed port: one worker binds, the other ' +
    'gets EADDRINUSE, and the primary is never asked',
  async ({ start }) => {
    const port = await freePort('127.0.0.1');
    const run = start('dgram', { args: ['rr', 'exclusive-port', 'udp4', port] });
    const [bound] = await run.waitFor('worker-bound');
    const [error] = await run.waitFor('worker-error');
    expect(bound!.port).toBe(port);
    expect(error).toMatchObject({ code: 'EADDRINUSE', syscall: 'bind', message: `bind EADDRINUSE 0.0.0.0:${port}` });
    expect(error!.id).not.toBe(bound!.id);
    await shutdown(run);
    expect(queryServers(run), 'queryServer messages').toEqual([]);
    expect(run.all('listening'), "cluster 'listening' events").toEqual([]);
  },
);

conformanceTest(
  ['DGRAM-13'],
  'send() on an unbound socket binds it in the worker: no queryServer, a port of ' + 'its own',
  async ({ start }) => {
    const receiver = dgram.createSocket('udp4');
    onTestFinished(() => {
      receiver.close();
    });
    const received: string[] = [];
    receiver.on('message', (message) => received.push(String(message)));
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', () => resolve()));
    const run = start('dgram', { args: ['rr', 'send', 'udp4', receiver.address().port] });
    const bound = await run.waitFor('worker-bound', 2);
    expect(bound[0]!.port).not.toBe(bound[1]!.port);
    await shutdown(run);
    expect(queryServers(run), 'queryServer messages').toEqual([]);
    expect(run.all('listening'), "cluster 'listening' events").toEqual([]);
    expect(run.all('worker-error')).toEqual([]);
  },
);

/** Whether this process can bind a udp4 socket to 127.0.0.1:port. */
function canBindUdp4(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      resolve(error.code ?? 'error');
    });
    socket.bind({ port, address: '127.0.0.1', exclusive: true }, () => {
      socket.close();
      resolve('ok');
    });
  });
}

conformanceTest(
  ['DGRAM-14'],
  "a udp6 socket with ipv6Only sends flags UV_UDP_IPV6ONLY (1), and the primary's " + 'socket leaves IPv4 free',
  async ({ start }) => {
    const run = start('dgram', { args: ['rr', 'ipv6only', 'udp6'] });
    const bound = await run.waitFor('worker-bound', 2);
    const port = bound[0]!.port as number;
    expect(bound[1]!.port, "the second worker's port (one socket, shared through the primary)").toBe(port);
    expect(await canBindUdp4(port), 'binding 127.0.0.1 on the same port').toBe('ok');
    await shutdown(run);
    const queries = queryServers(run);
    expect(queries).toHaveLength(2);
    for (const query of queries)
      expect(query.message).toMatchObject({ address: '::', addressType: 'udp6', port: 0, flags: 1 });
  },
);
