// RR-*: round-robin hand-off (fixtures/rr-maxconn.js).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pWaitFor from 'p-wait-for';
import { expect } from 'vitest';
import { expectCleanEnd } from './harness/assertions.js';
import { type CaseContext, conformanceTest, onTestFinished } from './harness/conformance_test.js';
import { collectAnswers, HeldConnection, readAnswer } from './harness/loopback.js';
import { patientTimeout } from './harness/patient_timeout.js';

/** The answers to `count` connections made one after another. */
async function answersInTurn(port: number, count: number): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < count; i++) answers.push(await readAnswer(port));
  return answers;
}

/** Connects until worker 1 holds one connection (it keeps its connections open); closed when the test ends. */
async function holdOneOfWorkerOne(port: number): Promise<HeldConnection> {
  let held: HeldConnection | undefined;
  for (let attempt = 0; attempt < 50 && held === undefined; attempt++) {
    const connection = await HeldConnection.open(port);
    onTestFinished(() => connection.destroy());
    if ((await connection.read()) === '1') held = connection;
    else connection.destroy();
  }
  expect(held, 'worker 1 never got a connection').toBeDefined();
  return held!;
}

conformanceTest(
  ['RR-1'],
  'a worker at maxConnections refuses, and another worker gets the connection',
  async ({ start }) => {
    const run = start('rr-maxconn');
    const [listening] = await run.waitFor('listening', 2);
    const port = listening!.port as number;

    const held = await holdOneOfWorkerOne(port);

    expect(await answersInTurn(port, 20)).toEqual(Array(20).fill('2'));

    await held.end();
    run.send({ cmd: 'shutdown' });
    await expectCleanEnd(run);
  },
);

conformanceTest(['RR-2'], 'maxConnections = 0 refuses every connection', async ({ start }) => {
  const run = start('rr-maxconn', { args: ['zero'] });
  const [listening] = await run.waitFor('listening', 2);
  expect(await answersInTurn(listening!.port as number, 20)).toEqual(Array(20).fill('2'));
  run.send({ cmd: 'shutdown' });
  await expectCleanEnd(run);
});

conformanceTest(['RR-3'], 'maxConnections = 0 means no limit', async ({ start }) => {
  const run = start('rr-maxconn', { args: ['zero'] });
  const [listening] = await run.waitFor('listening', 2);
  const answers = await collectAnswers(listening!.port as number, ['1', '2']);
  expect([...answers.keys()].sort(), JSON.stringify([...answers])).toEqual(['1', '2']);
  run.send({ cmd: 'shutdown' });
  await expectCleanEnd(run);
});

conformanceTest(['RR-4'], 'after a worker closes its server, the others get every connection', async ({ start }) => {
  const run = start('rr-maxconn', { args: ['closed'] });
  // Worker 1 closes inside its listen callback, so only worker 2 reports 'listening'.
  const [listening] = await run.waitFor('listening', 1, (fact) => fact.id === 2);
  await run.waitFor('worker-closed');
  expect(await answersInTurn(listening!.port as number, 10)).toEqual(Array(10).fill('2'));
  run.send({ cmd: 'shutdown' });
  await expectCleanEnd(run);
});

conformanceTest(['RR-5'], 'sequential connections reach every worker within two rounds', async ({ start }) => {
  const run = start('shared-port', { args: ['rr', 3] });
  // Under SCHED_RR: without it the kernel spreads the connections, which can pass by chance.
  const [policy] = await run.waitFor('policy');
  expect(typeof policy!.rr, 'the type of cluster.SCHED_RR').toBe('number');
  expect(policy!.policy, 'the schedulingPolicy in effect').toBe(policy!.rr);
  const listening = await run.waitFor('worker-listening', 3);
  await run.waitFor('listening', 3);
  const answers = await answersInTurn(listening[0]!.port as number, 6);
  expect(new Set(answers), `answers in order: ${answers.join(' ')}`).toEqual(new Set(['1', '2', '3']));
  run.send({ cmd: 'shutdown' });
  await expectCleanEnd(run);
});

