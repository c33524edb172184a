// Runs one case program under a target, as a local process or in a
// container: collects its JSON-line facts, sends it commands on its stdin,
// and kills its whole tree when done.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import pWaitFor from 'p-wait-for';
import type { CaseInContainer } from '../../runner/targets/container.js';
import type { Target } from '../../runner/targets/target.js';
import { FIXTURES } from './paths.js';
import { groupActivity, isLive, killQuietly, readStat } from './process_table.js';

export interface Fact {
  fact: string;
  role: 'primary' | 'worker';
  pid: number;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CaseOptions {
  args?: (string | number)[];
  env?: Record<string, string>;
}

/** Every live case, so a dying test process can still take them down. */
const live = new Set<CaseRun>();

/** Kills every live case's tree at once (synchronous: safe in an 'exit' handler). */
export function killLiveCases(): void {
  for (const run of live) run.killNow();
}
process.once('exit', killLiveCases);

const FATAL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let signalsWatched = false;
/**
 * A signal that would end this process (Ctrl-C reaches the whole group)
 * first kills every live case: their groups are their own, and a process
 * killed by a signal runs no 'exit' listener. Then the signal takes its course.
 */
function watchSignals(): void {
  if (signalsWatched) return;
  signalsWatched = true;
  for (const signal of FATAL_SIGNALS) {
    process.once(signal, () => {
      killLiveCases();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** CPU ticks (1/100 s) per second that a case's processes may use and still count as idle: 5% of a core. */
const IDLE_TICKS_PER_SECOND = 5;

type GroupActivity = ReturnType<typeof groupActivity>;

/** A quiet spell's samples come every 250 ms at most; one this late means the harness was held up. */
const LATE_SAMPLE_MS = 1_000;

/**
 * How long a case may stall (no fact, no output, its processes idle) before
 * a pending wait fails. Its processes are watched in the process table (a
 * container's too), so a slow start or a loaded machine is not a stall.
 * Measured: with 3 s, five runs each of bun and deno on a loaded machine
 * changed no test's status but those of Deno's known handle-delivery bug.
 * A container's cases too: their output comes over a loopback connection,
 * not Docker's log (which lagged on a loaded machine, and needed 8 s).
 * CLUSTER_STALL_MS overrides it.
 */
export function stallDeadline(): number {
  const own = Number(process.env.CLUSTER_STALL_MS);
  return own > 0 ? own : 3_000;
}

/** How long a container's launcher may take to report a killed case's end. */
const LAUNCHER_KILL_MS = 5_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Variables a case inherits from the harness; everything else is set on purpose. */
const PASSED_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT'];

export class CaseRun {
  readonly facts: Fact[] = [];
  readonly output: string[] = [];
  readonly exited: Promise<Exit>;
  private child: ChildProcess | undefined;
  private container: CaseInContainer | undefined;
  /** Commands sent before the case started in its container. */
  private readonly pendingCommands: string[] = [];
  private readonly waiters = new Set<() => void>();
  private resolveExit!: (exit: Exit) => void;
  private exit: Exit | undefined;
  private stdoutRest = '';
  /** When waits give up with a readable reason (epoch ms): set by the test, ahead of its own timeout. */
  deadline: number | undefined;
  /**
   * A pending wait fails once the case has stalled this long (ms): no fact,
   * no output, and none of its processes used CPU or was runnable.
   */
  stallMs: number | undefined;
  private lastActivity = Date.now();
  /** CPU ticks of the case's process group, sampled during a quiet spell. */
  private quietCpu: { at: number; ticks: number } | undefined;
  /** A stall an earlier wait confirmed, with nothing since (no output, no command): its time and CPU ticks. */
  private stall: { at: number; ticks: number } | undefined;
  /** Consecutive samples of the quiet spell in which a process of the case was runnable. */
  private runnableSamples = 0;
  /** When the quiet spell was last sampled (epoch ms). */
  private lastSample: number | undefined;
  /** The pids of the case's process group seen so far. */
  private readonly groupMembers = new Set<number>();
  /** Other process groups whose activity is the case's (watchGroup), each with its pids seen so far. */
  private readonly otherGroups = new Map<number, Set<number>>();

  constructor(
    readonly target: Target,
    readonly name: string,
    options: CaseOptions = {},
  ) {
    this.exited = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
    live.add(this);
    watchSignals();
    const env: Record<string, string> = {};
    // A case of fixtures/ by name, or another program by its absolute path (the bench's server).
    const casePath = path.isAbsolute(name) ? name : path.join(FIXTURES, `${name}.js`);
    const args = [casePath, ...(options.args ?? []).map(String)];
    if (target.container) {
      Object.assign(env, target.env, options.env);
      this.startContainer(target.container, args, env).catch((error: Error) => {
        this.output.push(`container failed: ${error.message}\n`);
        this.onExit({ code: null, signal: null });
      });
      return;
    }
    for (const key of PASSED_THROUGH) {
      const value = process.env[key];
      if (value !== undefined) env[key] = value;
    }
    Object.assign(env, target.env, options.env);
    // Its own process group, so the whole tree can be killed at once.
    const child = spawn(target.command, [...target.commandArgs, ...args], {
      env,
      cwd: FIXTURES,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.output.push(chunk);
      this.active();
    });
    child.stdin!.on('error', () => {}); // The case may exit before reading.
    child.once('error', (err) => {
      this.output.push(`spawn failed: ${err.message}`);
      this.onExit({ code: null, signal: null });
    });
    child.once('close', (code, signal) => this.onExit({ code, signal }));
  }

  /** Started by the launcher in this test worker's container for the image (runner/targets/container.ts). */
  private async startContainer(
    container: { image: string; command: string[] },
    args: string[],
    env: Record<string, string>,
  ) {
    // testcontainers is heavy to load: only container targets pay for it.
    const { startCaseInContainer } = await import('../../runner/targets/container.js');
    const started = await startCaseInContainer(container.image, container.command, args, env);
    this.container = started;
    if (this.exit) {
      started.kill();
      return;
    }
    started.output.setEncoding('utf8');
    started.output.on('data', (chunk: string) => this.onStdout(chunk));
    for (const line of this.pendingCommands.splice(0)) started.send(line);
    // As a child's 'close': once the case has ended and its output is all read.
    started.exited.then((exit) => this.onExit(exit));
  }

  private onExit(exit: Exit): void {
    if (this.exit) return;
    this.exit = exit;
    this.resolveExit(exit);
    this.wake();
  }

  private active(): void {
    this.lastActivity = Date.now();
    this.stall = undefined;
    this.quietCpu = undefined;
    this.runnableSamples = 0;
  }

  /**
   * Whether the case has stalled: quiet for stallMs, and (where its processes
   * are on this machine) its process group used no CPU over that spell and
   * has nothing runnable. CPU use, a runnable process or one just started
   * counts as activity.
   */
  private stalled(waitStarted: number): boolean {
    if (this.stallMs === undefined) return false;
    const quiet = Date.now() - Math.max(this.lastActivity, waitStarted);
    // A container's processes are the host's too: its first process leads their group.
    const pgrp = this.child?.pid ?? this.container?.hostPid;
    if (pgrp === undefined) return this.container !== undefined && quiet >= this.stallMs; // Output is all we see.
    if (quiet < this.stallMs / 2) {
      this.quietCpu = undefined;
      this.lastSample = undefined;
      return false;
    }
    // A sample that comes late means the harness itself did not run (a paused VM, a starved
    // test worker): what the case did meanwhile is unknown, so the spell starts again.
    const sampledLate = this.lastSample !== undefined && Date.now() - this.lastSample > LATE_SAMPLE_MS;
    this.lastSample = Date.now();
    if (sampledLate) {
      this.active();
      return false;
    }
    // The spell's first sample and its last, which would end it, look deep: for new processes, at every thread.
    const activity = this.activity(pgrp, this.quietCpu === undefined);
    if (this.quietCpu === undefined) {
      this.quietCpu = { at: Date.now(), ticks: activity.cpuTicks };
      return false;
    }
    // Work is more CPU than an idle runtime's own timers use (Bun's take a tick a
    // second), a process that stays runnable (a loaded machine starves it), or one
    // started within half the stall deadline (a start that a loaded machine slows, with
    // little CPU and seldom runnable when sampled: false stalls in the matrix).
    const idleAllowance = ((Date.now() - this.quietCpu.at) / 1000) * IDLE_TICKS_PER_SECOND;
    this.runnableSamples = activity.runnable ? this.runnableSamples + 1 : 0;
    if (activity.youngestMs < this.stallMs / 2) {
      // Starting: the CPU spell is measured from here, the quiet one goes on.
      this.quietCpu = { at: Date.now(), ticks: activity.cpuTicks };
      return false;
    }
    if (this.runnableSamples >= 2 || activity.cpuTicks - this.quietCpu.ticks > idleAllowance) {
      this.active();
      return false;
    }
    if (Date.now() - this.quietCpu.at < this.stallMs / 2 || quiet < this.stallMs) return false;
    // A stall once a deep look finds nothing runnable either (a thread that is runnable now is looked at again).
    const last = this.activity(pgrp, true);
    if (last.youngestMs < this.stallMs / 2 || last.cpuTicks - this.quietCpu.ticks > idleAllowance) {
      this.active();
      return false;
    }
    if (!last.runnable) this.stall = { at: Date.now(), ticks: last.cpuTicks };
    return !last.runnable;
  }

  /**
   * Whether the stall an earlier wait saw still holds: nothing written or sent since, and
   * the case's processes still idle (no more CPU than idle timers use, nothing runnable).
   */
  private stillStalled(): boolean {
    if (this.stall === undefined || this.stallMs === undefined) return false;
    const pgrp = this.child?.pid ?? this.container?.hostPid;
    if (pgrp !== undefined) {
      const now = this.activity(pgrp, true);
      const allowance = ((Date.now() - this.stall.at) / 1000) * IDLE_TICKS_PER_SECOND;
      if (now.runnable || now.cpuTicks - this.stall.ticks > allowance) {
        this.active();
        return false;
      }
    }
    return true;
  }

  /**
   * Counts another process group's activity as the case's own: a daemon that the case
   * started in a session of its own (pm2's), whose work would otherwise look like a stall.
   * Only on this machine, where it returns true: a container's pids are not the host's.
   */
  watchGroup(pgrp: number): boolean {
    if (!this.child) return false;
    if (!this.otherGroups.has(pgrp)) this.otherGroups.set(pgrp, new Set());
    return true;
  }

  /** The activity of the case's process group and of the groups it watches, as one. */
  private activity(pgrp: number, deep: boolean): GroupActivity {
    const activity = groupActivity(pgrp, this.groupMembers, deep);
    for (const [other, members] of this.otherGroups) {
      const more = groupActivity(other, members, deep);
      activity.cpuTicks += more.cpuTicks;
      activity.runnable ||= more.runnable;
      activity.processes += more.processes;
      activity.youngestMs = Math.min(activity.youngestMs, more.youngestMs);
      activity.states.push(...more.states);
    }
    return activity;
  }

  private onStdout(chunk: string): void {
    this.active();
    const lines = (this.stdoutRest + chunk).split('\n');
    this.stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      let parsed: unknown;
      try {
        parsed = line.startsWith('{') ? JSON.parse(line) : undefined;
      } catch {
        parsed = undefined;
      }
      if (parsed && typeof (parsed as Fact).fact === 'string') this.facts.push(parsed as Fact);
      else this.output.push(`${line}\n`);
    }
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Facts named `name`, optionally filtered. */
  all(name: string, where: (fact: Fact) => boolean = () => true): Fact[] {
    return this.facts.filter((fact) => fact.fact === name && where(fact));
  }

  /**
   * Resolves with the first `count` facts named `name` that match, as soon as
   * they have arrived; rejects with the case's output if it exits first.
   */
  waitFor(name: string, count = 1, where: (fact: Fact) => boolean = () => true): Promise<Fact[]> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let watch: NodeJS.Timeout | undefined;
      const settle = () => {
        this.waiters.delete(check);
        clearTimeout(timer);
        clearInterval(watch);
      };
      const check = () => {
        const found = this.all(name, where);
        if (found.length >= count) {
          settle();
          resolve(found.slice(0, count));
        } else if (this.exit) {
          settle();
          reject(
            new Error(
              `case ${this.name} ended (${this.describeExit()}) with ${found.length} of ${count} "${name}" facts\n${this.transcript()}`,
            ),
          );
        }
      };
      this.waiters.add(check);
      check();
      // A case that stalled for an earlier wait (a shared run) and is still stalled fails this one at once.
      if (this.waiters.has(check) && this.stillStalled()) {
        settle();
        reject(this.stalledError(this.all(name, where).length, count, name, this.lastActivity));
        return;
      }
      if (this.deadline !== undefined && this.waiters.has(check)) {
        timer = setTimeout(
          () => {
            settle();
            const found = this.all(name, where).length;
            reject(
              new Error(
                `case ${this.name} hangs: still ${this.describeExit()} at the test's deadline with ${found} of ${count} "${name}" facts` +
                  `${this.activityNow()}\n${this.transcript()}`,
              ),
            );
          },
          Math.max(0, this.deadline - Date.now()),
        );
      }
      if (this.stallMs !== undefined && this.waiters.has(check)) {
        const waitStarted = Date.now();
        watch = setInterval(
          () => {
            if (!this.stalled(waitStarted)) return;
            // Confirmed after the loop has polled once more: a loaded harness reads output already in the
            // pipe only after its timers (the case did its work; the harness had not read it: false stalls).
            setImmediate(() => {
              if (!this.waiters.has(check) || !this.stalled(waitStarted)) return;
              settle();
              reject(this.stalledError(this.all(name, where).length, count, name));
            });
          },
          Math.min(250, this.stallMs / 4),
        );
      }
    });
  }

  /** The failure of a wait on a stalled case: what it waited for, how many it saw, and the transcript. */
  private stalledError(found: number, count: number, name: string, since?: number): Error {
    const at = since === undefined ? '' : ` (since ${new Date(since).toISOString().slice(11, 23)})`;
    return new Error(
      `case ${this.name} stalled: no fact, no output and its processes idle for ${this.stallMs} ms${at}, ` +
        `with ${found} of ${count} "${name}" facts\n${this.transcript()}`,
    );
  }

  /** What the case's processes are doing, for the message of a hang: why it was not a stall. */
  private activityNow(): string {
    const pgrp = this.child?.pid ?? this.container?.hostPid;
    if (pgrp === undefined) return this.container ? ' (its processes are not known here)' : '';
    const activity = this.activity(pgrp, true);
    const since = this.quietCpu ? ` (${activity.cpuTicks - this.quietCpu.ticks} in the quiet spell)` : '';
    return ` (its processes here: ${activity.processes}, ${activity.cpuTicks} CPU ticks${since}, ${activity.runnable ? 'one runnable' : 'none runnable'}, states ${activity.states.join(' ')})`;
  }

  /** Writes one JSON command line to the primary (stdin, or the command connection in a container). */
  send(command: object): void {
    this.stall = undefined;
    const line = `${JSON.stringify(command)}\n`;
    if (this.child) this.child.stdin!.write(line);
    else if (this.container) this.container.send(line);
    else this.pendingCommands.push(line);
  }

  /** Every pid the case reported: the primary, workers, grandchildren. Only meaningful on this machine. */
  pids(): number[] {
    if (!this.child) return [];
    const pids = new Set<number>(this.child.pid ? [this.child.pid] : []);
    for (const fact of this.facts) pids.add(fact.pid);
    return [...pids];
  }

  killNow(): void {
    if (this.container) {
      // Its launcher kills it too, if it can still write to it.
      this.container.kill();
      if (this.container.hostPid !== undefined) killQuietly(-this.container.hostPid);
    }
    if (!this.child) return;
    const group = this.child.pid;
    if (group !== undefined) killQuietly(-group);
    for (const pid of this.pids()) killQuietly(pid);
  }

  private disposed: Promise<void> | undefined;

  /** Kills the tree and waits until none of its processes is running; once (a group id is not killed again once reused). */
  dispose(): Promise<void> {
    this.disposed ??= this.disposeOnce();
    return this.disposed;
  }

  private async disposeOnce(): Promise<void> {
    if (this.target.container) {
      this.killNow();
      // Its launcher reports the end; a case that never started in its container is over as it is.
      if (this.container) await Promise.race([this.container.exited, delay(LAUNCHER_KILL_MS)]);
      this.onExit(this.exit ?? { code: null, signal: null });
      live.delete(this);
      return;
    }
    this.killNow();
    await this.exited;
    this.child?.stdin?.destroy();
    await pWaitFor(() => this.pids().every((pid) => !isRunning(pid)), { interval: 10, timeout: 5000 });
    live.delete(this);
  }

  /** Whether the case's primary has exited (by itself or killed). */
  hasExited(): boolean {
    return this.exit !== undefined;
  }

  describeExit(): string {
    if (!this.exit) return 'running';
    return this.exit.signal ? `signal ${this.exit.signal}` : `code ${this.exit.code}`;
  }

  /** What the case printed besides facts, and its last facts: for failure messages. */
  transcript(): string {
    const facts = this.facts
      .slice(-20)
      .map((fact) => JSON.stringify(fact))
      .join('\n');
    const unstarted =
      this.target.container && !this.container && !this.exit
        ? `(not started: its container's launcher has not reported the case's start)\n`
        : '';
    return `--- output of ${this.name} ---\n${unstarted}${this.output.join('').slice(-4000)}--- last facts ---\n${facts}`;
  }
}

/** True while `pid` exists and is not a zombie (a zombie has exited; only its parent has not reaped it). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  return isLive(readStat(pid));
}
