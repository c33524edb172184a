// Malformed internal messages: a worker sends thousands of random, malformed
// NODE_CLUSTER messages (wrong types, unknown acts, bogus ack/seq, huge
// fields). The primary never crashes, and the other workers keep serving.
import { expect, test } from 'vitest';
import { expectCleanEnd } from '../harness/assertions.js';
import { startCase } from './cases.js';
import { recordFigures } from './figures.js';
import { runLoad } from './load.js';

const MESSAGES = 5000;
const SEED = Number(process.env.STRESS_FUZZ_SEED ?? 20261125);

test(`reference: ${MESSAGES} malformed NODE_CLUSTER messages (seed ${SEED}); the primary survives and serves`, async () => {
  const run = await startCase('reference', 'stress-fuzz');
  const [ready] = await run.waitFor('ready');
  const port = ready!.port as number;
  run.send({ cmd: 'fuzz', count: MESSAGES, seed: SEED });
  // Connections while the fuzzer runs, and after.
  const during = await runLoad(port, { total: 2000, concurrency: 16, deadlineMs: 30_000 });
  const [fuzzed] = await run.waitFor('fuzzed');
  const after = await runLoad(port, { total: 200, concurrency: 8, deadlineMs: 10_000 });
  recordFigures('fuzz/reference', {
    seed: SEED,
    malformedMessagesSent: fuzzed!.sent as number,
    connectionsSent: during.sent + after.sent,
    connectionsAnswered: during.answered + after.answered,
  });
  expect(fuzzed!.sent).toBe(MESSAGES);
  expect(run.all('exit'), 'no worker died').toEqual([]);
  expect(during.lostBy).toEqual({});
  expect(after.lostBy).toEqual({});
  expect([...after.answers.keys()].sort()).toEqual(['2', '3']);
  run.send({ cmd: 'shutdown' });
  await expectCleanEnd(run);
}, 90_000);

// The fuzzer can fail: Node's own primary throws on a malformed queryServer
// (listen() rejects the values) and on act 'hasOwnProperty' or 'valueOf'
// (it calls methods[act] for inherited members too).
test(`node: the same messages crash Node's built-in primary`, async () => {
  const run = await startCase('node', 'stress-fuzz');
  await run.waitFor('ready');
  run.send({ cmd: 'fuzz', count: MESSAGES, seed: SEED });
  const exit = await run.exited;
  const error = /^\w*Error.*$/m.exec(run.output.join(''))?.[0] ?? '';
  recordFigures('fuzz/node', { seed: SEED, primaryExit: JSON.stringify(exit), error });
  expect(exit.code).toBe(1);
  expect(error).toMatch(/^TypeError/);
}, 60_000);