conformanceTest(
  ['RR-6'],
  'connections queued for a killed worker go to a live worker',
  async ({ start }) => {
    const run = start('rr-kill');
    const [ready] = await run.waitFor('ready');
    const port = ready!.port as number;
    const killedPid = run.all('listening', (fact) => fact.id === 1)[0]!.workerPid as number;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rr-kill-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const release = path.join(dir, 'release');
    run.send({ cmd: 'block', release });
    await run.waitFor('blocking', 2);

    // One connection goes to each blocked worker; the other four queue in the primary.
    const connections = await Promise.all(Array.from({ length: 6 }, () => HeldConnection.open(port)));
    onTestFinished(() => {
      for (const connection of connections) connection.destroy();
    });
    const answers: string[] = [];
    for (const connection of connections)
      connection.read().then(
        (answer) => answers.push(answer),
        () => {},
      );
    const newconns = await run.waitFor(
      'wire',
      2,
      (fact) => fact.from === 'primary' && (fact.message as { act?: string }).act === 'newconn',
    );
    expect(newconns.map((fact) => fact.id).sort()).toEqual([1, 2]);

    process.kill(killedPid, 'SIGKILL');
    await run.waitFor('exit', 1, (fact) => fact.id === 1);
    writeFileSync(release, '');
    await pWaitFor(() => answers.length >= 5, { interval: 10, timeout: 10_000 }).catch(() =>
      expect(answers, 'answers from the live worker').toHaveLength(5),
    );
    expect(answers.slice(0, 5)).toEqual(Array(5).fill('2'));
    run.send({ cmd: 'shutdown' });
    await expectCleanEnd(run);
  },
  { needs: ['host-pids'] },
);

/** One connection: what the server wrote before closing ('' for a dropped one), and the client's own port. */
function answerWithPort(port: number): Promise<{ answer: string; localPort: number }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let answer = '';
    let localPort = 0;
    socket.setEncoding('utf8');
    const cancel = patientTimeout(5000, () => socket.destroy(new Error(`no answer on port ${port}`)));
    socket.once('close', cancel);
    socket.once('connect', () => {
      localPort = socket.localPort!;
    });
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // A dropped connection may be reset rather than ended.
      if (error.code === 'ECONNRESET' && localPort) resolve({ answer, localPort });
      else reject(error);
    });
    socket.once('end', () => {
      socket.end();
      resolve({ answer, localPort });
    });
  });
}

/** Starts rr-maxconn 'drop', makes worker 1 hold its one allowed connection, then makes `count` more in turn. */
async function dropRun(start: CaseContext['start'], count: number) {
  const run = start('rr-maxconn', { args: ['drop'] });
  const [listening] = await run.waitFor('listening', 2);
  const port = listening!.port as number;
  const held = await holdOneOfWorkerOne(port);
  const results: { answer: string; localPort: number }[] = [];
  for (let i = 0; i < count; i++) results.push(await answerWithPort(port));
  return { run, port, held, results };
}

conformanceTest(
  ['RR-7'],
  'with dropMaxConnection a worker at maxConnections accepts the hand-off and ' + 'drops the connection',
  async ({ start }) => {
    const { run, held, results } = await dropRun(start, 20);
    const dropped = results.filter((result) => result.answer === '');
    expect(
      results.map((result) => result.answer).filter((answer) => answer !== '2' && answer !== ''),
      'answers other than 2 or none',
    ).toEqual([]);
    expect(dropped.length, `answers in order: ${results.map((r) => r.answer || '-').join(' ')}`).toBeGreaterThan(0);
    await run.waitFor('drop', dropped.length);
    // Worker 1 never refuses: each newconn it gets is acked with accepted: true.
    const acks = run.all(
      'wire',
      (f) =>
        f.from === 'worker' &&
        f.id === 1 &&
        typeof (f.message as { ack?: unknown }).ack === 'number' &&
        'accepted' in (f.message as object),
    );
    expect(acks.length).toBeGreaterThanOrEqual(1 + dropped.length);
    for (const ack of acks) expect(ack.message).toMatchObject({ accepted: true });
    await held.end();
    run.send({ cmd: 'shutdown' });
    await expectCleanEnd(run);
    expect(run.all('drop')).toHaveLength(dropped.length);
  },
);

conformanceTest(
  ['RR-8'],
  "the 'drop' event gets the dropped connection's local and remote address, port " + 'and family',
  async ({ start }) => {
    const { run, port, held, results } = await dropRun(start, 20);
    const dropped = results.filter((result) => result.answer === '');
    expect(dropped.length, 'no connection was dropped').toBeGreaterThan(0);
    const drops = await run.waitFor('drop', dropped.length);
    for (const drop of drops) {
      const keys = Array.isArray(drop.keys) ? [...(drop.keys as string[])].sort() : drop.keys;
      expect(keys, "the keys of the 'drop' event's data").toEqual([
        'localAddress',
        'localFamily',
        'localPort',
        'remoteAddress',
        'remoteFamily',
        'remotePort',
      ]);
      expect(drop.data).toMatchObject({
        localPort: port,
        localAddress: expect.stringMatching(/127\.0\.0\.1$/),
        remoteAddress: expect.stringMatching(/127\.0\.0\.1$/),
      });
      expect(['IPv4', 'IPv6']).toContain((drop.data as { localFamily: string }).localFamily);
    }
    expect(drops.map((drop) => (drop.data as { remotePort: number }).remotePort).sort()).toEqual(
      dropped.map((result) => result.localPort).sort(),
    );
    await held.end();
    run.send({ cmd: 'shutdown' });
    await expectCleanEnd(run);
  },
);
