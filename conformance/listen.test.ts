// LISTEN-*: listen variants and errors in workers (fixtures/listen.js).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pWaitFor from 'p-wait-for';
import { expect } from 'vitest';
import { expectCleanEnd } from './harness/assertions.js';
import type { CaseRun, Fact } from './harness/case_run.js';
import { type CaseContext, conformanceTest, onTestFinished } from './harness/conformance_test.js';
import { collectAnswers, freePort, readAnswer } from './harness/loopback.js';
import { FIXTURES } from './harness/paths.js';
import { skipWithoutTool } from './harness/system_tools.js';

async function shutdown(run: CaseRun): Promise<void> {
  run.send({ cmd: 'shutdown' });
  await expectCleanEnd(run);
}

/** A port held by this test process (dual-stack, like a worker's listen without host). */
async function heldPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

/** One run in which each worker listens on port 0 of every one of these hosts, a server each (listen.js hosts). */
const HOSTS = ['127.0.0.1', '::1', '0.0.0.0', '::', '::ffff:127.0.0.1'];
const hostsRun = (shared: CaseContext['shared']) => shared('listen', { args: ['rr', 'hosts', HOSTS.join(',')] });

/**
 * The cluster's 'listening' events for `host`'s servers, and their port: the
 * port the workers' servers report, with the host (servers of two hosts may
 * get one port number: 127.0.0.1 and ::1, say). An event with another
 * address is not one of them, and the wait stalls on its absence.
 */
async function listeningOn(run: CaseRun, host: string): Promise<{ port: number; events: Fact[] }> {
  const [own] = await run.waitFor('worker-listening', 1, (fact) => fact.host === host);
  const port = (own!.address as net.AddressInfo).port;
  const events = await run.waitFor('listening', 2, (fact) => {
    const address = fact.address as { port: number; address: string };
    return address.port === port && address.address === host;
  });
  return { port, events };
}

/** The queryServer messages that carry `host`: one per worker, each before its 'listening'. */
function queriesFor(run: CaseRun, host: string): Fact[] {
  return run.all('query', (fact) => (fact.message as { address: unknown }).address === host);
}

for (const policy of ['rr', 'none'] as const) {
  conformanceTest(
    ['LISTEN-1'],
    `EADDRINUSE from another process reaches the worker as a bind error (${policy})`,
    async ({ start }) => {
      const port = await heldPort();
      const run = start('listen', { args: [policy, 'port', port] });
      const errors = await run.waitFor('worker-error', 2);
      for (const error of errors) {
        expect(error).toMatchObject({ code: 'EADDRINUSE', syscall: 'bind', address: null, port, state: 'online' });
        expect(error.message).toBe(`bind EADDRINUSE null:${port}`);
      }
      await shutdown(run);
      expect(run.all('listening').concat(run.all('worker-listening'))).toEqual([]);
    },
    { needs: [policy === 'rr' ? 'sched-rr' : 'sched-none'] },
  );
}

conformanceTest(['LISTEN-2'], 'an exclusive listen binds in the worker, without the primary', async ({ start }) => {
  const port = await freePort('::');
  const run = start('listen', { args: ['rr', 'exclusive', port] });
  const [listening] = await run.waitFor('worker-listening');
  const [error] = await run.waitFor('worker-error');
  expect((listening!.address as net.AddressInfo).port).toBe(port);
  expect(error).toMatchObject({ code: 'EADDRINUSE', syscall: 'listen', port });
  expect(error!.id).not.toBe(listening!.id);
  await shutdown(run);
  expect(run.all('query'), 'queryServer messages').toEqual([]);
  expect(run.all('listening'), "cluster 'listening' events").toEqual([]);
});

for (const policy of ['rr', 'none'] as const) {
  conformanceTest(
    ['LISTEN-3'],
    `workers share a Unix socket path (${policy})`,
    async ({ start }) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-'));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const socketPath = path.join(dir, 'server.sock');
      const run = start('listen', { args: [policy, 'pipe', socketPath] });
      const events = await run.waitFor('listening', 2);
      for (const event of events) {
        expect(event.address).toEqual({ addressType: -1, address: socketPath, port: -1 });
      }
      const answers = await collectAnswers({ path: socketPath }, ['1', '2']);
      expect([...answers.keys()].sort(), JSON.stringify([...answers])).toEqual(['1', '2']);
      await shutdown(run);
    },
    { needs: [policy === 'rr' ? 'sched-rr' : 'sched-none'] },
  );
}

