// Load: 50 workers forked and serving at once.
import { expect, test } from 'vitest';
import { expectCleanEnd } from '../harness/assertions.js';
import { collectAnswers } from '../harness/loopback.js';
import { startCase, stressTargets } from './cases.js';
import { recordFigures } from './figures.js';

const WORKERS = 50;

for (const target of stressTargets()) {
  test(`${target}: ${WORKERS} workers serve at once, each answering`, async () => {
    const run = await startCase(target, 'stress-serve', { args: [WORKERS] });
    const [ready] = await run.waitFor('ready');
    const ids = Array.from({ length: WORKERS }, (_, i) => String(i + 1));
    // Round-robin: every worker answers within the first rounds.
    const answers = await collectAnswers(ready!.port as number, ids, { maxConnections: WORKERS * 10, concurrency: 10 });
    const made = [...answers.values()].reduce((sum, n) => sum + n, 0);
    recordFigures(`many_workers/${target}`, {
      workers: WORKERS,
      connectionsSent: made,
      connectionsAnswered: made,
      workersAnswering: answers.size,
    });
    expect([...answers.keys()].sort()).toEqual([...ids].sort());
    run.send({ cmd: 'shutdown' });
    await expectCleanEnd(run);
  }, 90_000);
}
