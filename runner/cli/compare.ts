// `cluster-conformance compare <target A> <target B>`: the same runtime run directly
// and in a container must give the same results. Compares the last reports
// of both targets, test by test, wherever both ran the test.
import { existsSync, readFileSync } from 'node:fs';
import { type ConformanceReport, reportPath } from '../results/reporter.js';
import { kindOf } from '../targets/registry.js';

function load(target: string): ConformanceReport | undefined {
  const file = reportPath(target);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport) : undefined;
}

export function compareReports(
  a: ConformanceReport,
  b: ConformanceReport,
): { compared: number; differences: string[] } {
  const statusB = new Map(b.results.map((result) => [result.id, result.status]));
  const differences: string[] = [];
  let compared = 0;
  for (const result of a.results) {
    const other = statusB.get(result.id);
    if (other === undefined) differences.push(`${result.id}: only in ${a.run_info.target}`);
    else if (result.status !== 'skip' && other !== 'skip') {
      compared++;
      if (result.status !== other)
        differences.push(`${result.id}: ${result.status} on ${a.run_info.target}, ${other} on ${b.run_info.target}`);
    }
  }
  return { compared, differences };
}

/** Exit code: 0 the same, 1 a difference or a missing report, 2 a usage error. */
export function compareCommand(args: string[]): number {
  const [first, second] = args;
  if (!first || !second || args.length > 2) {
    process.stderr.write('cluster-conformance: usage: cluster-conformance compare <target A> <target B>\n');
    return 2;
  }
  const a = load(first);
  const b = load(second);
  if (!a || !b) {
    const missing = !a ? first : second;
    const tool = kindOf(missing)?.systemTool;
    if (tool !== undefined && process.env.CI !== 'true') {
      process.stdout.write(`NOTICE compare: no report for ${missing} (it needs ${tool}); nothing to compare\n`);
      return 0;
    }
    process.stderr.write(`cluster-conformance: compare: no report for ${missing}: run it first\n`);
    return 1;
  }
  const { compared, differences } = compareReports(a, b);
  for (const difference of differences) process.stdout.write(`DIFFERENT ${difference}\n`);
  process.stdout.write(
    `${compared - differences.length} passed, ${differences.length} failed: tests with the same status on ${first} and ${second}\n`,
  );
  return differences.length > 0 ? 1 : 0;
}