for (const [host, addressType] of [
  ['127.0.0.1', 4],
  ['::1', 6],
] as const) {
  conformanceTest(
    ['LISTEN-4'],
    `listen(0, '${host}') reports address ${host}, addressType ${addressType}`,
    async ({ shared }) => {
      const { events } = await listeningOn(hostsRun(shared), host);
      for (const event of events) {
        expect(event.address).toMatchObject({ address: host, addressType });
      }
    },
  );
}

conformanceTest(
  ['LISTEN-5'],
  'a server closed before the reply never listens, and its handle is given back',
  async ({ start }) => {
    const run = start('listen', { args: ['rr', 'close-early'] });
    await run.waitFor('worker-closed', 2);
    const closes = await run.waitFor('close-act', 2);
    const queries = run.all('query');
    expect(queries).toHaveLength(2);
    for (const close of closes) expect(close.key).toEqual(expect.any(String));
    await shutdown(run);
    expect(run.all('worker-listening'), 'listen callbacks').toEqual([]);
    expect(run.all('listening'), "cluster 'listening' events").toEqual([]);
  },
);

for (const [id, retry] of [
  ['LISTEN-6', 'ok'],
  ['LISTEN-7', 'EADDRINUSE'],
] as const) {
  conformanceTest(
    [id],
    `re-listening after a failed listen on a port another worker holds gives ${retry}`,
    async ({ shared }) => {
      const run = shared('relisten');
      await expectCleanEnd(run);
      const results = run.all('result').map(({ id: worker, phase, result }) => ({ worker, phase, result }));
      expect(results).toEqual([
        { worker: 1, phase: 'first', result: 'EADDRINUSE' },
        { worker: 2, phase: 'first', result: 'ok' },
        { worker: 1, phase: 'retry', result: retry },
      ]);
    },
  );
}

conformanceTest(
  ['LISTEN-8'],
  "a port held by the primary's own server gives the worker EADDRINUSE",
  async ({ shared }) => {
    const run = shared('relisten');
    await expectCleanEnd(run);
    expect(run.all('result')[0]).toMatchObject({ id: 1, phase: 'first', result: 'EADDRINUSE' });
  },
);

/** Why this process may bind port 42 anyway: root, or a low ip_unprivileged_port_start. */
function mayBindLowPorts(): string | undefined {
  if (process.getuid?.() === 0) return 'the suite runs as root, which may bind port 42';
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
    if (start <= 42) return `ip_unprivileged_port_start is ${start}`;
  } catch {
    // Not Linux: assume the classic rule.
  }
  return undefined;
}

conformanceTest(
  ['LISTEN-9'],
  "listen(42) without privilege fails with EACCES from 'bind'",
  async ({ start }) => {
    const run = start('listen', { args: ['rr', 'privileged'] });
    const errors = await run.waitFor('worker-error', 2);
    for (const error of errors) expect(error).toMatchObject({ code: 'EACCES', syscall: 'bind', port: 42 });
    await shutdown(run);
  },
  { skipIf: mayBindLowPorts },
);

conformanceTest(
  ['LISTEN-10'],
  'readableAll and writableAll make the socket file readable and writable by all',
  async ({ start }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const socketPath = path.join(dir, 'all.sock');
    const run = start('listen', { args: ['rr', 'pipe-all', socketPath] });
    await run.waitFor('listening', 2);
    expect((statSync(socketPath).mode & 0o666).toString(8)).toBe('666');
    await shutdown(run);
  },
);

