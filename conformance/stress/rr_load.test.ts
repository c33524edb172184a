// Load: 100,000 connections under SCHED_RR, every one answered.
import { expect, test } from 'vitest';
import { expectCleanEnd } from '../harness/assertions.js';
import { startCase, stressTargets } from './cases.js';
import { recordFigures } from './figures.js';
import { runLoad } from './load.js';

const CONNECTIONS = Number(process.env.STRESS_CONNECTIONS ?? 100_000);
const WORKERS = 4;

for (const target of stressTargets())
  test(`${target}: ${CONNECTIONS} connections under round-robin, none lost`, async () => {
    const run = await startCase(target, 'stress-serve', { args: [WORKERS] });
    const [ready] = await run.waitFor('ready');
    const load = await runLoad(ready!.port as number, { total: CONNECTIONS, concurrency: 64, deadlineMs: 100_000 });
    recordFigures(`rr_load/${target}`, {
      workers: WORKERS,
      connectionsSent: load.sent,
      connectionsAnswered: load.answered,
      lost: load.lost,
      seconds: load.ms / 1000,
    });
    expect(load.lostBy).toEqual({});
    expect(load.sent, 'every connection was made within the time bound').toBe(CONNECTIONS);
    expect(load.answered).toBe(CONNECTIONS);
    expect([...load.answers.keys()].sort()).toEqual(['1', '2', '3', '4']);
    run.send({ cmd: 'shutdown' });
    await expectCleanEnd(run);
  }, 150_000);
