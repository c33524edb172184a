#!/usr/bin/env node
// cluster-conformance: run the catalogue against a target and judge the result
// against its expectations; run the matrix; list and explain requirements.
// Exit codes: 0 all as expected, 1 an unexpected result, 2 usage or setup error.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORTS, SUITE_VERSION } from '../../conformance/harness/paths.js';
import { requirement } from '../../spec/catalogue.js';
import { expectationsPath, loadExpectations, updateExpectations, writeExpectations } from '../results/expectations.js';
import { REPORT_SCHEMA } from '../results/report_schema.js';
import { writeViews } from '../results/report_views.js';
import { type ConformanceReport, reportPath } from '../results/reporter.js';
import { exitCodeOf, verdictOf } from '../results/verdict.js';
import { filterPattern } from '../run/filter.js';
import { kindOf, resolveTarget, TARGET_KINDS } from '../targets/registry.js';
import { DEFAULT_TARGET, type Target, TargetError } from '../targets/target.js';
import { explainRequirement, lastReports, listRequirements } from './catalogue_view.js';

/** --help: the commands, and the targets as the registry lists them. */
export function helpText(): string {
  const targets = TARGET_KINDS.map((kind) => `  ${kind.syntax.padEnd(31)} ${kind.summary}`).join('\n');
  return `cluster-conformance ${SUITE_VERSION}: the executable specification of the Node.js cluster contract

usage: cluster-conformance <command> [options]

commands:
  run [--target T] [options]  run the catalogue against one target (the default command)
  matrix [--page-only]        run every target that is available here, then one table and
                              reports/matrix.html; --page-only rebuilds the page from reports/
  merge [DIR...]              one table from the reports of several jobs (default ./reports)
  list [--json]               the requirements, with IDs, levels, Node ranges and capability tags
  explain ID                  a requirement's statement, source, Node range, the tests that
                              check it, and its status on each target in the last runs
  schema                      the JSON Schema of reports/conformance-<target>.json
  compare A B                 the last reports of targets A and B, test by test
  repeat [N] [--target T]     N runs (default 10); lists every test whose status changed
  faults [ID,...]             the self-test: each fault of the reference must be caught
  faults --whole ID           the whole catalogue against one fault: how many tests fail, how fast
  surface                     the members of the reference and node:cluster, side by side
  repro ID|TEST [--target T] [--out DIR]
                              one self-contained script (DIR/repro-<ID>.cjs, default ./repro) that
                              runs a test on the runtime that runs it: node, bun, deno run -A
  findings [--check]          writes FINDINGS.md from the expectations and the spec; --check
                              fails if it is out of date
  leftovers                   fails if a process of this checkout is still running
  --help | --version

targets (--target T, or CLUSTER_TARGET; all runs the matrix):
${targets}

run options:
  --target T             the target (default ${DEFAULT_TARGET}), or all
  --filter F             an area (PORT), a requirement ID (PORT-3), a comma-separated list of
                         them, or any other text as a test-name pattern; -t is the same
  --reporter R           the terminal view: progress (default), verbose or dot; or json, junit
                         or markdown to print that report on stdout (the summary goes to stderr);
                         reports/conformance-<target>.json, .xml and .md are always written
  --expectations DIR     known failures from DIR/<target>.json instead of the shipped ones
                         (CLUSTER_EXPECTATIONS)
  --update-expectations  rewrite the target's expectations file from this run
  --if-available         a target whose system tool is missing (a Docker engine) is skipped
                         with a NOTICE (not with CI=true)

environment:
  CLUSTER_TARGET          the target (default reference)
  CLUSTER_REPORTS_DIR     where reports go (default ./reports)
  CLUSTER_EXPECTATIONS    a folder of your own expectation files
  CI=true                 quiet progress; a target without its system tool is an error

exit codes: 0 every result as expected, 1 an unexpected result, 2 a usage or setup error
`;
}

// Every way out says how the run went; an event loop that simply runs dry
// (a promise nothing settles) must not look like a pass.
let settled = false;
function finish(code: number): never {
  settled = true;
  process.exit(code);
}

function fail(message: string): never {
  process.stderr.write(`cluster-conformance: ${message}\n`);
  finish(2);
}

const TERMINAL_REPORTERS = ['progress', 'verbose', 'dot'] as const;
const STDOUT_REPORTERS = ['json', 'junit', 'markdown'] as const;
type TerminalReporter = (typeof TERMINAL_REPORTERS)[number];
type StdoutReporter = (typeof STDOUT_REPORTERS)[number];

interface RunArgs {
  target?: string;
  filter?: string;
  terminal: TerminalReporter;
  stdout?: StdoutReporter;
  expectations?: string;
  update: boolean;
  /** A docker target with no engine is skipped with a notice (an error when CI=true). */
  ifAvailable: boolean;
}