conformanceTest(['LISTEN-11'], "a relative socket path is resolved against the worker's cwd", async ({ start }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const absolute = path.join(dir, 'relative.sock');
  const run = start('listen', { args: ['rr', 'pipe', path.relative(FIXTURES, absolute)] });
  const events = await run.waitFor('listening', 2);
  for (const event of events) expect(event.address).toMatchObject({ address: absolute, addressType: -1 });
  const answers = await collectAnswers({ path: absolute }, ['1', '2']);
  expect([...answers.keys()].sort(), JSON.stringify([...answers])).toEqual(['1', '2']);
  await shutdown(run);
});

conformanceTest(
  ['LISTEN-12'],
  'listen(0) twice: the server listens once, the first handle goes back, the ' + 'cluster hears both',
  async ({ start }) => {
    const run = start('listen', { args: ['rr', 'twice'] });
    await run.waitFor('listening', 4);
    await run.waitFor('close-act', 2);
    await shutdown(run);
    for (const id of [1, 2]) {
      expect(
        run.all('server-listening-event', (f) => f.id === id),
        `server 'listening' in worker ${id}`,
      ).toHaveLength(1);
      expect(run.all('query', (f) => f.id === id).map((f) => (f.message as { index: number }).index)).toEqual([0, 1]);
      expect(run.all('close-act', (f) => f.id === id).map((f) => f.key)).toEqual(['null:0:4:undefined:0']);
      const ports = run.all('listening', (f) => f.id === id).map((f) => (f.address as { port: number }).port);
      expect(ports).toHaveLength(2);
      expect(ports[0]).toBe(ports[1]);
    }
    expect(run.all('worker-error')).toEqual([]);
  },
);

conformanceTest(
  ['LISTEN-13'],
  "a second server on the same port in one worker fails from 'bind'",
  async ({ start }) => {
    const port = await freePort('::');
    const run = start('listen', { args: ['rr', 'port-twice', port], env: { CASE_WORKERS: '1' } });
    const [error] = await run.waitFor('worker-error');
    expect(error).toMatchObject({ server: 2, code: 'EADDRINUSE', syscall: 'bind', port });
    await shutdown(run);
  },
);

for (const [host, addressType] of [
  ['127.0.0.1', 4],
  ['::1', 6],
] as const) {
  conformanceTest(
    ['QUERY-10'],
    `queryServer for listen(0, '${host}') carries ${host} and addressType ${addressType}`,
    async ({ shared }) => {
      const run = hostsRun(shared);
      await listeningOn(run, host);
      const queries = queriesFor(run, host);
      expect(queries).toHaveLength(2);
      for (const query of queries) expect(query.message).toMatchObject({ address: host, addressType, port: 0 });
    },
  );
}

/** The wire facts of one kind a case reported, from the worker (queryServer, listening) or the primary. */
function wireActs(run: CaseRun, from: 'worker' | 'primary', act: string) {
  return run.all('wire', (f) => f.from === from && (f.message as { act?: string }).act === act);
}

for (const [kind, title] of [
  ['net', '{port, reusePort: true}'],
  ['net-shared', '{port, reusePort: true, exclusive: false}'],
] as const) {
  conformanceTest(
    ['LISTEN-14'],
    `listen(${title}) binds in the worker: no queryServer, no cluster 'listening'`,
    async ({ start }) => {
      const port = await freePort('::');
      const run = start('reuse-port', { args: [kind, port], env: { CASE_WORKERS: '1' } });
      const [listening] = await run.waitFor('worker-listening');
      expect((listening!.address as net.AddressInfo).port).toBe(port);
      expect(await readAnswer(port)).toBe('1');
      await shutdown(run);
      expect(wireActs(run, 'worker', 'queryServer'), 'queryServer messages').toEqual([]);
      expect(wireActs(run, 'worker', 'listening'), "the worker's listening messages").toEqual([]);
      expect(run.all('listening'), "cluster 'listening' events").toEqual([]);
      expect(run.all('worker-error')).toEqual([]);
    },
  );
}

