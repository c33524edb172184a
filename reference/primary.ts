// The primary: forks workers, answers their queryServer, and turns their
// messages into the cluster events fork, online, listening, message,
// disconnect and exit (LIFE-*).

import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { NativeHandle } from './native_handles.js';
import {
  type CloseMessage,
  type FromWorker,
  fromWorker,
  IDENTITY_VARIABLE,
  type ListeningMessage,
  type Message,
  type Received,
  SCHED_NONE,
  SCHED_RR,
  type SchedulingPolicy,
  serverKey,
} from './protocol.js';
import { RoundRobinHandle } from './round_robin_handle.js';
import type { ServerHandle } from './server_handle.js';
import { assert, badPort, type ClusterSettings, getInspectPort, isUsingInspector } from './settings.js';
import { SharedHandle } from './shared_handle.js';
import { internal, sendHelper } from './utils.js';
import { type PrimaryWorker, Worker, WorkerClass } from './worker.js';
import { workerStart } from './worker_start.js';

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

const UV_EINVAL = -22;

export function createPrimary(): PrimaryCluster {
  const intercom = new EventEmitter();
  const handles = new Map<string, ServerHandle>();
  const forkWorker = workerStart(process.env);
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
    // SETUP-9, SETUP-32: read once, at load; RR everywhere but Windows.
    schedulingPolicy:
      policyFromEnv === 'rr'
        ? SCHED_RR
        : policyFromEnv === 'none'
          ? SCHED_NONE
          : process.platform === 'win32'
            ? SCHED_NONE
            : SCHED_RR,
  });

  // SETUP-1, SETUP-2: defaults on first call, then cumulative; SETUP-3, SETUP-21: 'setup' on next tick, with this call's settings.
  cluster.setupPrimary = function setupPrimary(options?: ClusterSettings): void {
    const settings: ClusterSettings = {
      args: process.argv.slice(2),
      exec: process.argv[1],
      execArgv: process.execArgv,
      silent: false,
      ...cluster.settings,
      ...options,
    };
    // SETUP-33: a separate V8 log per worker.
    const execArgv = settings.execArgv ?? [];
    if (execArgv.some((arg) => arg.startsWith('--prof')) && !execArgv.some((arg) => arg.startsWith('--logfile='))) {
      settings.execArgv = [...execArgv, '--logfile=v8-%p.log'];
    }
    cluster.settings = settings;
    if (!initialized) {
      initialized = true;
      schedulingPolicy = cluster.schedulingPolicy; // SETUP-13, SETUP-31: frozen from here on.
      assert(
        schedulingPolicy === SCHED_NONE || schedulingPolicy === SCHED_RR, // SETUP-30
        `Bad cluster.schedulingPolicy: ${String(schedulingPolicy)}`,
      );
    }
    process.nextTick(() => cluster.emit('setup', settings));
  };
  cluster.setupMaster = cluster.setupPrimary;

  // ENV-1, SETUP-5: fork(env) overrides the primary's variables; NODE_UNIQUE_ID is spread last, so it cannot be overridden.
  function createWorkerProcess(id: number, env?: NodeJS.ProcessEnv): ChildProcess {
    const settings = cluster.settings;
    const workerEnv: NodeJS.ProcessEnv = { ...process.env, ...env, [IDENTITY_VARIABLE]: `${id}` };
    const execArgv = [...(settings.execArgv ?? [])];
    if (settings.inspectPort === null) throw badPort(null); // SETUP-8
    if (isUsingInspector(settings.execArgv ?? []))
      execArgv.push(`--inspect-port=${getInspectPort(settings.inspectPort)}`);
    // fork() applies the rest, and throws on what it rejects: args and cwd (SETUP-4), silent and stdio
    // (SETUP-6, SETUP-7, SETUP-22, SETUP-23, SETUP-24), execArgv (SETUP-10), exec, relative to cwd (SETUP-16,
    // SETUP-29), serialization (SETUP-18, MSG-4), uid and gid (SETUP-26, SETUP-27); settings.env is not used (SETUP-25).
    return forkWorker(settings.exec, settings.args ?? [], {
      cwd: settings.cwd,
      env: workerEnv,
      serialization: settings.serialization,
      silent: settings.silent,
      stdio: settings.stdio,
      execArgv,
      windowsHide: settings.windowsHide,
      gid: settings.gid,
      uid: settings.uid,
    });
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

    worker.process.on(
      'internalMessage',
      internal(worker, fromWorker, (message) => onmessage(worker, message)),
    );
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

  // The acts a worker sends (protocol.fromWorker); anything else was dropped on arrival (MSG-7).
  function onmessage(worker: PrimaryWorker, message: FromWorker): void {
    switch (message.act) {
      case 'online':
        return online(worker);
      case 'queryServer':
      case 'malformedQuery':
        return queryServer(worker, message);
      case 'listening':
        return listening(worker, message);
      case 'close':
        return close(worker, message);
      case 'exitedAfterDisconnect':
        return exitedAfterDisconnect(worker, message);
    }
  }

  function online(worker: PrimaryWorker): void {
    worker.state = 'online';
    worker.emit('online');
    cluster.emit('online', worker);
  }

  function exitedAfterDisconnect(worker: PrimaryWorker, message: Received<{ act: 'exitedAfterDisconnect' }>): void {
    worker.exitedAfterDisconnect = true;
    send(worker, { ack: message.seq });
  }

  function queryServer(worker: PrimaryWorker, message: FromWorker & { act: 'queryServer' | 'malformedQuery' }): void {
    // A worker on its way out gets no reply.
    if (worker.exitedAfterDisconnect) return;
    // A query that names no server gets EINVAL instead of a server (MSG-7).
    if (message.act === 'malformedQuery')
      return void send(worker, { errno: UV_EINVAL, key: null, ack: message.seq, data: null });
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

  function listening(worker: PrimaryWorker, message: Received<ListeningMessage>): void {
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

  function close(worker: PrimaryWorker, message: Received<CloseMessage>): void {
    const handle = handles.get(message.key);
    if (handle?.remove(worker)) handles.delete(message.key);
  }

  function send(worker: PrimaryWorker, message: Message, handle?: NativeHandle | null): boolean {
    return sendHelper(worker.process, message, handle);
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
