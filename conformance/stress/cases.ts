// Starts a case program under a named target for a stress test; it is
// killed, with its whole tree, when the test ends.
import { onTestFinished } from 'vitest';
import { resolveTarget } from '../../runner/targets/registry.js';
import { type CaseOptions, CaseRun } from '../harness/case_run.js';

export async function startCase(target: string, name: string, options: CaseOptions = {}): Promise<CaseRun> {
  const run = new CaseRun(await resolveTarget(target), name, options);
  onTestFinished(() => run.dispose());
  return run;
}

/** The targets the stress tests measure: the reference, plus any in STRESS_TARGETS (comma-separated, e.g. node). */
export function stressTargets(): string[] {
  const extra = (process.env.STRESS_TARGETS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return [...new Set(['reference', ...extra])];
}