conformanceTest(
  ['LISTEN-15'],
  'workers listening with reusePort on one port all bind it, and the kernel ' + 'spreads connections over them',
  async ({ start }) => {
    const port = await freePort('::');
    const run = start('reuse-port', { args: ['net', port], env: { CASE_WORKERS: '3' } });
    const listening = await run.waitFor('worker-listening', 3);
    for (const fact of listening) expect((fact.address as net.AddressInfo).port).toBe(port);
    // Each connection comes from a new source port; SO_REUSEPORT hashes the 4-tuple.
    const answers = await collectAnswers(port, ['1', '2', '3'], { maxConnections: 300, concurrency: 4 });
    expect(answers.size, `answers: ${JSON.stringify([...answers])}`).toBeGreaterThanOrEqual(2);
    await shutdown(run);
    expect(run.all('worker-error')).toEqual([]);
    expect(wireActs(run, 'worker', 'queryServer')).toEqual([]);
  },
);

for (const [host, addressType] of [
  ['0.0.0.0', 4],
  ['::', 6],
] as const) {
  conformanceTest(
    ['LISTEN-16'],
    `listen(0, '${host}') reports ${host} and addressType ${addressType}, and takes connections on 127.0.0.1`,
    async ({ shared }) => {
      const run = hostsRun(shared);
      const { port, events } = await listeningOn(run, host);
      for (const event of events) expect(event.address).toMatchObject({ address: host, addressType });
      const answers = await collectAnswers(port, ['1', '2']);
      expect([...answers.keys()].sort(), JSON.stringify([...answers])).toEqual(['1', '2']);
      // Where the wire tap sees queryServer messages at all (not Node 0.10's wire, nor Bun's): two carry this host.
      if (run.all('query').length > 0) {
        const queries = queriesFor(run, host);
        expect(queries, 'queryServer messages with this host').toHaveLength(2);
        for (const query of queries) expect(query.message).toMatchObject({ addressType, port: 0 });
      }
    },
  );
}

conformanceTest(
  ['LISTEN-17'],
  "listen(0, 'localhost') asks for the address dns.lookup gives, not the name",
  async ({ start }) => {
    const run = start('listen', { args: ['rr', 'localhost'] });
    const events = await run.waitFor('listening', 2);
    await shutdown(run);
    for (const id of [1, 2]) {
      const [lookup] = run.all('lookup', (f) => f.id === id);
      expect(lookup, `worker ${id}'s dns.lookup`).toBeDefined();
      const [query] = run.all('query', (f) => f.id === id);
      expect(query, `worker ${id}'s queryServer on the primary's wire tap`).toBeDefined();
      expect(query!.message).toMatchObject({ address: lookup!.address, addressType: lookup!.family, port: 0 });
      expect(events.find((event) => event.id === id)!.address).toMatchObject({
        address: lookup!.address,
        addressType: lookup!.family,
      });
    }
  },
);

conformanceTest(
  ['LISTEN-18'],
  "listen(0, '::ffff:127.0.0.1') is an IPv6 listen on the mapped address, " + 'reachable on 127.0.0.1',
  async ({ shared }) => {
    const { port, events } = await listeningOn(hostsRun(shared), '::ffff:127.0.0.1');
    for (const event of events) expect(event.address).toMatchObject({ address: '::ffff:127.0.0.1', addressType: 6 });
    const answers = await collectAnswers(port, ['1', '2']);
    expect([...answers.keys()].sort(), JSON.stringify([...answers])).toEqual(['1', '2']);
  },
);

/** Whether this process can listen on host:port (the port is then free again). */
function canListen(port: number, host: string): Promise<string> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('ok')));
  });
}

/**
 * A fixed port free on IPv4 and IPv6 alike (a listen(0) on '::' alone may get a
 * port that is busy on IPv4): for the 'rr' run, one per test worker, so that the
 * tests that read that run share it.
 */
let ipv6OnlyRrPort: Promise<number> | undefined;
async function ipv6OnlyRun(
  { start, shared }: CaseContext,
  policy: 'rr' | 'none',
): Promise<{ run: CaseRun; port: number }> {
  if (policy === 'none') {
    const port = await freePort('::');
    return { run: start('listen', { args: [policy, 'ipv6only', port] }), port };
  }
  ipv6OnlyRrPort ??= freePort('::');
  const port = await ipv6OnlyRrPort;
  return { run: shared('listen', { args: [policy, 'ipv6only', port] }), port };
}

