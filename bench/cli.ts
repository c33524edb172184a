// npm run bench [-- --quick] [--duration <s>] [--rounds <n>] [--only <id,id>] [--suite] [--out <file>]
// Throughput, fork latency and fairness of every implementation, as ratios
// against Node's built-in cluster; see bench/README.md.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { killLiveCases } from '../conformance/harness/case_run.js';
import { REPORTS } from '../conformance/harness/paths.js';
import { runBench, UsageError } from './run.js';
import { formatTable } from './table.js';
import { MissingLoadGenerator } from './wrk.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    only: { type: 'string' },
    suite: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(REPORTS, 'bench.json') },
  },
});

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`cluster-conformance bench: --${name} must be a positive integer\n`);
    process.exit(2);
  }
  return n;
}

process.on('exit', killLiveCases);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killLiveCases();
    process.exit(130);
  });
}

try {
  const report = await runBench({
    quick: values.quick!,
    durationSeconds: positive('duration', values.duration),
    rounds: positive('rounds', values.rounds),
    ...(values.only ? { only: values.only.split(',') } : {}),
    runSuite: values.suite!,
    out: path.resolve(values.out!),
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    `${formatTable(report)}\n\nreport: ${path.relative(process.cwd(), path.resolve(values.out!))}\n`,
  );
} catch (error) {
  if (error instanceof MissingLoadGenerator || error instanceof UsageError) {
    process.stderr.write(`cluster-conformance bench: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
