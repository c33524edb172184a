// `cluster-conformance repeat <n>`: runs the catalogue n times against the
// target and lists every test whose status was not the same in every run.
// A test the target's expectations record as flaky is listed apart, and does
// not fail the repeat: that it changes is already known.

import { loadExpectations } from '../results/expectations.js';
import type { Status } from '../results/reporter.js';
import { runCatalogue } from '../run/catalogue.js';
import { type Target, TargetError } from '../targets/target.js';

/** `times` runs on `target`; exit code 0 when every test kept its status, or is recorded as flaky. */
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
  const entries = loadExpectations(target.name).entries;
  const known = unstable.filter(([id]) => entries[id]?.status === 'flaky');
  const unknown = unstable.filter(([id]) => entries[id]?.status !== 'flaky');
  if (unknown.length > 0) {
    process.stdout.write(`${target.name}: ${unknown.length} tests changed status between runs:\n`);
    for (const [id, list] of unknown) process.stdout.write(`  ${id}: ${list.join(' ')}\n`);
  }
  if (known.length > 0) {
    process.stdout.write(`${target.name}: ${known.length} tests recorded as flaky changed status, as expected:\n`);
    for (const [id, list] of known) process.stdout.write(`  ${id}: ${list.join(' ')}\n`);
  }
  if (unknown.length === 0) {
    process.stdout.write(
      `${target.name}: the other ${statuses.size - known.length} tests had the same status in ${times} runs\n`,
    );
  }
  return unknown.length > 0 ? 1 : 0;
}
