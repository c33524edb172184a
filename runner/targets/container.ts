// docker:<image> targets: case programs run in a container started with
// testcontainers, on the host network, with the project mounted read-only
// at its own path (so CLUSTER_IMPL and fixture paths stay valid) and the
// temp directory shared (for Unix sockets). Each test worker starts one
// container per image, whose launcher (fixtures/support/container-launcher.js)
// starts the cases in it and passes their output and commands over loopback
// connections: a case costs a process, not a container, and its facts do not
// wait for Docker's log.
//
// No registry is reachable here, so docker:node@<major>, docker:bun,
// docker:deno and docker:node build a local image FROM scratch out of the
// runtime binary and the shared libraries it links (ldd).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, Wait } from 'testcontainers';
import { FIXTURES, ROOT } from '../../conformance/harness/paths.js';
import { readStat, youngestChildMs } from '../../conformance/harness/process_table.js';
import { TargetError } from './target.js';

/** Inside a scratch image, the runtime lives here. */
export const IMAGE_BINARY_DIR = '/usr/local/bin';

/** Fails with a clear message when no Docker engine can be reached. */
export async function requireDockerEngine(): Promise<void> {
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    const where = process.env.DOCKER_HOST ? `DOCKER_HOST=${process.env.DOCKER_HOST}` : '/var/run/docker.sock';
    throw new TargetError(
      `no Docker engine reachable at ${where} (${(error as Error).message.split('\n')[0]}): ` +
        'install docker.io and start dockerd --bridge=none --iptables=false --ip-masq=false, or set DOCKER_HOST',
    );
  }
}

/** Files a binary needs at run time, as `ldd` lists them. */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const libraries: string[] = [];
  for (const line of out.split('\n')) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (match) libraries.push(match[1]!);
  }
  return libraries;
}

/**
 * Builds (once) an image FROM scratch holding `binary` as /usr/local/bin/<name>
 * and its shared libraries; returns the image name.
 */