for (const policy of ['rr', 'none'] as const) {
  conformanceTest(
    ['LISTEN-19'],
    `listen({host: '::', ipv6Only: true}): the primary's socket is IPv6-only (${policy})`,
    async (context) => {
      const { run, port } = await ipv6OnlyRun(context, policy);
      const events = await run.waitFor('listening', 2);
      for (const event of events) expect(event.address).toMatchObject({ address: '::', addressType: 6, port });
      // IPv4 on that port is still free: nobody holds 0.0.0.0 or 127.0.0.1 there.
      expect(await canListen(port, '127.0.0.1'), 'listening on 127.0.0.1 on the same port').toBe('ok');
      const answers = await collectAnswers({ port, host: '::1' }, ['1', '2']);
      expect([...answers.keys()].sort(), JSON.stringify([...answers])).toEqual(['1', '2']);
    },
    { needs: [policy === 'rr' ? 'sched-rr' : 'sched-none'] },
  );
}

conformanceTest(['QUERY-11'], 'ipv6Only sets flags to UV_TCP_IPV6ONLY (1) in the queryServer', async (context) => {
  const { run, port } = await ipv6OnlyRun(context, 'rr');
  await run.waitFor('listening', 2);
  const queries = run.all('query');
  expect(queries).toHaveLength(2);
  for (const query of queries) expect(query.message).toMatchObject({ address: '::', addressType: 6, port, flags: 1 });
});

/** The accept backlog of the socket listening on `port` (ss: Send-Q of a listening socket). */
function listenBacklog(port: number): number[] {
  const out = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => Number(line.trim().split(/\s+/)[2]));
}

let ssMissing: boolean | undefined;

/** Skipped where ss (iproute2) is missing, with one NOTICE line; with CI=true it is required, and the test fails without it. */
function noSs(): string | undefined {
  if (ssMissing === undefined) {
    let available = true;
    try {
      execFileSync('ss', ['-V'], { stdio: 'ignore' });
    } catch {
      available = false;
    }
    ssMissing = skipWithoutTool(
      'the backlog checks of LISTEN-20 and LISTEN-21',
      'ss',
      available,
      'apt-get install iproute2',
    );
  }
  return ssMissing ? "ss (iproute2), which reads a listening socket's backlog, is not installed" : undefined;
}

/** Three workers, each listening once the one before listens, with backlog 5 * id + 2: 7, 12, 17. */
const backlogRun = (shared: CaseContext['shared'], policy: 'rr' | 'none') =>
  shared('listen', { args: [policy, 'backlog'], env: { CASE_WORKERS: '3' } });

for (const [id, policy, expected] of [
  ['LISTEN-20', 'rr', 7],
  ['LISTEN-21', 'none', 17],
] as const) {
  conformanceTest(
    [id],
    `three workers listen with backlogs 7, 12, 17 in turn: the socket's backlog is ${expected} (${policy})`,
    async ({ shared }) => {
      const events = await backlogRun(shared, policy).waitFor('listening', 3);
      const port = (events[0]!.address as { port: number }).port;
      expect(listenBacklog(port)).toEqual([expected]);
    },
    { needs: [policy === 'rr' ? 'sched-rr' : 'sched-none'], skipIf: noSs },
  );
}

conformanceTest(['QUERY-12'], 'listen({port, backlog}) sends that backlog in the queryServer', async ({ shared }) => {
  const run = backlogRun(shared, 'rr');
  await run.waitFor('listening', 3);
  for (const id of [1, 2, 3]) {
    expect(run.all('query', (f) => f.id === id).map((f) => (f.message as { backlog: unknown }).backlog)).toEqual([
      5 * id + 2,
    ]);
  }
});

