// One bench run: resolve the implementations, measure, time the suite,
// write reports/bench.json. Every server tree is killed on the way out.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killLiveCases } from '../conformance/harness/case_run.js';
import { IMPLEMENTATIONS, resolveImplementations } from './implementations.js';
import { measure, type Settings } from './measure.js';
import { type BenchReport, buildReport, type Machine } from './report.js';
import { suiteTimes } from './suite_time.js';
import { wrkVersion } from './wrk.js';

/** A bad option: one line, exit 2. */
export class UsageError extends Error {}

export interface BenchOptions {
  /** One short iteration over a reduced set: the smoke test. */
  quick: boolean;
  durationSeconds?: number;
  rounds?: number;
  /** Implementation ids to run (default: all, or the quick set). */
  only?: string[];
  /** Run the conformance suite for reference and node to time it. */
  runSuite: boolean;
  out: string;
  progress: (line: string) => void;
}

/** The implementations of a quick run: no runtime to install. */
const QUICK_IMPLEMENTATIONS = ['single', 'node-rr', 'reference-rr', 'node-none', 'reference-none'];

function cpuModel(): string {
  const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return match ? match[1]!.trim() : (os.cpus()[0]?.model ?? 'unknown');
}

function settingsFor(options: BenchOptions): Settings {
  const cores = os.availableParallelism();
  return {
    durationSeconds: options.durationSeconds ?? (options.quick ? 1 : 2),
    rounds: options.rounds ?? (options.quick ? 1 : 5),
    connections: 32,
    threads: 1,
    workers: options.quick ? [cores > 1 ? 2 : 1] : [...new Set([1, 2, cores])],
    workloads: ['keep-alive', 'close'],
  };
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const loadGenerator = wrkVersion();
  const startedAt = new Date();
  const machine: Machine = {
    nproc: os.availableParallelism(),
    cpu_model: cpuModel(),
    node_version: process.versions.node,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load_generator: loadGenerator,
    loadavg_at_start: os.loadavg()[0]!,
  };
  const settings = settingsFor(options);
  const ids = options.only ?? (options.quick ? QUICK_IMPLEMENTATIONS : IMPLEMENTATIONS.map((entry) => entry.id));
  const unknown = ids.filter((id) => !IMPLEMENTATIONS.some((entry) => entry.id === id));
  if (unknown.length > 0)
    throw new UsageError(
      `unknown implementation ${unknown.join(', ')}; known: ${IMPLEMENTATIONS.map((entry) => entry.id).join(', ')}`,
    );
  const chosen = IMPLEMENTATIONS.filter((entry) => ids.includes(entry.id));
  try {
    const resolved = await resolveImplementations(chosen);
    for (const entry of resolved)
      if (!entry.available) options.progress(`${entry.implementation.id}: not available (${entry.reason})`);
    const samples = await measure(resolved, settings, options.progress);
    const suiteTime = suiteTimes(options.runSuite, options.progress);
    const report = buildReport({
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      machine,
      settings,
      resolved,
      samples,
      suiteTime,
    });
    mkdirSync(path.dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    killLiveCases();
  }
}
