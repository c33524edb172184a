#!/usr/bin/env node
// cluster-conformance: run the catalogue against a target and judge the result
// against its expectations; run the matrix; list and explain requirements.
// Exit codes: 0 all as expected, 1 an unexpected result, 2 usage or setup error.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requirement, areas } from '../../spec/catalogue.js';
import { explainRequirement, lastReports, listRequirements } from './catalogue_view.js';
import { expectationsPath, loadExpectations, updateExpectations, writeExpectations } from './expectations.js';
import { REPORTS, SUITE_VERSION } from './paths.js';
import { reportPath, type ConformanceReport } from './reporter.js';
import { REPORT_SCHEMA } from './report_schema.js';
import { toJUnit, toMarkdown } from './report_views.js';
import { DEFAULT_TARGET, TargetError, type Target } from './target.js';
import { exitCodeOf, verdictOf } from './verdict.js';

export const HELP = `cluster-conformance ${SUITE_VERSION}: the executable specification of the Node.js cluster contract

usage:
  cluster-conformance run [--target T] [--filter F] [--reporter R] [options]
  cluster-conformance matrix [--page-only]
  cluster-conformance list [--json]
  cluster-conformance explain <ID>
  cluster-conformance schema
  cluster-conformance --help | --version

commands:
  run          run the catalogue against one target (the default command)
  matrix       run every target that is available here, then one table and reports/matrix.html;
               --page-only rebuilds the page from the reports already in reports/
  list         the requirements, with IDs, levels, Node ranges and capability tags
  explain ID   a requirement's statement, source, Node range, the tests that check it,
               and its status on each target in the last runs (reports/)
  schema       the JSON Schema of reports/conformance-<target>.json

run options:
  --target T             reference (default), reference-interop, node, node@<major>, bun[@<v>],
                         deno[@<v>], docker:<runtime or image>, ./path/to/adapter.mjs, or all;
                         CLUSTER_TARGET says the same
  --filter F             an area (PORT), a requirement ID (PORT-3), a comma-separated list of
                         them, or any other text as a test-name pattern; -t is the same
  --reporter R           the terminal view: progress (default), verbose or dot; or json, junit
                         or markdown to print that report on stdout (the summary goes to stderr);
                         reports/conformance-<target>.json, .xml and .md are always written
  --expectations DIR     known failures from DIR/<target>.json instead of the shipped ones
                         (CLUSTER_EXPECTATIONS)
  --update-expectations  rewrite the target's expectations file from this run
  --if-available         a docker target with no engine is skipped with a notice (not with CI=true)

environment:
  CLUSTER_TARGET          the target (default reference)
  CLUSTER_REPORTS_DIR     where reports go (default ./reports)
  CLUSTER_EXPECTATIONS    a folder of your own expectation files
  CI=true                 quiet progress; a docker target without an engine is an error

exit codes: 0 every result as expected, 1 an unexpected result, 2 a usage or setup error
`;

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
type TerminalReporter = typeof TERMINAL_REPORTERS[number];
type StdoutReporter = typeof STDOUT_REPORTERS[number];

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
    const [flag, inline] = argv[i]!.startsWith('--') && argv[i]!.includes('=') ? argv[i]!.split(/=(.*)/s) as [string, string] : [argv[i]!, undefined];
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

/**
 * --filter: areas and IDs select the tests that cite them (PORT-3 is not
 * PORT-30); anything else is a test-name pattern, as vitest's -t.
 */
export function filterPattern(filter: string): string {
  const parts = filter.split(',').map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0 || !parts.every((part) => /^[A-Z]+(-\d+)?$/.test(part))) return filter;
  const unknown = parts.filter((part) => (part.includes('-') ? requirement(part) === undefined : !areas.some((a) => a.id === part)));
  if (unknown.length > 0) throw new TargetError(`--filter names no area or requirement: ${unknown.join(', ')} (see cluster-conformance list)`);
  const alternatives = parts.map((part) => (part.includes('-') ? part : `${part}-\\d+`));
  // A test's name starts with the IDs it checks: `PORT-1 PORT-3: title`.
  return `^(?:[A-Z]+-\\d+ )*(?:${alternatives.join('|')})[ :]`;
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
  if (expectedFailures > 0) lines.push(`expected failures (${path.relative(process.cwd(), expectationsPath(target.name))}): ${expectedFailures}`);
  for (const u of report.unexpected) lines.push(`UNEXPECTED ${u.id}: ${u.advice}`);
  lines.push(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  lines.push(`${s.unexpected === 0 ? 'all results as expected' : `${s.unexpected} unexpected results`}; time: ${seconds}s; reports: ${path.relative(process.cwd(), reportPath(target.name)).replace(/\.json$/, '.{json,xml,md}')}`);
  return `${lines.join('\n')}\n`;
}

