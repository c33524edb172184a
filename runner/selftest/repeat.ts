// `cluster-conformance repeat <n>`: runs the catalogue n times against the
// target and lists every test whose status was not the same in every run.

import type { Status } from '../results/reporter.js';
import { runCatalogue } from '../run/catalogue.js';
import { type Target, TargetError } from '../targets/target.js';

/** `times` runs on `target`; exit code 0 when every test kept its status. */
export async function repeatCommand(target: Target, times: number): Promise<number> {
  if (!Number.isInteger(times) || times < 2) throw new TargetError('repeat: give a number of runs, at least 2');
  const statuses = new Map<string, Status[]>();
  for (let run = 1; run <= times; run++) {
    const started = Date.now();
    const report = await runCatalogue(target, { reporters: ['dot'] });
    for (const result of report.results) statuses.set(result.id, [...(statuses.get(result.id) ?? []), result.status]);
    const s = report.summary;
    process.stdout.write(
      `run ${run}/${times}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
    );
  }
  const unstable = [...statuses].filter(([, list]) => list.length !== times || new Set(list).size > 1);
  if (unstable.length === 0) {
    process.stdout.write(`${target.name}: all ${statuses.size} tests had the same status in ${times} runs\n`);
    return 0;
  }
  process.stdout.write(`${target.name}: ${unstable.length} tests changed status between runs:\n`);
  for (const [id, list] of unstable) process.stdout.write(`  ${id}: ${list.join(' ')}\n`);
  return 1;
}
