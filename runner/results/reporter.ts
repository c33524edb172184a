// Writes reports/conformance-<target>.json after a conformance run.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { REPORTS, SUITE_VERSION } from '../../conformance/harness/paths.js';
import { requirements } from '../../spec/catalogue.js';
import { ecoLibraryVersions } from '../targets/eco_libraries.js';
import { resolveTarget } from '../targets/registry.js';
import type { Target } from '../targets/target.js';
import { targetFileName } from '../targets/target.js';
import { type ExpectationFile, loadExpectations } from './expectations.js';
import { judgeRun, type Unexpected, type Verdict } from './verdict.js';

export type Status = 'pass' | 'fail' | 'skip';

/** The vitest project (or inline config) name of conformance runs. */
export const CONFORMANCE_PROJECT = 'conformance';

export interface ResultEntry {
  id: string;
  requirements: string[];
  status: Status;
  /** What expectations/<target>.json says this test should end with. */
  expected: Status;
  /** How the result stands against the expectations (verdict.ts): every output reads this. */
  verdict: Verdict;
  /** The expectation entry's reason, where the target has one for this test. */
  reason?: string;
  message: string;
  duration_ms: number;
  /** A test outside its requirements' Node range, run only to record the result (matrix runs). */
  out_of_range?: { status: 'pass' | 'fail'; message: string };
}

/** A test's result before it is judged. */
export type TestResult = Omit<ResultEntry, 'expected' | 'verdict' | 'reason'>;

export interface ConformanceReport {
  schema: 1;
  run_info: {
    target: string;
    runtime: string;
    runtime_version: string;
    claims_node_version: string;
    os: string;
    arch: string;
    suite_version: string;
    started_at: string;
    duration_ms: number;
    /** The npm libraries the ECO area runs, by name, with their installed versions (absent where they are not installed). */
    libraries?: Record<string, string>;
  };
  summary: {
    total: number;
    passed: number;
    failed: number;
    skipped: number;
    requirements_total: number;
    requirements_passed: number;
    requirements_failed: number;
    requirements_skipped: number;
    unexpected: number;
  };
  results: ResultEntry[];
  /** Results that differ from the expectations, each with what to change. */
  unexpected: Unexpected[];
}

export function reportPath(target: string): string {
  return path.join(REPORTS, `conformance-${targetFileName(target)}.json`);
}

/** A requirement passes when its tests ran and all passed; fails if any failed. */
export function summarize(results: ResultEntry[], unexpected = 0): ConformanceReport['summary'] {
  const statusOf = new Map<string, Status[]>();
  for (const result of results) {
    for (const id of result.requirements) statusOf.set(id, [...(statusOf.get(id) ?? []), result.status]);
  }
  let passed = 0;
  let failed = 0;
  for (const req of requirements) {
    const statuses = statusOf.get(req.id) ?? [];
    if (statuses.includes('fail')) failed++;
    else if (statuses.includes('pass')) passed++;
  }
  return {
    total: results.length,
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    skipped: results.filter((r) => r.status === 'skip').length,
    requirements_total: requirements.length,
    requirements_passed: passed,
    requirements_failed: failed,
    requirements_skipped: requirements.length - passed - failed,
    unexpected,
  };
}

/**
 * The report of a run: each result judged against the expectations
 * (`complete`: no --filter), the summary and the unexpected list from the
 * same judgements.
 */
export function buildReport(
  target: Target,
  results: TestResult[],
  expectations: ExpectationFile,
  complete: boolean,
  startedAt: Date,
  now = new Date(),
): ConformanceReport {
  const { judged, unexpected } = judgeRun(results, expectations, complete);
  const entries: ResultEntry[] = judged.map(({ advice: _advice, ...result }) => {
    const entry = expectations.entries[result.id];
    return entry ? { ...result, reason: entry.reason } : result;
  });
  return {
    schema: 1,
    run_info: {
      target: target.name,
      runtime: target.runtime,
      runtime_version: target.runtimeVersion,
      claims_node_version: target.claimsNodeVersion,
      os: `${os.platform()} ${os.release()}`,
      arch: os.arch(),
      suite_version: SUITE_VERSION,
      started_at: startedAt.toISOString(),
      duration_ms: now.getTime() - startedAt.getTime(),
      ...libraries(),
    },
    summary: summarize(entries, unexpected.length),
    results: entries,
    unexpected,
  };
}

function libraries(): { libraries?: Record<string, string> } {
  const versions = ecoLibraryVersions();
  return versions ? { libraries: versions } : {};
}

export default class ConformanceReporter implements Reporter {
  private startedAt = new Date();
  /** The run's target; a bare `vitest run` (no CLI) resolves CLUSTER_TARGET itself. */
  constructor(private target?: Target) {}

  async onTestRunStart(): Promise<void> {
    this.startedAt = new Date();
    this.target ??= await resolveTarget();
  }

  /** Synchronous, so the report is on disk whenever vitest considers the run over (bail included). */
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const modules = testModules.filter((module) => module.project.name === CONFORMANCE_PROJECT);
    if (modules.length === 0) return;
    const results: TestResult[] = [];
    for (const module of modules) {
      const collectError = module.errors()[0];
      if (collectError) {
        results.push({
          id: module.relativeModuleId,
          requirements: [],
          status: 'fail',
          message: collectError.message ?? String(collectError),
          duration_ms: 0,
        });
      }
      for (const testCase of module.children.allTests()) {
        // Tests a --filter left out were not selected: they are not results.
        if (process.env.CLUSTER_FILTER && testCase.options.mode === 'skip') continue;
        const result = testCase.result();
        const meta = testCase.meta();
        const status: Status = result.state === 'passed' ? 'pass' : result.state === 'failed' ? 'fail' : 'skip';
        const message =
          result.state === 'failed'
            ? (result.errors ?? []).map((error) => error.message).join('\n')
            : result.state === 'skipped'
              ? (meta.skipReason ?? result.note ?? 'skipped')
              : '';
        results.push({
          id: testCase.fullName,
          requirements: meta.requirements ?? [],
          status,
          message,
          duration_ms: Math.round(testCase.diagnostic()?.duration ?? 0),
          ...(meta.outOfRange ? { out_of_range: meta.outOfRange } : {}),
        });
      }
    }
    const target = this.target;
    if (target === undefined) return;
    const report = buildReport(
      target,
      results,
      loadExpectations(target.name),
      !process.env.CLUSTER_FILTER,
      this.startedAt,
    );
    mkdirSync(REPORTS, { recursive: true });
    writeFileSync(reportPath(target.name), `${JSON.stringify(report, null, 2)}\n`);
  }
}
