// One run of cases/http-server.js on a target: a CaseRun like any case
// program (its own process group, facts as JSON lines, the whole tree
// killed at the end), asked for its per-worker counts.
import path from 'node:path';
import { CaseRun } from '../conformance/harness/case_run.js';
import { ROOT } from '../conformance/harness/paths.js';
import type { Target } from '../runner/targets/target.js';
import type { ServerMode } from './implementations.js';

export const SERVER_CASE = path.join(ROOT, 'bench', 'cases', 'http-server.js');
const READY_TIMEOUT_MS = 20_000;
const STATS_TIMEOUT_MS = 10_000;
/** A server that is quiet and idle this long while a fact is awaited has stalled. */
const STALL_MS = 5_000;

export interface WorkerCount {
  id: number;
  connections: number;
  requests: number;
  /** CPU time (user + system) since the worker started, µs. */
  cpuUs: number;
}

export interface ServerCounts {
  workers: WorkerCount[];
  /** The primary's CPU time, µs (0 without a cluster: the one process is the worker). */
  primaryCpuUs: number;
}

export class ServerProcess {
  private constructor(private readonly run: CaseRun) {}

  static start(target: Target, mode: ServerMode, workers: number, port: number): ServerProcess {
    const run = new CaseRun(target, SERVER_CASE, { args: [mode, workers, port] });
    run.stallMs = STALL_MS;
    return new ServerProcess(run);
  }

  /** The `count`-th fact named `name`, waited for as a test waits: it fails at once if the server exits, stalls or runs out of time. */
  private async nth(name: string, count: number, timeoutMs: number) {
    this.run.deadline = Date.now() + timeoutMs;
    return (await this.run.waitFor(name, count))[count - 1]!;
  }

  /**
   * Resolves once every worker listens, with the fork latency and the CPU
   * time the start took (null without a cluster).
   */
  async ready(): Promise<{ forkMs: number | null; forkCpuUs: number | null; port: number }> {
    const fact = await this.nth('ready', 1, READY_TIMEOUT_MS);
    return {
      forkMs: fact.forkMs as number | null,
      forkCpuUs: fact.forkCpuUs as number | null,
      port: fact.port as number,
    };
  }

  /** Cumulative counts of every worker, by id, and the primary's CPU time. */
  async counts(): Promise<ServerCounts> {
    const asked = this.run.all('stats').length + 1;
    this.run.send({ cmd: 'stats' });
    const fact = await this.nth('stats', asked, STATS_TIMEOUT_MS);
    return {
      workers: (fact.workers as WorkerCount[]).sort((a, b) => a.id - b.id),
      primaryCpuUs: fact.primaryCpuUs as number,
    };
  }

  /** Kills the whole tree and waits until none of its processes runs. */
  stop(): Promise<void> {
    return this.run.dispose();
  }
}
