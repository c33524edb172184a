// Wall time of the conformance suite per target: from the report of a run
// made now (--suite), or else from the last report on disk.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CLI_ENTRY, REPORTS, ROOT } from '../conformance/harness/paths.js';
import { reportPath } from '../runner/results/reporter.js';

export const SUITE_TARGETS = ['reference', 'node'] as const;
const SUITE_TIMEOUT_MS = 300_000;

export type SuiteTime =
  | {
      available: true;
      duration_ms: number;
      source: 'this run' | 'earlier report';
      report_started_at: string;
      passed: number;
      failed: number;
    }
  | { available: false; reason: string };

function fromReport(target: string, source: 'this run' | 'earlier report'): SuiteTime {
  const file = reportPath(target);
  if (!existsSync(file))
    return {
      available: false,
      reason: `no ${path.relative(ROOT, file)} (run with --suite, or npm run conformance first)`,
    };
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    run_info?: { duration_ms?: number; started_at?: string };
    summary?: { passed?: number; failed?: number };
  };
  const duration = report.run_info?.duration_ms;
  if (typeof duration !== 'number')
    return { available: false, reason: `${path.relative(ROOT, file)} has no run_info.duration_ms` };
  return {
    available: true,
    duration_ms: duration,
    source,
    report_started_at: report.run_info?.started_at ?? statSync(file).mtime.toISOString(),
    passed: report.summary?.passed ?? 0,
    failed: report.summary?.failed ?? 0,
  };
}

/** Runs the catalogue against each target first when `run` is set. */
export function suiteTimes(run: boolean, progress: (line: string) => void): Record<string, SuiteTime> {
  const times: Record<string, SuiteTime> = {};
  for (const target of SUITE_TARGETS) {
    if (run) {
      progress(`conformance suite against ${target}…`);
      const result = spawnSync(process.execPath, [CLI_ENTRY, '--target', target], {
        cwd: ROOT,
        env: { ...process.env, CLUSTER_REPORTS_DIR: REPORTS },
        stdio: 'ignore',
        timeout: SUITE_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      });
      if (result.status !== 0) {
        times[target] = {
          available: false,
          reason: `the conformance CLI for ${target} ended with ${result.signal ?? result.status}`,
        };
        continue;
      }
    }
    times[target] = fromReport(target, run ? 'this run' : 'earlier report');
  }
  return times;
}
