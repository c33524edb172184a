#!/usr/bin/env node
// Runs the conformance catalogue against one target and prints a summary.
//   cluster-conformance [--target <name>] [-t <name filter>]
// Exit codes: 0 all passed, 1 a test failed, 2 usage or target error.
import path from 'node:path';
import { reportPath, type ConformanceReport } from './reporter.js';
import { runCatalogue } from './run.js';
import { resolveTarget, TargetError } from './targets.js';

function fail(message: string): never {
  process.stderr.write(`cluster-conformance: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { target?: string; filter?: string } {
  const parsed: { target?: string; filter?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--target') parsed.target = value();
    else if (arg?.startsWith('--target=')) parsed.target = arg.slice('--target='.length);
    else if (arg === '-t' || arg === '--filter') parsed.filter = value();
    else fail(`unknown argument ${arg}; usage: cluster-conformance [--target <name>] [-t <filter>]`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const name = args.target ?? process.env.CLUSTER_TARGET ?? 'reference';
  let target;
  try {
    target = await resolveTarget(name);
  } catch (error) {
    fail(error instanceof TargetError ? error.message : `target "${name}" is broken: ${(error as Error).message}`);
  }
  const started = Date.now();
  let result: ConformanceReport;
  try {
    result = await runCatalogue(target, args.filter ? { filter: args.filter } : {});
  } catch (error) {
    process.stderr.write(`cluster-conformance: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const s = result.summary;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write([
    '',
    `cluster-conformance ${target.name} (${target.runtime} ${target.runtimeVersion}, claims Node ${target.claimsNodeVersion})`,
    `requirements: ${s.requirements_passed} passed, ${s.requirements_failed} failed, ${s.requirements_skipped} not run, of ${s.requirements_total}`,
    `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`,
    `time: ${seconds}s; report: ${path.relative(process.cwd(), reportPath(target.name))}`,
    '',
  ].join('\n'));
  process.exit(s.failed > 0 || process.exitCode ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`cluster-conformance: ${(error as Error).message ?? error}\n`);
  process.exit(2);
});
