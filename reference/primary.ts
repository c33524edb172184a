// The primary: forks workers, answers their queryServer, and turns their
// messages into the cluster events fork, online, listening, message,
// disconnect and exit (LIFE-*).
import { EventEmitter } from 'node:events';
import { fork as forkProcess, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import {
  IDENTITY_VARIABLE, SCHED_NONE, SCHED_RR, isWellFormedQuery, serverKey,
  type QueryServerMessage, type Received, type SchedulingPolicy,
} from './protocol.js';
import { internal, sendHelper } from './utils.js';
import { Worker, WorkerClass } from './worker.js';
import { RoundRobinHandle } from './round_robin_handle.js';
import { SharedHandle, type ServerHandle } from './shared_handle.js';
import { workerExecArgv } from './worker_entry.js';

export interface PrimaryWorker extends WorkerClass {
  process: ChildProcess;
}

export interface ClusterSettings {
  exec?: string;
  args?: string[];
  execArgv?: string[];
  silent?: boolean;
  stdio?: StdioOptions;
  cwd?: string;
  serialization?: 'json' | 'advanced';
  windowsHide?: boolean;
  uid?: number;
  gid?: number;
  inspectPort?: number | (() => number);
}

export interface PrimaryCluster extends EventEmitter {
  isWorker: false;
  isMaster: true;
  isPrimary: true;
  Worker: typeof Worker;
  workers: Record<number, PrimaryWorker>;
  settings: ClusterSettings;
  SCHED_NONE: typeof SCHED_NONE;
  SCHED_RR: typeof SCHED_RR;
  schedulingPolicy: SchedulingPolicy;
  setupPrimary(options?: ClusterSettings): void;
  setupMaster(options?: ClusterSettings): void;
  fork(env?: NodeJS.ProcessEnv): PrimaryWorker;
  disconnect(cb?: () => void): void;
}

/**
 * Where a worker's own side of the protocol comes from:
 * - 'reference': the reference child (started so the runtime leaves NODE_UNIQUE_ID alone);
 * - 'runtime': the runtime's built-in worker side (the reference-interop target).
 */
export const WORKER_SIDE_VARIABLE = 'CLUSTER_REFERENCE_WORKER_SIDE';

const MIN_PORT = 1024;
const UV_EINVAL = -22;
const MAX_PORT = 65535;
const INSPECTOR_FLAG = /--inspect(?:-brk|-port)?|--debug-port/;

function usesInspector(execArgv: string[]): boolean {
  return INSPECTOR_FLAG.test(execArgv.join(' ')) || INSPECTOR_FLAG.test(process.env.NODE_OPTIONS ?? '');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `function ${value.name}`;
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  let shown = String(value);
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  if (typeof value === 'string') shown = `'${shown}'`;
  return `type ${typeof value} (${shown})`;
}

/** Node's ERR_SOCKET_BAD_PORT, a RangeError. */
function badPort(port: unknown): RangeError {
  const error = new RangeError(`Port should be >= 0 and < 65536. Received ${describeValue(port)}.`) as RangeError & { code: string };
  error.code = 'ERR_SOCKET_BAD_PORT';
  return error;
}

function validatePort(port: unknown): number {
  const valid = (typeof port === 'number' || (typeof port === 'string' && port.trim() !== '')) &&
    +port === (+port >>> 0) && +port <= 0xFFFF;
  if (!valid) throw badPort(port);
  return +port;
}

/** What Node's internal assert throws. */
function internalAssertion(message: string): Error {
  const error = new Error(`${message}\nThis is caused by either a bug in Node.js or incorrect usage of Node.js internals.\n` +
    'Please open an issue with this stack trace at https://github.com/nodejs/node/issues\n') as Error & { code: string };
  error.code = 'ERR_INTERNAL_ASSERTION';
  return error;
}

export function createPrimary(): PrimaryCluster {
  const intercom = new EventEmitter();
  const handles = new Map<string, ServerHandle>();
  const workerSide = process.env[WORKER_SIDE_VARIABLE] === 'runtime' ? 'runtime' : 'reference';
  let ids = 0;
  let initialized = false;
  let schedulingPolicy: SchedulingPolicy;

  const policyFromEnv = process.env.NODE_CLUSTER_SCHED_POLICY;
  const cluster = new EventEmitter() as PrimaryCluster;
  Object.assign(cluster, {
    isWorker: false,
    isMaster: true,
    isPrimary: true,
    Worker,
    workers: {},
    settings: {},
    SCHED_NONE,
    SCHED_RR,
    // SETUP-9: read once, at load; RR everywhere but Windows.
    schedulingPolicy: policyFromEnv === 'rr' ? SCHED_RR
      : policyFromEnv === 'none' ? SCHED_NONE
        : process.platform === 'win32' ? SCHED_NONE : SCHED_RR,
  });

  // SETUP-*: defaults on first call, then cumulative; 'setup' on next tick.
  cluster.setupPrimary = function setupPrimary(options?: ClusterSettings): void {
    const settings: ClusterSettings = {
      args: process.argv.slice(2),
      exec: process.argv[1],
      execArgv: process.execArgv,
      silent: false,
      ...cluster.settings,
      ...options,
    };
    // A separate V8 log per worker.
    const execArgv = settings.execArgv ?? [];
    if (execArgv.some((arg) => arg.startsWith('--prof')) && !execArgv.some((arg) => arg.startsWith('--logfile='))) {
      settings.execArgv = [...execArgv, '--logfile=v8-%p.log'];
    }
    cluster.settings = settings;
    if (!initialized) {
      initialized = true;
      schedulingPolicy = cluster.schedulingPolicy; // Frozen from here on.
      // SETUP-30: Node's internal assert, ERR_INTERNAL_ASSERTION.
      if (schedulingPolicy !== SCHED_NONE && schedulingPolicy !== SCHED_RR) {
        throw internalAssertion(`Bad cluster.schedulingPolicy: ${String(schedulingPolicy)}`);
      }
    }
    process.nextTick(() => cluster.emit('setup', settings));
  };
  cluster.setupMaster = cluster.setupPrimary;

  function createWorkerProcess(id: number, env?: NodeJS.ProcessEnv): ChildProcess {
    const settings = cluster.settings;
    // ENV-1, SETUP-5: fork(env) overrides the primary's variables; NODE_UNIQUE_ID is spread last, so it cannot be overridden.
    const workerEnv: NodeJS.ProcessEnv = { ...process.env, ...env, [IDENTITY_VARIABLE]: `${id}` };
    const execArgv = [...(settings.execArgv ?? [])];
    if (settings.inspectPort === null) throw badPort(null); // SETUP-8
    if (usesInspector(settings.execArgv ?? [])) execArgv.push(`--inspect-port=${nextInspectPort(settings)}`);
    const exec = settings.exec as string;
    const args = settings.args ?? [];
    // A reference worker starts as Node's do, with the reference's bootstrap as
    // its first preload (worker_entry); reference-interop leaves the worker side to the runtime.
    // windowsHide is spawn's; fork passes it on, as Node's cluster relies on.
    const options = {
      cwd: settings.cwd, env: workerEnv, serialization: settings.serialization,
      silent: settings.silent, stdio: settings.stdio,
      execArgv: workerSide === 'runtime' ? execArgv : workerExecArgv(execArgv),
      windowsHide: settings.windowsHide, gid: settings.gid, uid: settings.uid,
    };
    return forkProcess(exec, args, options);
  }

  // SETUP-14, SETUP-15: workers of an inspected primary get their own port.
  let debugPortOffset = 1;
  function nextInspectPort(settings: ClusterSettings): number {
    if ('inspectPort' in settings) {
      const port = typeof settings.inspectPort === 'function' ? settings.inspectPort() : settings.inspectPort;
      return validatePort(port);
    }
    let port = process.debugPort + debugPortOffset++;
    if (port > MAX_PORT) port = port - MAX_PORT + MIN_PORT - 1;
    return port;
  }

  function removeWorker(worker: PrimaryWorker): void {
    delete cluster.workers[worker.id];
    if (Object.keys(cluster.workers).length === 0) {
      if (handles.size !== 0) throw new Error('Resource leak detected.');
      intercom.emit('disconnect');
    }
  }

  function removeHandlesForWorker(worker: PrimaryWorker): void {
    for (const [key, handle] of handles) {
      if (handle.remove(worker)) handles.delete(key);
    }
  }

  cluster.fork = function fork(env?: NodeJS.ProcessEnv): PrimaryWorker {
    cluster.setupPrimary();
    const id = ++ids;
    const worker = new Worker({ id, process: createWorkerProcess(id, env) }) as PrimaryWorker;

    worker.on('message', function (this: PrimaryWorker, message: unknown, handle: unknown) {
      cluster.emit('message', this, message, handle);
    });

    // LIFE-1, EXIT-1..3: exit and disconnect may come in either order.
    worker.process.once('exit', (exitCode: number | null, signalCode: NodeJS.Signals | null) => {
      if (!worker.isConnected()) {
        removeHandlesForWorker(worker);
        removeWorker(worker);
      }
      worker.exitedAfterDisconnect = !!worker.exitedAfterDisconnect;
      worker.state = 'dead';
      worker.emit('exit', exitCode, signalCode);
      cluster.emit('exit', worker, exitCode, signalCode);
    });

    worker.process.once('disconnect', () => {
      removeHandlesForWorker(worker);
      if (worker.isDead()) removeWorker(worker);
      worker.exitedAfterDisconnect = !!worker.exitedAfterDisconnect;
      worker.state = 'disconnected';
      worker.emit('disconnect');
      cluster.emit('disconnect', worker);
    });

    worker.process.on('internalMessage', internal(worker, onmessage));
    process.nextTick(() => cluster.emit('fork', worker));
    cluster.workers[worker.id] = worker;
    return worker;
  };

  cluster.disconnect = function disconnect(cb?: () => void): void {
    const workers = Object.values(cluster.workers);
    if (workers.length === 0) {
      process.nextTick(() => intercom.emit('disconnect'));
    } else {
      for (const worker of workers) {
        if (worker.isConnected()) worker.disconnect();
      }
    }
    if (typeof cb === 'function') intercom.once('disconnect', cb);
  };

  // The acts a worker may send, by name.
  const acts: Record<string, (worker: PrimaryWorker, message: Received) => void> = {
    online, queryServer, listening, close, exitedAfterDisconnect,
  };

  function onmessage(this: PrimaryWorker, message: Received): void {
    const act = typeof message.act === 'string' ? acts[message.act] : undefined;
    if (act !== undefined && Object.hasOwn(acts, message.act as string)) act(this, message);
  }

  function online(worker: PrimaryWorker): void {
    worker.state = 'online';
    worker.emit('online');
    cluster.emit('online', worker);
  }

  function exitedAfterDisconnect(worker: PrimaryWorker, message: Received): void {
    worker.exitedAfterDisconnect = true;
    send(worker, { ack: message.seq });
  }

  function queryServer(worker: PrimaryWorker, received: Received): void {
    // A worker on its way out gets no reply.
    if (worker.exitedAfterDisconnect) return;
    // A malformed query gets EINVAL instead of a server.
    if (!isWellFormedQuery(received)) return void send(worker, { errno: UV_EINVAL, key: null, ack: received.seq, data: null });
    const message = received as unknown as QueryServerMessage & Received;
    const key = serverKey(message);
    const cached = handles.get(key);
    let handle = cached;

    if (handle === undefined || handle.has(worker)) {
      let address = message.address;
      // Unix socket paths: bind the shorter relative form (sun_path limit).
      if ((message.port ?? 0) < 0 && typeof address === 'string' && process.platform !== 'win32') {
        const relative = path.relative(process.cwd(), address);
        if (address.length > relative.length) address = relative;
      }
      const rr = schedulingPolicy === SCHED_RR && message.addressType !== 'udp4' && message.addressType !== 'udp6';
      try {
        handle = rr ? new RoundRobinHandle(key, address, message) : new SharedHandle(key, address, message);
      } catch {
        // listen() threw on the values (a port out of range, say).
        return void send(worker, { errno: UV_EINVAL, key, ack: message.seq, data: null });
      }
      if (cached === undefined) handles.set(key, handle);
    }

    const created = handle;
    if (!created.data) created.data = message.data;
    created.add(worker, (errno, reply, sendHandle) => {
      const data = created.data;
      if (errno) {
        if (cached === undefined) handles.delete(key); // Lets another worker retry.
      } else if (cached !== undefined && cached !== created) {
        handles.set(key, created);
      }
      send(worker, { errno, key, ack: message.seq, data, ...reply }, sendHandle);
    });
  }

  function listening(worker: PrimaryWorker, message: Received): void {
    // PORT-4: exactly these four keys.
    const info = {
      addressType: message.addressType,
      address: message.address,
      port: message.port,
      fd: message.fd,
    };
    worker.state = 'listening';
    worker.emit('listening', info);
    cluster.emit('listening', worker, info);
  }

  function close(worker: PrimaryWorker, message: Received): void {
    const key = message.key as string;
    const handle = handles.get(key);
    if (handle !== undefined && handle.remove(worker)) handles.delete(key);
  }

  function send(worker: PrimaryWorker, message: object, handle?: unknown, cb?: Parameters<typeof sendHelper>[3]) {
    return sendHelper(worker.process, message, handle, cb);
  }

  // Primary-side Worker methods.
  WorkerClass.prototype.disconnect = function disconnect(this: PrimaryWorker) {
    this.exitedAfterDisconnect = true;
    send(this, { act: 'disconnect' });
    removeHandlesForWorker(this);
    removeWorker(this);
    return this;
  };

  WorkerClass.prototype.destroy = function destroy(this: PrimaryWorker, signal?: NodeJS.Signals | number) {
    // LIFE-5: the primary only sends the signal (Node >= 15, PR #34312).
    this.process.kill(signal || 'SIGTERM');
  };

  return cluster;
}
