// RR-*: round-robin hand-off (fixtures/rr-maxconn.js).
import { expect, onTestFinished } from 'vitest';
import { conformanceTest } from './harness/conformance_test.js';
import { expectCleanEnd } from './harness/assertions.js';
import { collectAnswers, HeldConnection, readAnswer } from './harness/loopback.js';

/** The answers to `count` connections made one after another. */
async function answersInTurn(port: number, count: number): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < count; i++) answers.push(await readAnswer(port));
  return answers;
}

conformanceTest(['RR-1'], 'a worker at maxConnections refuses, and another worker gets the connection', async ({ start }) => {
  const run = start('rr-maxconn');
  const [listening] = await run.waitFor('listening', 2);
  const port = listening!.port as number;

  // Connect until worker 1 holds one connection (it keeps its connections open).
  let held: HeldConnection | undefined;
  for (let attempt = 0; attempt < 50 && held === undefined; attempt++) {
    const connection = await HeldConnection.open(port);
    onTestFinished(() => connection.destroy());
    if (await connection.read() === '1') held = connection;
    else connection.destroy();
  }
  expect(held, 'worker 1 never got a connection').toBeDefined();

  expect(await answersInTurn(port, 20)).toEqual(Array(20).fill('2'));

  await held!.end();
  run.send({ cmd: 'shutdown' });
  await expectCleanEnd(run);
});

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
  const listening = await run.waitFor('worker-listening', 3);
  await run.waitFor('listening', 3);
  const answers = await answersInTurn(listening[0]!.port as number, 6);
  expect(new Set(answers), `answers in order: ${answers.join(' ')}`).toEqual(new Set(['1', '2', '3']));
  run.send({ cmd: 'shutdown' });
  await expectCleanEnd(run);
});
