// One run of cases/http-server.js on a target, in its own process group:
// started, asked for its per-worker counts, and killed with its whole tree.
// Every live group is tracked so an exit, an error or SIGINT can kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { Target } from '../runner/targets/target.js';
import { ROOT } from '../conformance/harness/paths.js';
import { killQuietly } from '../conformance/harness/process_table.js';
import type { ServerMode } from './implementations.js';

export const SERVER_CASE = path.join(ROOT, 'bench', 'cases', 'http-server.js');
const READY_TIMEOUT_MS = 20_000;
const STATS_TIMEOUT_MS = 10_000;

const live = new Set<ChildProcess>();

/** Kills every process group still running (synchronous: safe in an 'exit' handler). */
export function killAllServers(): void {
  for (const child of live) killGroup(child);
}

function killGroup(child: ChildProcess): void {
  killQuietly(-child.pid!);
}

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

type Fact = Record<string, unknown> & { fact: string };

export class ServerProcess {
  private readonly facts: Fact[] = [];
  private readonly waiters: Array<() => void> = [];
  private stderr = '';
  private exited: string | null = null;

  private constructor(private readonly child: ChildProcess) {
    live.add(child);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as Fact;
        if (typeof parsed.fact === 'string') this.facts.push(parsed);
      } catch {
        // Not a fact: a runtime's own output.
      }
      this.wake();
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { this.stderr = (this.stderr + chunk).slice(-2000); });
    child.on('exit', (code, signal) => {
      live.delete(child);
      this.exited = `exited with ${signal ?? code}`;
      this.wake();
    });
  }

  static start(target: Target, mode: ServerMode, workers: number, port: number): ServerProcess {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['CLUSTER_IMPL', 'CLUSTER_WORKER_IMPL', 'CLUSTER_REFERENCE_WORKER_SIDE', 'CASE_PRIMARY_PID', 'CASE_COMMAND_PORT']) delete env[name];
    const child = spawn(target.command, [...target.commandArgs, SERVER_CASE, mode, String(workers), String(port)], {
      cwd: ROOT, env: { ...env, ...target.env }, detached: true, stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new ServerProcess(child);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** The next fact named `name` (consumed), or an error on exit or timeout. */
  private async next(name: string, timeoutMs: number): Promise<Fact> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.facts.findIndex((fact) => fact.fact === name);
      if (at !== -1) return this.facts.splice(at, 1)[0]!;
      if (this.exited !== null) throw new Error(`the server ${this.exited} before '${name}'${this.stderrTail()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no '${name}' from the server within ${timeoutMs} ms${this.stderrTail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  private stderrTail(): string {
    const tail = this.stderr.trim().split('\n').slice(-3).join(' | ');
    return tail ? `: ${tail}` : '';
  }

  /**
   * Resolves once every worker listens, with the fork latency and the CPU
   * time the start took (null without a cluster).
   */
  async ready(): Promise<{ forkMs: number | null; forkCpuUs: number | null; port: number }> {
    const fact = await this.next('ready', READY_TIMEOUT_MS);
    return { forkMs: fact.forkMs as number | null, forkCpuUs: fact.forkCpuUs as number | null, port: fact.port as number };
  }

  /** Cumulative counts of every worker, by id, and the primary's CPU time. */
  async counts(): Promise<ServerCounts> {
    this.child.stdin!.write(`${JSON.stringify({ cmd: 'stats' })}\n`);
    const fact = await this.next('stats', STATS_TIMEOUT_MS);
    return { workers: (fact.workers as WorkerCount[]).sort((a, b) => a.id - b.id), primaryCpuUs: fact.primaryCpuUs as number };
  }

  /** Kills the whole tree and waits for the primary to be gone. */
  async stop(): Promise<void> {
    const gone = this.exited === null ? new Promise<void>((resolve) => this.child.once('exit', () => resolve())) : null;
    killGroup(this.child);
    await gone;
    live.delete(this.child);
  }
}
