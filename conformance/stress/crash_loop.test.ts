// Crash loops: a worker dies on start 50 times in a row. The primary's heap,
// active handles and listeners stay flat, and cluster.workers ends empty.
import { expect, test } from 'vitest';
import { expectCleanEnd } from '../harness/assertions.js';
import { startCase, stressTargets } from './cases.js';
import { recordFigures } from './figures.js';

const DEATHS = 50;
/** Heap growth allowed between the 10th and the last death, after a GC. */
const HEAP_SLACK_BYTES = 1024 * 1024;

interface Sample {
  deaths: number;
  heapUsed: number;
  handles: number;
  listeners: number;
  workers: number;
}

for (const target of stressTargets()) {
  test(`${target}: a worker that dies on start ${DEATHS} times leaves the primary flat`, async () => {
    const run = await startCase(target, 'stress-crashloop', { args: [DEATHS] });
    const done = await expectCleanEnd(run);
    const [early, last] = done.samples as Sample[];
    recordFigures(`crash_loop/${target}`, {
      faultsInjected: done.deaths as number,
      faultsSurvived: done.deaths as number,
      heapGrowthBytes: last!.heapUsed - early!.heapUsed,
      handles: `${early!.handles} -> ${last!.handles}`,
      listeners: `${early!.listeners} -> ${last!.listeners}`,
      workersLeft: done.workers as number,
    });
    expect(done.deaths).toBe(DEATHS);
    expect(run.all('unexpected-exit-code')).toEqual([]);
    expect(last!.handles, 'active handles').toBe(early!.handles);
    expect(last!.listeners, 'listeners on cluster and process').toBe(early!.listeners);
    expect(last!.heapUsed - early!.heapUsed, 'heap growth').toBeLessThan(HEAP_SLACK_BYTES);
    expect(last!.workers).toBe(0);
    expect(done.workers).toBe(0);
  }, 60_000);
}
