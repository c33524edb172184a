// `npm run compare -- <target A> <target B>`: the same runtime run directly
// and in a container must give the same results. Compares the last reports
// of both targets, test by test, wherever both ran the test.
import { existsSync, readFileSync } from 'node:fs';
import { reportPath, type ConformanceReport } from './reporter.js';

function load(target: string): ConformanceReport | undefined {
  const file = reportPath(target);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport : undefined;
}

export function compareReports(a: ConformanceReport, b: ConformanceReport): { compared: number; differences: string[] } {
  const statusB = new Map(b.results.map((result) => [result.id, result.status]));
  const differences: string[] = [];
  let compared = 0;
  for (const result of a.results) {
    const other = statusB.get(result.id);
    if (other === undefined) differences.push(`${result.id}: only in ${a.run_info.target}`);
    else if (result.status !== 'skip' && other !== 'skip') {
      compared++;
      if (result.status !== other) differences.push(`${result.id}: ${result.status} on ${a.run_info.target}, ${other} on ${b.run_info.target}`);
    }
  }
  return { compared, differences };
}

function main(): void {
  const [first, second] = process.argv.slice(2);
  if (!first || !second) {
    process.stderr.write('usage: compare <target A> <target B>\n');
    process.exit(2);
  }
  const a = load(first);
  const b = load(second);
  if (!a || !b) {
    const missing = !a ? first : second;
    if (missing.startsWith('docker:') && process.env.CI !== 'true') {
      process.stdout.write(`NOTICE compare: no report for ${missing} (no Docker engine); nothing to compare\n`);
      return;
    }
    process.stderr.write(`compare: no report for ${missing}: run it first\n`);
    process.exit(1);
  }
  const { compared, differences } = compareReports(a, b);
  for (const difference of differences) process.stdout.write(`DIFFERENT ${difference}\n`);
  process.stdout.write(`${compared - differences.length} passed, ${differences.length} failed: tests with the same status on ${first} and ${second}\n`);
  process.exitCode = differences.length > 0 ? 1 : 0;
}

main();