function parseRunArgs(argv: string[]): RunArgs {
  const parsed: RunArgs = { terminal: 'progress', update: false, ifAvailable: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i]!.startsWith('--') && argv[i]!.includes('=')
        ? (argv[i]!.split(/=(.*)/s) as [string, string])
        : [argv[i]!, undefined];
    const value = () => inline ?? argv[++i] ?? fail(`${flag} needs a value (see --help)`);
    if (flag === '--target') parsed.target = value();
    else if (flag === '-t' || flag === '--filter') parsed.filter = value();
    else if (flag === '--reporter') {
      for (const name of value().split(',')) {
        if ((TERMINAL_REPORTERS as readonly string[]).includes(name)) parsed.terminal = name as TerminalReporter;
        else if ((STDOUT_REPORTERS as readonly string[]).includes(name)) parsed.stdout = name as StdoutReporter;
        else fail(`unknown reporter "${name}"; known: ${[...TERMINAL_REPORTERS, ...STDOUT_REPORTERS].join(', ')}`);
      }
    } else if (flag === '--expectations') parsed.expectations = value();
    else if (flag === '--update-expectations') parsed.update = true;
    else if (flag === '--if-available') parsed.ifAvailable = true;
    else fail(`unknown argument ${flag} (see --help)`);
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
  const expectedFailures = report.results.filter((r) => verdictOf(r) === 'expected-fail').length;
  if (expectedFailures > 0)
    lines.push(
      `expected failures (${path.relative(process.cwd(), expectationsPath(target.name))}): ${expectedFailures}`,
    );
  for (const u of report.unexpected) lines.push(`UNEXPECTED ${u.id}: ${u.advice}`);
  lines.push(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  lines.push(
    `${s.unexpected === 0 ? 'all results as expected' : `${s.unexpected} unexpected results`}; time: ${seconds}s; reports: ${path.relative(process.cwd(), reportPath(target.name)).replace(/\.json$/, '.{json,xml,md}')}`,
  );
  return `${lines.join('\n')}\n`;
}

async function run(argv: string[]): Promise<never> {
  const args = parseRunArgs(argv);
  if (args.expectations) process.env.CLUSTER_EXPECTATIONS = path.resolve(args.expectations);
  const name = args.target ?? process.env.CLUSTER_TARGET ?? DEFAULT_TARGET;
  if (name === 'all') {
    if (args.update || args.filter) fail('--update-expectations and --filter work on one target at a time');
    finish(await (await import('../matrix/run_matrix.js')).runMatrix());
  }
  // vitest and the target table load only for a run: --help and list stay quick.
  const { runCatalogue } = await import('../run/catalogue.js');
  const { default: ProgressReporter } = await import('../results/progress.js');
  let target: Target;
  let filter: string | undefined;
  try {
    filter = args.filter === undefined ? undefined : filterPattern(args.filter);
    target = await resolveTarget(name);
    loadExpectations(target.name);
  } catch (error) {
    const tool = kindOf(name)?.systemTool;
    if (args.ifAvailable && error instanceof TargetError && tool !== undefined && process.env.CI !== 'true') {
      process.stdout.write(
        `NOTICE cluster-conformance: skipped ${name}: ${error.message}. ` +
          `It runs once ${tool} is reachable; with CI=true a missing one is an error.\n`,
      );
      finish(0);
    }
    fail(error instanceof TargetError ? error.message : `target "${name}" is broken: ${(error as Error).message}`);
  }
  const started = Date.now();
  let report: ConformanceReport;
  try {
    const terminal = args.terminal === 'progress' ? new ProgressReporter(target.name) : args.terminal;
    report = await runCatalogue(target, { reporters: [terminal], ...(filter ? { filter } : {}) });
  } catch (error) {
    process.stderr.write(`cluster-conformance: ${(error as Error).message}\n`);
    finish(1);
  }
  const views = writeViews(report);
  const summary = describeRun(target, report, ((Date.now() - started) / 1000).toFixed(1));
  if (args.stdout) {
    process.stderr.write(summary);
    process.stdout.write(args.stdout === 'json' ? `${JSON.stringify(report, null, 2)}\n` : views[args.stdout]);
  } else {
    process.stdout.write(summary);
  }
  if (args.update) {
    const file = writeExpectations(
      updateExpectations(
        report.results,
        loadExpectations(target.name),
        `fails on ${target.runtime} ${target.runtimeVersion}`,
        filter === undefined,
      ),
    );
    process.stderr.write(`expectations rewritten from this run: ${path.relative(process.cwd(), file)}\n`);
    finish(0);
  }
  finish(exitCodeOf(report.summary.unexpected));
}

async function explain(argv: string[]): Promise<never> {
  const id = argv[0];
  if (!id || argv.length > 1) fail('usage: cluster-conformance explain <ID>, e.g. explain PORT-3');
  if (!requirement(id)) fail(`unknown requirement ${id} (see cluster-conformance list)`);
  const { listCatalogueTests } = await import('../run/catalogue.js');
  process.stdout.write(explainRequirement(id, await listCatalogueTests(), lastReports()));
  finish(0);
}

/** `--target T` (or CLUSTER_TARGET, or the default) out of `argv`; the rest is returned. */
function takeTarget(argv: string[]): { name: string; rest: string[] } {
  const rest: string[] = [];
  let name = process.env.CLUSTER_TARGET || DEFAULT_TARGET;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--target') name = argv[++i] ?? fail('--target needs a value (see --help)');
    else if (argv[i]!.startsWith('--target=')) name = argv[i]!.slice('--target='.length);
    else rest.push(argv[i]!);
  }
  return { name, rest };
}

