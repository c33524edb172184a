// Primary death by SIGKILL, by an uncaught exception and by process.exit():
// every worker exits within 2 s, and none is left behind (LIFE-7, LIFE-8, LIFE-14).

import pWaitFor from 'p-wait-for';
import { expect, test } from 'vitest';
import { isRunning } from '../harness/case_run.js';
import { startCase, stressTargets } from './cases.js';
import { recordFigures } from './figures.js';

const WORKERS = 4;
const ROUNDS = 3;
const BOUND_MS = 2000;
const HOW = ['SIGKILL', 'uncaught exception', 'process.exit()'] as const;

for (const target of stressTargets()) {
  test(`${target}: workers exit within 2 s of the primary's death, ${ROUNDS} times each way`, async () => {
    const slowest: Record<string, number> = {};
    let survived = 0;
    for (const how of HOW) {
      for (let round = 0; round < ROUNDS; round++) {
        const run = await startCase(target, 'primary-death', { args: [WORKERS] });
        const [ready] = await run.waitFor('ready');
        const workerPids = run.all('listening').map((fact) => fact.workerPid as number);
        expect(workerPids).toHaveLength(WORKERS);
        const killedAt = Date.now();
        if (how === 'SIGKILL') process.kill(ready!.pid, 'SIGKILL');
        else run.send({ cmd: how === 'process.exit()' ? 'exit' : 'throw' });
        await pWaitFor(() => workerPids.every((pid) => !isRunning(pid)), { interval: 5, timeout: BOUND_MS }).catch(() =>
          expect(
            workerPids.filter(isRunning),
            `workers still running ${BOUND_MS} ms after the primary's death by ${how}`,
          ).toEqual([]),
        );
        slowest[how] = Math.max(slowest[how] ?? 0, Date.now() - killedAt);
        const exit = await run.exited;
        if (how === 'uncaught exception') expect(exit.code).toBe(1);
        survived++;
      }
    }
    recordFigures(`primary_death/${target}`, {
      faultsInjected: HOW.length * ROUNDS,
      faultsSurvived: survived,
      workersPerRound: WORKERS,
      slowestExitMs: JSON.stringify(slowest),
    });
  }, 60_000);
}
