#!/usr/bin/env node
// Runs the conformance catalogue against a target and judges the result
// against expectations/<target>.json.
//   cluster-conformance [--target <name>|all] [-t <filter>] [--update-expectations]
// Exit codes: 0 all as expected, 1 an unexpected result, 2 usage or target error.
import path from 'node:path';
import { loadExpectations, updateExpectations, writeExpectations } from './expectations.js';
import { runMatrix } from './matrix.js';
import { reportPath, type ConformanceReport } from './reporter.js';
import { runCatalogue } from './run.js';
import { resolveTarget, TargetError, type Target } from './targets.js';

const USAGE = 'usage: cluster-conformance [--target <name>|all] [-t <filter>] [--update-expectations] [--if-available]';

// Every way out says how the run went; an event loop that simply runs dry
// (a promise nothing settles) must not look like a pass.
let settled = false;
function finish(code: number): never {
  settled = true;
  process.exit(code);
}
process.on('exit', (code) => {
  if (!settled && code === 0) {
    process.stderr.write('cluster-conformance: the run ended without a verdict\n');
    process.exitCode = 1;
  }
});

function fail(message: string): never {
  process.stderr.write(`cluster-conformance: ${message}\n`);
  finish(2);
}

interface Args {
  target?: string;
  filter?: string;
  update: boolean;
  /** A docker target with no engine is skipped with a notice (an error when CI=true). */
  ifAvailable: boolean;
}

function parseArgs(argv: string[]): Args {
  const parsed: Args = { update: false, ifAvailable: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value; ${USAGE}`);
    if (arg === '--target') parsed.target = value();
    else if (arg?.startsWith('--target=')) parsed.target = arg.slice('--target='.length);
    else if (arg === '-t' || arg === '--filter') parsed.filter = value();
    else if (arg === '--update-expectations') parsed.update = true;
    else if (arg === '--if-available') parsed.ifAvailable = true;
    else fail(`unknown argument ${arg}; ${USAGE}`);
  }
  return parsed;
}

/** The closing lines of a run: counts, what was unexpected and what to change. */
export function describeRun(target: Target, report: ConformanceReport, seconds: string): string {
  const s = report.summary;
  const lines = [
    '',
    `cluster-conformance ${target.name} (${target.runtime} ${target.runtimeVersion}, claims Node ${target.claimsNodeVersion})`,
    `requirements: ${s.requirements_passed} passed, ${s.requirements_failed} failed, ${s.requirements_skipped} not run, of ${s.requirements_total}`,
  ];
  const expectedFailures = report.results.filter((r) => r.status === 'fail' && r.expected === 'fail').length;
  if (expectedFailures > 0) lines.push(`expected failures (expectations/${target.name}.json): ${expectedFailures}`);
  for (const u of report.unexpected) lines.push(`UNEXPECTED ${u.id}: ${u.advice}`);
  lines.push(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  lines.push(`${s.unexpected === 0 ? 'all results as expected' : `${s.unexpected} unexpected results`}; time: ${seconds}s; report: ${path.relative(process.cwd(), reportPath(target.name))}`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const name = args.target ?? process.env.CLUSTER_TARGET ?? 'reference';
  if (name === 'all') {
    if (args.update || args.filter) fail('--update-expectations and -t work on one target at a time');
    finish(await runMatrix());
  }
  let target: Target;
  try {
    target = await resolveTarget(name);
    loadExpectations(target.name);
  } catch (error) {
    if (args.ifAvailable && error instanceof TargetError && name.startsWith('docker:') && process.env.CI !== 'true') {
      process.stdout.write(`NOTICE cluster-conformance: skipped ${name}: ${error.message}. `
        + 'The docker targets run once a Docker engine is reachable; with CI=true a missing engine is an error.\n');
      finish(0);
    }
    fail(error instanceof TargetError ? error.message : `target "${name}" is broken: ${(error as Error).message}`);
  }
  const started = Date.now();
  let report: ConformanceReport;
  try {
    report = await runCatalogue(target, args.filter ? { filter: args.filter } : {});
  } catch (error) {
    process.stderr.write(`cluster-conformance: ${(error as Error).message}\n`);
    finish(1);
  }
  process.stdout.write(describeRun(target, report, ((Date.now() - started) / 1000).toFixed(1)));
  if (args.update) {
    const file = writeExpectations(updateExpectations(report.results, loadExpectations(target.name),
      `fails on ${target.runtime} ${target.runtimeVersion}`));
    process.stdout.write(`expectations rewritten from this run: ${path.relative(process.cwd(), file)}\n`);
    finish(0);
  }
  finish(report.summary.unexpected > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`cluster-conformance: ${(error as Error).message ?? error}\n`);
  finish(2);
});
