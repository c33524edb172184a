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
      /** The yardstick just before this run (ms): how fast the machine was (it varies by the hour). */
      yardstick_ms?: number;
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

/**
 * A fixed CPU task, in a Node process of its own: 3e8 additions (2.0-2.3 s in a slow hour
 * here). The suite is CPU-bound, so its times are comparable only at a like yardstick.
 */
export function yardstickMs(): number | undefined {
  const result = spawnSync(
    process.execPath,
    [
      '-e',
      'let s = 0; const t = process.hrtime.bigint(); for (let i = 0; i < 3e8; i++) s += i; console.log(Number(process.hrtime.bigint() - t) / 1e6, s > 0)',
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const ms = Number.parseFloat(result.stdout ?? '');
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** Runs the catalogue against each target first when `run` is set. */
export function suiteTimes(run: boolean, progress: (line: string) => void): Record<string, SuiteTime> {
  const times: Record<string, SuiteTime> = {};
  for (const target of SUITE_TARGETS) {
    let yardstick: number | undefined;
    if (run) {
      yardstick = yardstickMs();
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
    const time = fromReport(target, run ? 'this run' : 'earlier report');
    if (time.available && yardstick !== undefined) time.yardstick_ms = yardstick;
    times[target] = time;
  }
  return times;
}
