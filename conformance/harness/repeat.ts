// `npm run repeat -- <n>`: runs the catalogue n times against the selected
// target and lists every test whose status was not the same in every run.
import { resolveTarget, TargetError } from './targets.js';
import { runCatalogue } from './run.js';
import type { Status } from './reporter.js';

async function main(): Promise<void> {
  const times = Number(process.argv[2] ?? 10);
  if (!Number.isInteger(times) || times < 2) {
    process.stderr.write('cluster-conformance repeat: give a number of runs, at least 2\n');
    process.exit(2);
  }
  let target;
  try {
    target = await resolveTarget();
  } catch (error) {
    process.stderr.write(`cluster-conformance: ${error instanceof TargetError ? error.message : (error as Error).message}\n`);
    process.exit(2);
  }
  const statuses = new Map<string, Status[]>();
  for (let run = 1; run <= times; run++) {
    const started = Date.now();
    const report = await runCatalogue(target, { reporters: ['dot'] });
    for (const result of report.results) statuses.set(result.id, [...(statuses.get(result.id) ?? []), result.status]);
    const s = report.summary;
    process.stdout.write(`run ${run}/${times}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  }
  const unstable = [...statuses].filter(([, list]) => list.length !== times || new Set(list).size > 1);
  if (unstable.length === 0) {
    process.stdout.write(`${target.name}: all ${statuses.size} tests had the same status in ${times} runs\n`);
    return;
  }
  process.stdout.write(`${target.name}: ${unstable.length} tests changed status between runs:\n`);
  for (const [id, list] of unstable) process.stdout.write(`  ${id}: ${list.join(' ')}\n`);
  process.exitCode = 1;
}

await main();