conformanceTest(
  ['LISTEN-22'],
  'listen({path, exclusive: true}) binds in the worker: no queryServer, and a ' + 'second worker gets EADDRINUSE',
  async ({ start }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const socketPath = path.join(dir, 'exclusive.sock');
    const run = start('listen', { args: ['rr', 'pipe-exclusive', socketPath] });
    const [listening] = await run.waitFor('worker-listening');
    const [error] = await run.waitFor('worker-error');
    expect(listening!.address).toBe(socketPath);
    expect(error).toMatchObject({ code: 'EADDRINUSE' });
    expect(error!.id).not.toBe(listening!.id);
    expect(await readAnswer({ path: socketPath })).toBe(String(listening!.id));
    await shutdown(run);
    expect(run.all('query'), 'queryServer messages').toEqual([]);
    expect(run.all('listening'), "cluster 'listening' events").toEqual([]);
  },
  { needs: ['unix-socket'] },
);

conformanceTest(
  ['LISTEN-23'],
  "aborting a listen's signal after 'listening' closes the clustered server and " + 'gives its key back',
  async ({ start }) => {
    const run = start('listen', { args: ['rr', 'signal-after'] });
    // Each worker aborts in its listen callback.
    const listening = await run.waitFor('worker-listening', 2);
    await run.waitFor('server-close', 2);
    const closes = await run.waitFor('close-act', 2);
    for (const close of closes) expect(close.key).toBe('null:0:4:undefined:0');
    // Every worker gave its handle back: the primary has closed the port(s).
    const refused = async (port: number) =>
      readAnswer(port, 1000).then(
        () => false,
        (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
      );
    for (const fact of listening) {
      const port = (fact.address as net.AddressInfo).port;
      // The close acts were seen on their way in: give the primary a moment to act on them.
      await pWaitFor(() => refused(port), { interval: 50, timeout: 10_000 }).catch(() => undefined);
      expect(await refused(port), `port ${port} refused after every worker aborted`).toBe(true);
    }
    await shutdown(run);
  },
);

for (const variant of ['signal-before', 'signal-aborted'] as const) {
  conformanceTest(
    ['LISTEN-24'],
    `a listen whose signal is aborted ${variant === 'signal-before' ? 'before the reply' : 'already'} never listens, and its handle is given back`,
    async ({ shared }) => {
      const run = shared('listen', { args: ['rr', variant] });
      await run.waitFor('server-close', 2);
      const closes = await run.waitFor('close-act', 2);
      for (const close of closes) expect(close.key).toBe('null:0:4:undefined:0');
      expect(run.all('query')).toHaveLength(2);
      await shutdown(run);
      expect(run.all('worker-listening'), 'listen callbacks').toEqual([]);
      expect(run.all('listening'), "cluster 'listening' events").toEqual([]);
      expect(run.all('worker-error')).toEqual([]);
    },
  );
}

for (const variant of ['handle', 'handle-option', '_handle'] as const) {
  const form =
    variant === 'handle' ? 'listen(handle)' : variant === 'handle-option' ? 'listen({handle})' : 'listen({_handle})';
  conformanceTest(['LISTEN-25'], `${form} adopts the handle in the worker, without the primary`, async ({ shared }) => {
    const run = shared('listen', { args: ['rr', variant] });
    const listening = await run.waitFor('worker-listening', 2);
    for (const fact of listening) expect((fact.address as net.AddressInfo).port).toBe(fact.firstPort);
    expect(await readAnswer(listening[0]!.firstPort as number)).toBe('B');
    await shutdown(run);
    expect(run.all('query'), 'queryServer messages').toEqual([]);
    expect(run.all('listening'), "cluster 'listening' events").toEqual([]);
    expect(run.all('worker-error')).toEqual([]);
  });
}

conformanceTest(
  ['QUERY-13'],
  'listen({fd}) asks the primary with the fd, which the primary opens in its own ' + 'process',
  async ({ start }) => {
    // fd 1000 is open in neither process: the primary cannot listen on it.
    const run = start('listen', { args: ['rr', 'fd', 1000] });
    const errors = await run.waitFor('worker-error', 2);
    for (const error of errors)
      expect(error).toMatchObject({ code: 'EINVAL', syscall: 'bind', address: null, message: 'bind EINVAL' });
    await shutdown(run);
    const queries = run.all('query');
    expect(queries).toHaveLength(2);
    for (const query of queries)
      expect(query.message).toMatchObject({
        act: 'queryServer',
        address: null,
        port: null,
        addressType: null,
        fd: 1000,
      });
  },
);
