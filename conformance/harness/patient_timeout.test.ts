// A wait's timeout counts the harness's own running time: an answer that came
// while the harness was held up is read, not timed out.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { expect, test } from 'vitest';
import { within } from './eco_clients.js';
import { readAnswer } from './loopback.js';
import { patientTimeout } from './patient_timeout.js';

/** A loopback server on its own thread (it runs while this one is held up); flag[0] is 1 once it has answered. */
async function answeringServer(): Promise<{ port: number; flag: Int32Array; stop: () => Promise<number> }> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const net = require('node:net');
     const { parentPort, workerData } = require('node:worker_threads');
     const server = net.createServer((socket) => socket.end('answer', () => {
       Atomics.store(workerData, 0, 1);
       Atomics.notify(workerData, 0);
     }));
     server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));`,
    { eval: true, workerData: flag },
  );
  const [port] = (await once(worker, 'message')) as [number];
  return { port, flag, stop: () => worker.terminate() };
}

/** Holds this thread up: until the server has answered, then `ms` more. */
function holdUp(flag: Int32Array, ms: number): void {
  Atomics.wait(flag, 0, 0, 5_000);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** What `wait` resolves with when this thread is held up, right after the wait starts, past its timeout. */
async function heldUpDuring(wait: (port: number) => Promise<string>): Promise<string> {
  const server = await answeringServer();
  try {
    const answer = wait(server.port);
    // Let the connect start (it is issued on the next tick), then hold up.
    await new Promise((resolve) => setImmediate(resolve));
    holdUp(server.flag, 600);
    return await answer;
  } finally {
    await server.stop();
  }
}

test('an answer that arrived while the harness was held up past the timeout is read', async () => {
  await expect(heldUpDuring((port) => readAnswer(port, 300))).resolves.toBe('answer');
});

test('within() reads a settlement that came while the harness was held up', async () => {
  await expect(heldUpDuring((port) => within(readAnswer(port, 5_000), 300, 'the answer'))).resolves.toBe('answer');
});

test('a patient timeout still expires when nothing comes, not before its time', async () => {
  const started = Date.now();
  await new Promise<void>((resolve) => patientTimeout(300, resolve));
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});

test('a cancelled patient timeout does not expire', async () => {
  let expired = false;
  const cancel = patientTimeout(100, () => {
    expired = true;
  });
  cancel();
  // A later timeout of the same length has expired by the time this one would have.
  await new Promise<void>((resolve) => patientTimeout(300, resolve));
  expect(expired).toBe(false);
});
