// The launcher that starts a container's cases (fixtures/support/container-launcher.js),
// run here as a local process under this Node, speaking its protocol as container.ts does.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import pWaitFor from 'p-wait-for';
import { afterEach, expect, test } from 'vitest';
import { isRunning } from '../../conformance/harness/case_run.js';
import { FIXTURES } from '../../conformance/harness/paths.js';

const LAUNCHER = path.join(FIXTURES, 'support', 'container-launcher.js');

/** Prints to stdout and stderr, starts a lingering child of its group, echoes one stdin line, then exits 3. */
const CASE = `
process.stdout.write('out 1\\n');
process.stderr.write('err 1\\n');
var child = require('child_process').spawn(process.execPath, ['-e', 'setInterval(function () {}, 1000)']);
process.stdout.write(JSON.stringify({ grandchild: child.pid }) + '\\n');
process.stdin.once('data', function (line) {
  process.stdout.write('echo ' + line);
  if (String(line).trim() === 'exit') { child.kill(); process.exit(3); }
});
`;

interface Harness {
  launcher: ChildProcess;
  server: net.Server;
  control: net.Socket;
  /** The next case connection, its first line parsed and the rest of its output as it comes. */
  nextCase(): Promise<{ socket: net.Socket; hello: { case: number; pid: number }; output: () => string }>;
  /** Every event the launcher reported, in order. */
  events: { event: string; id: number; code?: number | null; signal?: string | null; error?: string }[];
}

const started: Harness[] = [];
afterEach(() => {
  for (const harness of started.splice(0)) harness.launcher.kill('SIGKILL');
});

async function startLauncher(): Promise<Harness> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const connections: net.Socket[] = [];
  const arrived: (() => void)[] = [];
  server.on('connection', (socket) => {
    connections.push(socket);
    arrived.shift()?.();
  });
  const next = async () => {
    if (connections.length === 0) await new Promise<void>((resolve) => arrived.push(resolve));
    return connections.shift()!;
  };
  const launcher = spawn(process.execPath, [LAUNCHER], {
    env: { ...process.env, CASE_LAUNCHER_PORT: String((server.address() as net.AddressInfo).port) },
    stdio: 'inherit',
  });
  launcher.once('exit', () => server.close());
  const control = await next();
  const events: Harness['events'] = [];
  let head = '';
  let greeted = false;
  control.setEncoding('utf8');
  control.on('data', (chunk: string) => {
    head += chunk;
    const lines = head.split('\n');
    head = lines.pop()!;
    for (const line of lines) {
      if (line === '{"launcher":1}') greeted = true;
      else events.push(JSON.parse(line));
    }
  });
  await pWaitFor(() => greeted, { timeout: 5000 });
  const harness: Harness = {
    launcher,
    server,
    control,
    events,
    async nextCase() {
      const socket = await next();
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
      });
      await pWaitFor(() => text.includes('\n'), { timeout: 5000 });
      const hello = JSON.parse(text.slice(0, text.indexOf('\n')));
      return { socket, hello, output: () => text.slice(text.indexOf('\n') + 1) };
    },
  };
  started.push(harness);
  return harness;
}

function startCase(harness: Harness, id: number) {
  harness.control.write(
    `${JSON.stringify({ cmd: 'start', id, command: [process.execPath], args: ['-e', CASE], env: { CASE_X: '1' }, cwd: FIXTURES })}\n`,
  );
}

test("a case's output comes on its own connection, after its pid; stdin reaches it; its end comes after its output", async () => {
  const harness = await startLauncher();
  startCase(harness, 7);
  const { socket, hello, output } = await harness.nextCase();
  expect(hello.case).toBe(7);
  expect(isRunning(hello.pid)).toBe(true);
  await pWaitFor(() => output().includes('grandchild'), { timeout: 5000 });
  socket.write('exit\n');
  await once(socket, 'end');
  expect(output()).toMatch(/^out 1\n(err 1\n)?.*grandchild.*\n(err 1\n)?echo exit\n$/s);
  expect(output()).toContain('err 1\n');
  await pWaitFor(() => harness.events.length === 1, { timeout: 5000 });
  expect(harness.events).toEqual([{ event: 'exit', id: 7, code: 3, signal: null }]);
});

test("a kill takes the case's whole process group", async () => {
  const harness = await startLauncher();
  startCase(harness, 1);
  const { hello, output } = await harness.nextCase();
  await pWaitFor(() => output().includes('grandchild'), { timeout: 5000 });
  const grandchild = JSON.parse(/\{"grandchild".*\}/.exec(output())![0]).grandchild as number;
  harness.control.write(`${JSON.stringify({ cmd: 'kill', id: 1 })}\n`);
  await pWaitFor(() => harness.events.length === 1, { timeout: 5000 });
  expect(harness.events[0]).toMatchObject({ id: 1, code: null, signal: 'SIGKILL' });
  await pWaitFor(() => !isRunning(hello.pid) && !isRunning(grandchild), { timeout: 5000 });
});

test('when the harness goes, the launcher kills its cases and exits', async () => {
  const harness = await startLauncher();
  startCase(harness, 1);
  const { hello, output } = await harness.nextCase();
  await pWaitFor(() => output().includes('grandchild'), { timeout: 5000 });
  const grandchild = JSON.parse(/\{"grandchild".*\}/.exec(output())![0]).grandchild as number;
  const exited = once(harness.launcher, 'exit');
  harness.control.destroy();
  expect(await exited).toEqual([0, null]);
  await pWaitFor(() => !isRunning(hello.pid) && !isRunning(grandchild), { timeout: 5000 });
});

test('a ping is answered with its id', async () => {
  const harness = await startLauncher();
  harness.control.write(`${JSON.stringify({ cmd: 'ping', id: 4 })}\n`);
  await pWaitFor(() => harness.events.length === 1, { timeout: 5000 });
  expect(harness.events).toEqual([{ event: 'pong', id: 4 }]);
});

test("a case whose connection cannot be opened is reported failed, with the connection's error", async () => {
  const harness = await startLauncher();
  harness.server.close(); // Takes no new connection; the control connection stays.
  startCase(harness, 2);
  await pWaitFor(() => harness.events.length === 1, { timeout: 5000 });
  expect(harness.events).toEqual([
    { event: 'failed', id: 2, error: expect.stringMatching(/^its connection: .*ECONNREFUSED/) },
  ]);
});
