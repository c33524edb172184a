// CLUSTER_TARGET=all: every target that can run on this machine, a few at a
// time, each in its own process; then one table, and what the Node majors
// say about the requirements' version ranges.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI_ENTRY as CLI, REPORTS } from '../../conformance/harness/paths.js';
import { inLanes } from '../../conformance/harness/pool.js';
import { requirements } from '../../spec/catalogue.js';
import { loadExpectations } from '../results/expectations.js';
import { writeViews } from '../results/report_views.js';
import { buildReport, type ConformanceReport, reportPath } from '../results/reporter.js';
import { exitCodeOf, verdictOf } from '../results/verdict.js';
import { kindOf, MATRIX_TARGETS, resolveTarget } from '../targets/registry.js';
import { type Target, targetFileName } from '../targets/target.js';
import { archiveRun, readReports } from './history.js';
import { writeMatrixPage } from './page.js';

export interface Row {
  target: string;
  exit: number | null;
  report?: ConformanceReport;
  note: string;
  seconds: number;
}

const PARALLEL = Number(process.env.CLUSTER_MATRIX_PARALLEL || 2);

let finished = 0;
let total = 0;

/** The targets' CLIs running now: an interrupted matrix passes the signal on (each kills its own cases). */
const running = new Set<ChildProcess>();
function passSignalOn(signal: NodeJS.Signals): void {
  for (const child of running) child.kill(signal);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function runOne(target: string): Promise<Row> {
  const logs = path.join(REPORTS, 'logs');
  mkdirSync(logs, { recursive: true });
  const logFile = path.join(logs, `${targetFileName(target)}.log`);
  const log = createWriteStream(logFile);
  const started = Date.now();
  process.stdout.write(`[matrix] ${target}: started (log: ${path.relative(process.cwd(), logFile)})\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, CLUSTER_TARGET: target };
  if (kindOf(target)?.recordsOutOfRange) env.CLUSTER_RECORD_OUT_OF_RANGE = '1';
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--target', target], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stderr = '';
    let forwarding = false;
    child.stdout.pipe(log, { end: false });
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (stderr + chunk).split('\n').slice(stderr.split('\n').length - 1, -1);
      stderr += chunk;
      log.write(chunk);
      // Never lose a failure: each unexpected result, as the target's CLI prints it, shows here too.
      for (const line of lines) {
        forwarding = line.startsWith('UNEXPECTED') || (forwarding && line.startsWith('  '));
        if (forwarding) process.stdout.write(`[matrix] ${line}\n`);
      }
    });
    child.on('close', (exit) => {
      running.delete(child);
      log.end();
      const seconds = (Date.now() - started) / 1000;
      let report: ConformanceReport | undefined;
      try {
        report = JSON.parse(readFileSync(reportPath(target), 'utf8')) as ConformanceReport;
      } catch {
        report = undefined;
      }
      const note =
        exit === 2
          ? `not available: ${stderr
              .trim()
              .split('\n')
              .pop()
              ?.replace(/^cluster-conformance: /, '')}`
          : '';
      const counts =
        report && exit !== 2
          ? `${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.skipped} skipped; `
          : '';
      finished++;
      process.stdout.write(
        `[matrix] ${target}: ${exit === 0 ? 'as expected' : exit === 2 ? note : 'UNEXPECTED results'} ` +
          `(${counts}${seconds.toFixed(0)}s) [${finished}/${total} targets done]\n`,
      );
      resolve({ target, exit, report: exit === 2 ? undefined : report, note, seconds });
    });
  });
}

function table(rows: Row[]): string {
  const header = ['target', 'runtime', 'claims', 'passed', 'failed', 'expected fail', 'skipped', 'unexpected', 'time'];
  const body = rows.map((row) => {
    const r = row.report;
    if (!r) return [row.target, '-', '-', '-', '-', '-', '-', '-', row.note || `exit ${row.exit}`];
    const expectedFail = r.results.filter((x) => verdictOf(x) === 'expected-fail').length;
    return [
      row.target,
      `${r.run_info.runtime} ${r.run_info.runtime_version}`,
      r.run_info.claims_node_version,
      String(r.summary.passed),
      String(r.summary.failed),
      String(expectedFail),
      String(r.summary.skipped),
      String(r.summary.unexpected),
      row.note || `${row.seconds.toFixed(0)}s`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i]!.length)));
  const format = (line: string[]) => `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(format)].join('\n');
}

/** One line per unexpected result of every target, with its message's first line: a CI log's tail names them all. */
export function unexpectedLines(rows: Row[]): string[] {
  return rows.flatMap((row) =>
    (row.report?.unexpected ?? []).map((u) => {
      const message = row
        .report!.results.find((r) => r.id === u.id)
        ?.message.split('\n')[0]
        ?.slice(0, 200);
      return `[unexpected] ${row.target} ${u.id}: ${u.status}, expected ${u.expected}${message ? ` (${message})` : ''}`;
    }),
  );
}

/** Requirements whose tests also pass on every Node major outside the declared range. */
export function rangeFindings(reports: ConformanceReport[]): string[] {
  const outside = new Map<string, { major: string; status: 'pass' | 'fail' }[]>();
  for (const report of reports) {
    for (const result of report.results) {
      if (!result.out_of_range) continue;
      for (const id of result.requirements) {
        outside.set(id, [
          ...(outside.get(id) ?? []),
          { major: report.run_info.runtime_version, status: result.out_of_range.status },
        ]);
      }
    }
  }
  const findings: string[] = [];
  for (const req of requirements) {
    const seen = outside.get(req.id);
    if (seen && seen.length > 0 && seen.every((s) => s.status === 'pass')) {
      const versions = [...new Set(seen.map((s) => s.major))].join(', ');
      findings.push(
        `${req.id} (${req.nodeVersions}) also passes outside its range, on Node ${versions}: its range may be too narrow`,
      );
    }
  }
  return findings;
}

/** How long a target took last time (its last report), or what its kind usually takes: the longest start first, so lanes end together. */
function expectedDuration(target: string): number {
  try {
    return (JSON.parse(readFileSync(reportPath(target), 'utf8')) as ConformanceReport).run_info.duration_ms;
  } catch {
    return (kindOf(target)?.matrixSeconds ?? 20) * 1000;
  }
}

/**
 * Targets that would run the same thing twice (`node` and `node@20` on a
 * harness of Node 20: one Node, one implementation): each twin, resolved, →
 * the target that runs for both, preferring the one that records
 * out-of-range results.
 */
export async function twinsOf(targets: readonly string[]): Promise<Map<Target, string>> {
  const byRun = new Map<string, Target[]>();
  for (const name of targets) {
    const kind = kindOf(name);
    if (kind === undefined || kind.systemTool !== undefined) continue;
    const target = await resolveTarget(name).catch(() => undefined);
    if (target === undefined) continue;
    const what = JSON.stringify([target.runtime, target.runtimeVersion, target.claimsNodeVersion, target.env]);
    byRun.set(what, [...(byRun.get(what) ?? []), target]);
  }
  const twins = new Map<Target, string>();
  for (const group of byRun.values()) {
    if (group.length < 2) continue;
    const runs = (group.find((target) => kindOf(target.name)?.recordsOutOfRange) ?? group[0]!).name;
    for (const target of group) if (target.name !== runs) twins.set(target, runs);
  }
  return twins;
}

/**
 * A twin's row: the results of the target that ran for both, judged against
 * the twin's own expectations, written as the twin's reports (JSON, JUnit,
 * Markdown).
 */
export function twinRow(twin: Target, source: Row): Row {
  const note = `the same run as ${source.target}`;
  process.stdout.write(`[matrix] ${twin.name}: ${note} (its results, not run twice)\n`);
  if (source.report === undefined) return { ...source, target: twin.name, note };
  const { run_info: info, results } = source.report;
  const startedAt = new Date(info.started_at);
  const report = buildReport(
    twin,
    results.map(({ expected: _expected, verdict: _verdict, reason: _reason, ...result }) => result),
    loadExpectations(twin.name),
    true,
    startedAt,
    new Date(startedAt.getTime() + info.duration_ms),
  );
  writeViews(report); // Makes the reports folder, too.
  writeFileSync(reportPath(twin.name), `${JSON.stringify(report, null, 2)}\n`);
  return { target: twin.name, exit: exitCodeOf(report.summary.unexpected), report, note, seconds: 0 };
}

/** 291_000 → "4 min 51 s". */
export function minutesAndSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export async function runMatrix(targets: readonly string[] = MATRIX_TARGETS): Promise<number> {
  // The longest first: one slow target started last would end alone.
  process.once('SIGINT', passSignalOn).once('SIGTERM', passSignalOn);
  const started = Date.now();
  const twins = await twinsOf(targets);
  const twinNames = new Set([...twins.keys()].map((twin) => twin.name));
  const queue = targets
    .filter((target) => !twinNames.has(target))
    .sort((a, b) => expectedDuration(b) - expectedDuration(a));
  finished = 0;
  total = queue.length;
  const rows: Row[] = [];
  await inLanes(Math.min(PARALLEL, queue.length), async () => {
    const target = queue.shift();
    if (target === undefined) return false;
    rows.push(await runOne(target));
    return true;
  });
  for (const [twin, source] of twins) rows.push(twinRow(twin, rows.find((row) => row.target === source)!));
  rows.sort((a, b) => targets.indexOf(a.target) - targets.indexOf(b.target));
  process.stdout.write(`\n${table(rows)}\n`);
  for (const line of unexpectedLines(rows)) process.stdout.write(`${line}\n`);
  const nodeReports = rows
    .filter((row) => kindOf(row.target)?.recordsOutOfRange && row.report)
    .map((row) => row.report!);
  const findings = rangeFindings(nodeReports);
  for (const finding of findings) process.stdout.write(`[range] ${finding}\n`);
  const runReports = rows.filter((row) => row.report).map((row) => reportPath(row.target));
  if (runReports.length > 0) archiveRun(runReports, REPORTS);
  const page = writeMatrixPage();
  process.stdout.write(
    `matrix page: ${path.relative(process.cwd(), page.path)} (${page.targets} targets, ${page.runs} runs in the history)\n`,
  );
  // In CI a docker target that cannot run is a failure, not a gap.
  const bad = rows.filter(
    (row) =>
      row.exit !== 0 && (row.exit !== 2 || (process.env.CI === 'true' && kindOf(row.target)?.systemTool !== undefined)),
  );
  const ran = rows.filter((row) => row.exit !== 2).length;
  process.stdout.write(
    `${ran - bad.length} passed, ${bad.length} failed: targets whose results matched their expectations, ` +
      `of ${ran} available (${rows.length - ran} not available), in ${minutesAndSeconds(Date.now() - started)}\n`,
  );
  return bad.length > 0 ? 1 : 0;
}

/** `cluster-conformance merge <dir>...`: one table from the reports of several jobs (shards, machines). */
export function mergeReports(dirs: string[]): number {
  const reports = dirs.flatMap((dir) => readReports(dir));
  const rows: Row[] = reports.map((report) => ({
    target: report.run_info.target,
    exit: exitCodeOf(report.summary.unexpected),
    report,
    note: '',
    seconds: report.run_info.duration_ms / 1000,
  }));
  process.stdout.write(`${table(rows)}\n`);
  for (const line of unexpectedLines(rows)) process.stdout.write(`${line}\n`);
  for (const finding of rangeFindings(reports.filter((r) => kindOf(r.run_info.target)?.recordsOutOfRange))) {
    process.stdout.write(`[range] ${finding}\n`);
  }
  const bad = rows.filter((row) => row.exit !== 0);
  process.stdout.write(
    `${rows.length - bad.length} passed, ${bad.length} failed: merged targets whose results matched their expectations\n`,
  );
  return bad.length > 0 ? 1 : 0;
}