/** The JUnit and Markdown views beside the JSON report. */
function writeViews(report: ConformanceReport): { junit: string; markdown: string } {
  const json = reportPath(report.run_info.target);
  const views = { junit: toJUnit(report), markdown: toMarkdown(report) };
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(json.replace(/\.json$/, '.xml'), views.junit);
  writeFileSync(json.replace(/\.json$/, '.md'), views.markdown);
  return views;
}

async function run(argv: string[]): Promise<never> {
  const args = parseRunArgs(argv);
  if (args.expectations) process.env.CLUSTER_EXPECTATIONS = path.resolve(args.expectations);
  const name = args.target ?? process.env.CLUSTER_TARGET ?? DEFAULT_TARGET;
  if (name === 'all') {
    if (args.update || args.filter) fail('--update-expectations and --filter work on one target at a time');
    finish(await (await import('./matrix.js')).runMatrix());
  }
  // vitest and the target table load only for a run: --help and list stay quick.
  const { resolveTarget } = await import('./targets.js');
  const { runCatalogue } = await import('./run.js');
  const { default: ProgressReporter } = await import('./progress.js');
  let target: Target;
  let filter: string | undefined;
  try {
    filter = args.filter === undefined ? undefined : filterPattern(args.filter);
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
    const file = writeExpectations(updateExpectations(report.results, loadExpectations(target.name),
      `fails on ${target.runtime} ${target.runtimeVersion}`, filter === undefined));
    process.stderr.write(`expectations rewritten from this run: ${path.relative(process.cwd(), file)}\n`);
    finish(0);
  }
  finish(exitCodeOf(report.summary.unexpected));
}

async function explain(argv: string[]): Promise<never> {
  const id = argv[0];
  if (!id || argv.length > 1) fail('usage: cluster-conformance explain <ID>, e.g. explain PORT-3');
  if (!requirement(id)) fail(`unknown requirement ${id} (see cluster-conformance list)`);
  const { listCatalogueTests } = await import('./run.js');
  process.stdout.write(explainRequirement(id, await listCatalogueTests(), lastReports()));
  finish(0);
}

async function main(argv: string[]): Promise<never> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(HELP);
    finish(0);
  }
  if (first === '--version') {
    process.stdout.write(`${SUITE_VERSION}\n`);
    finish(0);
  }
  // No command, or options first: `run` (cluster-conformance --target node).
  if (first === undefined || first.startsWith('-')) return run(argv);
  if (first === 'run') return run(rest);
  if (first === 'matrix') {
    if (rest.some((arg) => arg !== '--page-only')) fail('usage: cluster-conformance matrix [--page-only]');
    if (rest.includes('--page-only')) {
      const { writeMatrixPage } = await import('./matrix_page.js');
      const page = writeMatrixPage();
      process.stdout.write(`matrix page: ${path.relative(process.cwd(), page.path)} (${page.targets} targets, ${page.runs} runs in the history)\n`);
      finish(0);
    }
    finish(await (await import('./matrix.js')).runMatrix());
  }
  if (first === 'list') {
    if (rest.some((arg) => arg !== '--json')) fail('usage: cluster-conformance list [--json]');
    process.stdout.write(listRequirements(rest.includes('--json')));
    finish(0);
  }
  if (first === 'explain') return explain(rest);
  if (first === 'schema') {
    process.stdout.write(`${JSON.stringify(REPORT_SCHEMA, null, 2)}\n`);
    finish(0);
  }
  fail(`unknown command "${first}"; commands: run, matrix, list, explain, schema (see --help)`);
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