async function targetNamed(name: string): Promise<Target> {
  try {
    return await resolveTarget(name);
  } catch (error) {
    fail(error instanceof TargetError ? error.message : `target "${name}" is broken: ${(error as Error).message}`);
  }
}

/** The commands besides `run`: each takes the rest of the command line and returns an exit code. */
const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  async matrix(args) {
    if (args.some((arg) => arg !== '--page-only')) fail('usage: cluster-conformance matrix [--page-only]');
    if (!args.includes('--page-only')) return (await import('../matrix/run_matrix.js')).runMatrix();
    const { writeMatrixPage } = await import('../matrix/page.js');
    const page = writeMatrixPage();
    process.stdout.write(
      `matrix page: ${path.relative(process.cwd(), page.path)} (${page.targets} targets, ${page.runs} runs in the history)\n`,
    );
    return 0;
  },
  async merge(args) {
    return (await import('../matrix/run_matrix.js')).mergeReports(args.length > 0 ? args : [REPORTS]);
  },
  async list(args) {
    if (args.some((arg) => arg !== '--json')) fail('usage: cluster-conformance list [--json]');
    process.stdout.write(listRequirements(args.includes('--json')));
    return 0;
  },
  explain,
  async schema(args) {
    if (args.length > 0) fail('usage: cluster-conformance schema');
    process.stdout.write(`${JSON.stringify(REPORT_SCHEMA, null, 2)}\n`);
    return 0;
  },
  async compare(args) {
    return (await import('./compare.js')).compareCommand(args);
  },
  async repeat(args) {
    const { name, rest } = takeTarget(args);
    if (rest.length > 1 || !/^\d+$/.test(rest[0] ?? '10')) fail('usage: cluster-conformance repeat [N] [--target T]');
    const { repeatCommand } = await import('../selftest/repeat.js');
    return repeatCommand(await targetNamed(name), Number(rest[0] ?? 10));
  },
  async faults(args) {
    const faults = await import('../selftest/faults.js');
    if (args[0] === '--whole' && args.length === 2) return faults.wholeCatalogueCommand(args[1]!);
    if (args.length > 1 || args[0]?.startsWith('-')) {
      fail('usage: cluster-conformance faults [id,id,...] | faults --whole id');
    }
    return faults.faultsCommand(args[0]);
  },
  async surface(args) {
    if (args.length > 0) fail('usage: cluster-conformance surface');
    return (await import('../selftest/surface.js')).surfaceCommand();
  },
  async repro(args) {
    return (await import('../repro/command.js')).reproCommand(args, fail);
  },
  async findings(args) {
    return (await import('../findings/findings.js')).findingsCommand(args, fail);
  },
  async leftovers(args) {
    if (args.length > 0) fail('usage: cluster-conformance leftovers');
    return (await import('../selftest/leftovers.js')).leftoversCommand();
  },
};

async function main(argv: string[]): Promise<never> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(helpText());
    finish(0);
  }
  if (first === '--version') {
    process.stdout.write(`${SUITE_VERSION}\n`);
    finish(0);
  }
  // No command, or options first: `run` (cluster-conformance --target node).
  if (first === undefined || first.startsWith('-')) return run(argv);
  if (first === 'run') return run(rest);
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (command === undefined)
    fail(`unknown command "${first}"; commands: run, ${Object.keys(COMMANDS).join(', ')} (see --help)`);
  finish(await command(rest));
}

// Run as a program (directly or through npm's bin link), not when imported.
const invoked = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invoked === realpathSync(fileURLToPath(import.meta.url))) {
  // Writes to a pipe are asynchronous in Node, and finish()'s process.exit() would cut a long output
  // off at the pipe's buffer (`list --json | jq`): make them synchronous, as they are to a file.
  for (const stream of [process.stdout, process.stderr]) {
    (stream as unknown as { _handle?: { setBlocking?(blocking: boolean): void } })._handle?.setBlocking?.(true);
  }
  process.on('exit', (code) => {
    if (!settled && code === 0) {
      process.stderr.write('cluster-conformance: the run ended without a verdict\n');
      process.exitCode = 1;
    }
  });
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`cluster-conformance: ${(error as Error).message ?? error}\n`);
    finish(2);
  });
}