export async function scratchImage(binary: string, name: string, version: string): Promise<string> {
  const image = `cluster-conformance/${name}:${version}`;
  const client = await getContainerRuntimeClient();
  if (await client.image.exists(imageName(image))) return image;
  process.stderr.write(`cluster-conformance: building ${image} FROM scratch (first use)\n`);
  const context = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-image-'));
  try {
    const rootfs = path.join(context, 'rootfs');
    for (const library of sharedLibraries(binary)) {
      mkdirSync(path.join(rootfs, path.dirname(library)), { recursive: true });
      copyFileSync(library, path.join(rootfs, library));
    }
    mkdirSync(path.join(rootfs, IMAGE_BINARY_DIR), { recursive: true });
    copyFileSync(binary, path.join(rootfs, IMAGE_BINARY_DIR, name));
    mkdirSync(path.join(rootfs, 'tmp'), { recursive: true });
    writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/local/bin\n');
    await GenericContainer.fromDockerfile(context).build(image, { deleteOnExit: false });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return image;
}

function imageName(image: string) {
  // testcontainers' ImageName, without importing its internals.
  const [repository, tag] = image.split(':');
  return { string: image, registry: undefined, image: repository!, tag: tag ?? 'latest' } as never;
}

/** A one-off command in a container of its own (versionInImage). */
export interface ContainerProcess {
  id: string;
  stdout: Readable;
  exited: Promise<{ code: number | null; signal: null }>;
  stop(): Promise<void>;
}

/** Every case container carries these labels: the checkout's path, and the run (a run beside it keeps its own). */
const CHECKOUT_LABEL = 'cluster-conformance.checkout';
const RUN_LABEL = 'cluster-conformance.run';

/** The run this process belongs to: the CLI that started the catalogue sets it for its test workers. */
export function containerRunId(): string {
  process.env.CLUSTER_CONTAINER_RUN ??= `${process.pid}-${Date.now()}`;
  return process.env.CLUSTER_CONTAINER_RUN;
}

/** Case containers of this checkout (of one run, if named) that still exist, in any state, as `id state`. */
export async function caseContainers(run?: string): Promise<string[]> {
  const client = await getContainerRuntimeClient().catch(() => undefined);
  if (client === undefined) return [];
  const label = [`${CHECKOUT_LABEL}=${ROOT}`, ...(run === undefined ? [] : [`${RUN_LABEL}=${run}`])];
  const found = await client.container.dockerode.listContainers({ all: true, filters: { label } });
  return found.map((info) => `${info.Id.slice(0, 12)} ${info.State}`);
}

/** Removes a run's case containers: a test stopped mid-start can leave one created and never started. */
export async function removeCaseContainers(run: string): Promise<void> {
  const client = await getContainerRuntimeClient().catch(() => undefined);
  if (client === undefined) return;
  for (const entry of await caseContainers(run)) {
    await client.container.dockerode
      .getContainer(entry.split(' ')[0]!)
      .remove({ force: true })
      .catch(() => undefined);
  }
}

/**
 * Runtimes' caches, in memory: a scratch image has no HOME, so Deno keeps its
 * DENO_DIR in /.cache/deno. On the image's overlay, its first run hardlinks its
 * 95 MB binary there as a `node` shim (a copy-up to disk, in every container),
 * and every cold run writes and fsyncs its caches. On tmpfs the shim is a
 * symlink, and an fsync costs nothing.
 */
const CACHE_TMPFS = { '/.cache': 'rw,size=256m' };

/** Containers that may be starting at once in this process: many starting together outlast a test's timeout. */
const STARTING_AT_ONCE = 2;
let starting = 0;
const waitingToStart: (() => void)[] = [];

async function oneStartAtATime<T>(start: () => Promise<T>): Promise<T> {
  while (starting >= STARTING_AT_ONCE) await new Promise<void>((resolve) => waitingToStart.push(resolve));
  starting++;
  try {
    return await start();
  } finally {
    starting--;
    waitingToStart.shift()?.();
  }
}

/** Starts `command` in `image` and streams its output. */
export async function startInContainer(
  image: string,
  command: string[],
  env: Record<string, string>,
): Promise<ContainerProcess> {
  const started: StartedTestContainer = await oneStartAtATime(() =>
    new GenericContainer(image)
      .withNetworkMode('host')
      .withBindMounts([
        { source: ROOT, target: ROOT, mode: 'ro' },
        { source: os.tmpdir(), target: os.tmpdir(), mode: 'rw' },
      ])
      .withEnvironment(env)
      .withLabels({ [CHECKOUT_LABEL]: ROOT, [RUN_LABEL]: containerRunId() })
      .withWorkingDir(path.join(ROOT, 'fixtures'))
      .withTmpFs(CACHE_TMPFS)
      .withCommand(command)
      // Started is enough (no ports: the host network): the output is followed, and read whole at the exit.
      .withWaitStrategy(Wait.forListeningPorts())
      .withStartupTimeout(30_000)
      .start(),
  );
  const client = await getContainerRuntimeClient();
  const container = client.container.getById(started.getId());
  const follow = await started.logs();
  const output = new PassThrough();
  let received = '';
  let following = true;
  follow.setEncoding('utf8');
  follow.on('data', (chunk: string) => {
    if (!following) return;
    received += chunk;
    output.write(chunk);
  });
  // A followed log can stop short, or end empty, when the container exits
  // quickly: once it has exited, stop following, read the whole log again and
  // pass on what the follow missed.
  const exited = container.wait().then(async (result: { StatusCode: number }) => {
    following = false;
    follow.destroy();
    const whole = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    const all = demultiplex(whole);
    output.write(all.startsWith(received) ? all.slice(received.length) : linesMissing(all, received));
    output.end();
    return { code: result.StatusCode, signal: null };
  });
  return {
    id: started.getId(),
    stdout: output,
    exited,
    async stop() {
      await started.stop({ timeout: 0, remove: true }).catch(() => undefined);
    },
  };
}

/** A case program started by a launcher in its container. */
export interface CaseInContainer {
  /** The case's primary as this machine's /proc shows it (it leads its process group), where it was found. */
  hostPid: number | undefined;
  /** What the case wrote on stdout and stderr, in order, as from one pipe; it ends with the case. */
  output: Readable;
  /** Settles once the case has ended and its output is all read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Writes to the case's stdin. */
  send(line: string): void;
  /** Kills the case's process group. */
  kill(): void;
}

const LAUNCHER = path.join(FIXTURES, 'support', 'container-launcher.js');
/** How long a new container's launcher may take to connect. */
const LAUNCHER_CONNECT_MS = 30_000;
/** The launcher is pinged this often while it has cases, and lost once it has not answered for LAUNCHER_SILENT_MS. */
const LAUNCHER_PING_MS = 1_000;
const LAUNCHER_SILENT_MS = 5_000;
/**
 * How long it may stay silent while it starts a case (a busy child younger than its silence). In two
 * matrices of 2026-12-04 docker:deno's launcher was silent for 5.2-5.3 s on a loaded machine, asleep
 * (once in a socket read, __skb_wait_for_more_packets), with 10 and 13 cases running and more being
 * started; a spawn that waits for its forked child is the likely wait, not shown.
 */
const LAUNCHER_STARTING_SILENT_MS = 20_000;

interface LaunchedCase {
  connected(socket: net.Socket, pid: number | null, rest: Buffer): void;
  exit(exit: { code: number | null; signal: NodeJS.Signals | null }): void;
  lost(error: Error): void;
}

type LauncherEvent =
  | { event: 'exit'; id: number; code: number | null; signal: NodeJS.Signals | null }
  | { event: 'failed'; id: number; error: string }
  | { event: 'pong'; id: number };

/**
 * Moves a container's launcher into this process's CPU cgroup (cgroup v1, as
 * root), where the cases it starts are scheduled as the host's are. In docker's
 * own group, every container shares the CPU of one task group, which competes
 * as one with each host session (autogroup; every case is a session of its
 * own): beside 8 busy host sessions docker:deno's LISTEN tests took 44 s, not
 * 11, and in CI matrices docker:deno's cases hung runnable with little CPU.
 * Under cgroup v2, or without the right, containers stay where docker put them.
 */
function shareHostCpu(pid: number): void {
  const own = cpuCgroup('self');
  if (own === undefined) return;
  try {
    writeFileSync(path.join('/sys/fs/cgroup', own.controllers, own.path, 'cgroup.procs'), String(pid));
  } catch {
    // Not root.
  }
}

/** The cgroup v1 hierarchy with the cpu controller that a process is in (e.g. cpu,cpuacct and /docker/<id>); none under v2. */
export function cpuCgroup(pid: number | 'self'): { controllers: string; path: string } | undefined {
  try {
    const line = /^\d+:((?:[^:]*,)?cpu(?:,[^:]*)?):(.*)$/m.exec(readFileSync(`/proc/${pid}/cgroup`, 'utf8'));
    return line ? { controllers: line[1]!, path: line[2]! } : undefined;
  } catch {
    return undefined;
  }
}

/** Launchers whose containers still run, removed at this process's exit. */
const liveLaunchers = new Set<Launcher>();
process.once('exit', () => {
  for (const launcher of liveLaunchers) launcher.removeNow();
});

/** One container of a test worker, and the launcher in it that starts that worker's cases. */
export class Launcher {
  private control: net.Socket | undefined;
  private readonly cases = new Map<number, LaunchedCase>();
  private nextId = 0;
  private lostWith: Error | undefined;
  private containerId: string | undefined;
  /** The launcher's pid on this machine: the parent of every case it starts. */
  pid: number | undefined;
  private onControl: ((error?: Error) => void) | undefined;
  private pinger: NodeJS.Timeout | undefined;
  /** When the launcher last answered a ping, or had nothing to do (epoch ms). */
  private lastAnswer = Date.now();
  readonly ended: Promise<void>;
  private end!: () => void;

  private constructor(
    private readonly server: net.Server,
    private readonly command: string[],
  ) {
    this.ended = new Promise((resolve) => {
      this.end = resolve;
    });
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(image: string, command: string[]): Promise<Launcher> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const launcher = new Launcher(server, command);
    const connected = new Promise<void>((resolve, reject) => {
      launcher.onControl = (error) => (error ? reject(error) : resolve());
    });
    try {
      const started = await oneStartAtATime(() =>
        new GenericContainer(image)
          .withNetworkMode('host')
          .withBindMounts([
            { source: ROOT, target: ROOT, mode: 'ro' },
            { source: os.tmpdir(), target: os.tmpdir(), mode: 'rw' },
          ])
          .withEnvironment({ CASE_LAUNCHER_PORT: String((server.address() as net.AddressInfo).port) })
          .withLabels({ [CHECKOUT_LABEL]: ROOT, [RUN_LABEL]: containerRunId() })
          .withWorkingDir(FIXTURES)
          .withTmpFs(CACHE_TMPFS)
          .withCommand([...command, LAUNCHER])
          // Started is enough (no ports: the host network): the launcher connects.
          .withWaitStrategy(Wait.forListeningPorts())
          .withStartupTimeout(LAUNCHER_CONNECT_MS)
          .start(),
      );
      launcher.containerId = started.getId();
      liveLaunchers.add(launcher);
      const container = (await getContainerRuntimeClient()).container.getById(started.getId());
      const state = (await container.inspect().catch(() => undefined)) as { State?: { Pid?: number } } | undefined;
      launcher.pid = state?.State?.Pid || undefined;
      if (launcher.pid !== undefined) shareHostCpu(launcher.pid);
      container.wait().then(
        async () => {
          const log = (await container.logs({ stdout: true, stderr: true, follow: false }).catch(() => '')) as
            | Buffer
            | string;
          const said = (typeof log === 'string' ? log : demultiplex(log)).trim().split('\n').slice(-5).join(' | ');
          launcher.lose(new Error(`its container ${started.getId().slice(0, 12)} ended${said ? `: ${said}` : ''}`));
        },
        (error: Error) => launcher.lose(error),
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        connected,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the launcher in ${image} did not connect within ${LAUNCHER_CONNECT_MS} ms`)),
            LAUNCHER_CONNECT_MS,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      return launcher;
    } catch (error) {
      launcher.lose(error as Error);
      await launcher.remove();
      throw error;
    }
  }

  /** Every connection opens with a line: the launcher's control, or one case's output. */
  private accept(socket: net.Socket): void {
    socket.on('error', () => {});
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const at = head.indexOf(10);
      if (at === -1) return;
      socket.off('data', onData);
      socket.pause();
      const hello = JSON.parse(head.subarray(0, at).toString('utf8')) as { launcher?: 1; case?: number; pid?: number };
      const rest = head.subarray(at + 1);
      if (hello.launcher) this.accepted(socket, rest);
      else if (hello.case !== undefined && this.cases.has(hello.case))
        this.cases.get(hello.case)!.connected(socket, hello.pid ?? null, rest);
      else socket.destroy();
    };
    socket.on('data', onData);
  }

  private accepted(control: net.Socket, rest: Buffer): void {
    this.control = control;
    let buffered = rest.toString('utf8');
    const lines = () => {
      let at = buffered.indexOf('\n');
      while (at !== -1) {
        this.onEvent(JSON.parse(buffered.slice(0, at)) as LauncherEvent);
        buffered = buffered.slice(at + 1);
        at = buffered.indexOf('\n');
      }
    };
    control.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      lines();
    });
    control.on('close', () => this.lose(new Error('its launcher closed the connection')));
    control.resume();
    lines();
    this.watch();
    this.onControl?.();
  }

  private onEvent(message: LauncherEvent): void {
    if (message.event === 'pong') this.lastAnswer = Date.now();
    // The end can come before the case's own connection is taken in: the case stays known until both have.
    else if (message.event === 'exit') this.cases.get(message.id)?.exit({ code: message.code, signal: message.signal });
    else {
      this.cases.get(message.id)?.lost(new Error(`its launcher could not start the case: ${message.error}`));
      this.cases.delete(message.id);
    }
  }

  /**
   * A launcher that stops answering (its runtime hung) is lost, with its cases: they fail at once
   * with the reason, instead of waiting out their deadlines, and the next case gets a new container.
   */
  private watch(): void {
    let lastTick = Date.now();
    let ping = 0;
    this.pinger = setInterval(() => {
      const now = Date.now();
      // Nothing waits on an idle launcher; a late tick means this process did not run: neither is silence.
      if (this.cases.size === 0 || now - lastTick > 2 * LAUNCHER_PING_MS) this.lastAnswer = now;
      lastTick = now;
      const silent = now - this.lastAnswer;
      if (silent > LAUNCHER_SILENT_MS && !(silent <= LAUNCHER_STARTING_SILENT_MS && this.startingCase(silent))) {
        this.lose(
          new Error(
            `its launcher has not answered for ${now - this.lastAnswer} ms, with ${this.cases.size} cases running` +
              `${this.hostState()}`,
          ),
        );
        void this.remove();
        return;
      }
      this.control?.write(`${JSON.stringify({ cmd: 'ping', id: ++ping })}\n`);
    }, LAUNCHER_PING_MS).unref();
  }

  /**
   * Whether the launcher is starting a case: not stopped itself, with a child younger than
   * `silentMs` that is runnable or in disk sleep (a case that has started and idles does not count).
   */
  private startingCase(silentMs: number): boolean {
    if (this.pid === undefined || readStat(this.pid)?.state === 'T') return false;
    const youngest = youngestChildMs(this.pid, true);
    return youngest !== undefined && youngest < silentMs + LAUNCHER_PING_MS;
  }

  /** The launcher process as this machine's /proc shows it: what it is doing, for the message of a hang. */
  private hostState(): string {
    if (this.pid === undefined) return '';
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const wchan = readFileSync(`/proc/${this.pid}/wchan`, 'utf8');
      return ` (its process ${this.pid} here: state ${fields[0]}, ${fields[17]} threads, waiting in ${wchan || 'nothing'})`;
    } catch {
      return ` (its process ${this.pid} is gone here)`;
    }
  }

  /** This machine's pid of the launcher's child that is `pid` in the container. */
  private hostPidOf(pid: number): number | undefined {
    if (this.pid === undefined) return undefined;
    const read = (file: string) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return ''; // Gone meanwhile (another case that ended), or not Linux.
      }
    };
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${this.pid}/task`);
    } catch {
      return undefined;
    }
    for (const task of tasks) {
      for (const child of read(`/proc/${this.pid}/task/${task}/children`).trim().split(' ').filter(Boolean)) {
        const nsPids = /^NSpid:\s+(.*)$/m.exec(read(`/proc/${child}/status`))?.[1]?.split(/\s+/);
        if (nsPids !== undefined && Number(nsPids[nsPids.length - 1]) === pid) return Number(child);
      }
    }
    return undefined;
  }

  async startCase(args: string[], env: Record<string, string>): Promise<CaseInContainer> {
    if (this.lostWith) throw this.lostWith;
    const id = ++this.nextId;
    const output = new PassThrough();
    let socket: net.Socket | undefined;
    let hostPid: number | undefined;
    let exited!: (exit: { code: number | null; signal: NodeJS.Signals | null }) => void;
    const exitReported = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      exited = resolve;
    });
    const outputEnded = new Promise<void>((resolve) => output.once('end', resolve));
    let ended = 0;
    const forgetOnceBoth = () => {
      if (++ended === 2) this.cases.delete(id);
    };
    await new Promise<void>((resolve, reject) => {
      this.cases.set(id, {
        connected: (connection, pid, rest) => {
          forgetOnceBoth();
          socket = connection;
          if (rest.length > 0) output.write(rest);
          connection.on('data', (chunk: Buffer) => {
            if (!output.writableEnded) output.write(chunk);
          });
          connection.once('close', () => {
            if (!output.writableEnded) output.end();
          });
          connection.resume();
          hostPid = pid === null ? undefined : this.hostPidOf(pid);
          resolve();
        },
        exit: (exit) => {
          forgetOnceBoth();
          exited(exit);
        },
        lost: (error) => {
          socket?.destroy();
          if (!output.writableEnded) output.end(`container lost: ${error.message}\n`);
          exited({ code: null, signal: null });
          reject(error);
        },
      });
      this.control!.write(`${JSON.stringify({ cmd: 'start', id, command: this.command, args, env, cwd: FIXTURES })}\n`);
    });
    return {
      hostPid,
      output,
      exited: Promise.all([exitReported, outputEnded]).then(([exit]) => exit),
      send: (line) => socket?.write(line),
      kill: () => this.control?.write(`${JSON.stringify({ cmd: 'kill', id })}\n`),
    };
  }

  /** The container ended, or its launcher went: every case of it ends, and the next case starts another. */
  private lose(error: Error): void {
    if (this.lostWith) return;
    this.lostWith = error;
    clearInterval(this.pinger);
    this.onControl?.(error);
    for (const launched of this.cases.values()) launched.lost(error);
    this.cases.clear();
    this.control?.destroy();
    this.server.close();
    this.end();
  }

  async remove(): Promise<void> {
    liveLaunchers.delete(this);
    if (this.containerId === undefined) return;
    const client = await getContainerRuntimeClient().catch(() => undefined);
    await client?.container.dockerode
      .getContainer(this.containerId)
      .remove({ force: true })
      .catch(() => undefined);
  }

  /** Synchronous, for an 'exit' handler. */
  removeNow(): void {
    if (this.containerId === undefined) return;
    try {
      execFileSync('docker', ['rm', '-f', this.containerId], { stdio: 'ignore' });
    } catch {
      // Gone already.
    }
  }
}

/** Launchers by image and command: one per test worker each. */
const launchers = new Map<string, Promise<Launcher>>();

/**
 * This test worker's launcher for `image`, started on first use. One that
 * failed to start stays failed (each later case fails at once with its
 * error); one whose container ended gives way to a new one.
 */
export function launcherFor(image: string, command: string[]): Promise<Launcher> {
  const key = JSON.stringify([image, command]);
  let launcher = launchers.get(key);
  if (launcher === undefined) {
    launcher = Launcher.start(image, command);
    launchers.set(key, launcher);
    launcher.then(
      (started) =>
        started.ended.then(() => {
          if (launchers.get(key) === launcher) launchers.delete(key);
        }),
      () => undefined,
    );
  }
  return launcher;
}

/** Starts a case program (`args`: its path and arguments) in this test worker's container for `image`. */
export async function startCaseInContainer(
  image: string,
  command: string[],
  args: string[],
  env: Record<string, string>,
): Promise<CaseInContainer> {
  return (await launcherFor(image, command)).startCase(args, env);
}

/** The Node version `node` reports inside a plain image. */
export async function versionInImage(image: string): Promise<string> {
  const run = await startInContainer(image, ['node', '-p', 'process.versions.node'], {});
  let out = '';
  run.stdout.setEncoding('utf8');
  run.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  await run.exited;
  await run.stop();
  const version = /\d+\.\d+\.\d+/.exec(out)?.[0];
  if (!version) throw new TargetError(`the image ${image} has no usable node (printed ${JSON.stringify(out.trim())})`);
  return version;
}

/** Whole lines of `all` that `received` lacks (when the follow lost lines in the middle). */
function linesMissing(all: string, received: string): string {
  const seen = new Map<string, number>();
  for (const line of received.split('\n')) seen.set(line, (seen.get(line) ?? 0) + 1);
  const missing: string[] = [];
  for (const line of all.split('\n').slice(0, -1)) {
    const count = seen.get(line) ?? 0;
    if (count > 0) seen.set(line, count - 1);
    else missing.push(`${line}\n`);
  }
  return missing.join('');
}

/** Docker's multiplexed log format: frames of [stream, 0, 0, 0, size (uint32 BE)] then the payload. */
function demultiplex(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(at + 4);
    parts.push(buffer.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
