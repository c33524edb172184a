// The worker side: announces itself (online), asks the primary for servers
// (queryServer), adopts the reply as a shared handle or a round-robin faux
// handle, accepts `newconn`, and disconnects (LIFE-*, QUERY-*, RR-*).
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { internals, type NativeHandle } from './native_handles.js';
import { IDENTITY_VARIABLE, type QueryServerMessage, type Received, type ServerQuery } from './protocol.js';
import { internal, sendHelper, skipSeq, type ReplyCallback } from './utils.js';
import { Worker, WorkerClass } from './worker.js';
import type net from 'node:net';

/** The server (or socket) that adopted a handle; `close(cb)` waits for its connections. */
export const kOwner = Symbol('cluster.owner');

export interface ClusterHandle extends NativeHandle {
  [kOwner]?: { close(cb?: () => void): unknown };
}

export type GetServerCallback = (errno: number | null, handle: ClusterHandle | null) => void;

/** A server object as `_getServer` sees it (net.Server, dgram.Socket). */
export interface ServerLike extends EventEmitter {
  address(): unknown;
  _getServerData?(): unknown;
  _setServerData?(data: unknown): void;
}

export interface ChildCluster extends EventEmitter {
  isWorker: true;
  isMaster: false;
  isPrimary: false;
  worker: WorkerClass | null;
  Worker: typeof Worker;
  /** `announced`: the runtime's own worker side already said 'online' (runtime_worker). */
  _setupWorker(announced?: boolean): void;
  _getServer(obj: ServerLike, options: ServerQuery, cb: GetServerCallback): void;
}

const TIMEOUT_MAX = 2 ** 31 - 1;
const noop = () => {};

export function createChild(): ChildCluster {
  const handles = new Map<string, ClusterHandle>();
  const indexes = new Map<string, { nextIndex: number; set: Set<number> }>();
  const cluster = new EventEmitter() as ChildCluster;
  Object.assign(cluster, { isWorker: true, isMaster: false, isPrimary: false, worker: null, Worker });

  const send = (message: object, cb?: ReplyCallback) => sendHelper(process, message, null, cb);

  // ENV-4: the worker learns its id from NODE_UNIQUE_ID, then says `online`.
  cluster._setupWorker = function _setupWorker(announced = false): void {
    const worker = new Worker({ id: Number(process.env[IDENTITY_VARIABLE]) | 0, process, state: 'online' });
    cluster.worker = worker;

    // LIFE-7: losing the channel unexpectedly ends the worker with code 0.
    process.once('disconnect', () => {
      worker.emit('disconnect');
      if (!worker.exitedAfterDisconnect) process.exit(0);
    });

    process.on('internalMessage', internal(worker, function onmessage(message: Received, handle: unknown) {
      if (message.act === 'newconn') onconnection(message, handle as NativeHandle);
      else if (message.act === 'disconnect') disconnectWorker(worker, true);
    }));

    // QUERY-7: 'online' is seq 0, whoever sent it.
    if (announced) skipSeq();
    else send({ act: 'online' });
  };

  cluster._getServer = function _getServer(obj: ServerLike, options: ServerQuery, cb: GetServerCallback): void {
    let address = options.address;
    if ((options.port ?? 0) < 0 && typeof address === 'string' && process.platform !== 'win32') {
      address = path.resolve(address);
    }
    // PORT-3, PORT-5: the N-th listen on the same tuple gets index N, on every worker.
    const indexesKey = [address, options.port, options.addressType, options.fd].join(':');
    let indexSet = indexes.get(indexesKey);
    if (indexSet === undefined) {
      indexSet = { nextIndex: 0, set: new Set() };
      indexes.set(indexesKey, indexSet);
    }
    const index = indexSet.nextIndex++;
    indexSet.set.add(index);

    const message = { act: 'queryServer', index, data: null as unknown, ...options } as
      QueryServerMessage | (Omit<QueryServerMessage, 'act'> & { act: 'listening' });
    message.address = address;
    if (typeof obj._getServerData === 'function') message.data = obj._getServerData();

    send(message, (reply, handle) => {
      if (typeof obj._setServerData === 'function') obj._setServerData(reply.data);
      if (handle) shared(reply, handle as ClusterHandle, indexesKey, index, cb);
      else rr(reply, indexesKey, index, cb);
    });

    // QUERY-6: the same message goes back as `listening`, with the real port.
    obj.once('listening', () => {
      if (!indexes.has(indexesKey)) return; // Closed before the reply.
      if (cluster.worker) cluster.worker.state = 'listening';
      const bound = obj.address() as { port?: number } | null;
      message.act = 'listening';
      message.port = (bound && typeof bound === 'object' && bound.port) || options.port;
      send(message);
    });
  };

  function removeIndexesKey(indexesKey: string, index: number): void {
    const indexSet = indexes.get(indexesKey);
    if (!indexSet) return;
    indexSet.set.delete(index);
    if (indexSet.set.size === 0) indexes.delete(indexesKey);
  }

  /** SCHED_NONE / UDP: the reply carries the bound handle itself. */
  function shared(reply: Received, handle: ClusterHandle, indexesKey: string, index: number, cb: GetServerCallback) {
    const key = reply.key as string;
    const close = handle.close;
    handle.close = function (this: ClusterHandle, ...args: [(() => void)?]) {
      send({ act: 'close', key });
      handles.delete(key);
      removeIndexesKey(indexesKey, index);
      return close.apply(handle, args);
    };
    handles.set(key, handle);
    cb(reply.errno as number, handle);
  }

  /** SCHED_RR: no handle; a faux one that keeps the loop alive and reports the primary's sockname. */
  function rr(reply: Received, indexesKey: string, index: number, cb: GetServerCallback) {
    if (reply.errno) return cb(reply.errno as number, null);
    let key: string | undefined = reply.key as string;
    let keepAlive: NodeJS.Timeout | null = null;
    const handle: ClusterHandle = {
      close() {
        if (key === undefined) return;
        handle.unref!();
        send({ act: 'close', key });
        handles.delete(key);
        removeIndexesKey(indexesKey, index);
        key = undefined;
      },
      listen: () => 0,
      ref() {
        if (!keepAlive) keepAlive = setInterval(noop, TIMEOUT_MAX);
      },
      unref() {
        if (keepAlive) clearInterval(keepAlive);
        keepAlive = null;
      },
    };
    handle.ref!();
    if (reply.sockname) {
      handle.getsockname = (out: object) => {
        if (key) Object.assign(out, reply.sockname);
        return 0;
      };
    }
    handles.set(key, handle);
    cb(0, handle);
  }

  /** RR-1: refuse when the server is closed or at maxConnections; the ack goes first. */
  function onconnection(message: Received, handle: NativeHandle): void {
    const server = handles.get(message.key as string);
    let accepted = server !== undefined;
    const owner = server?.[kOwner] as net.Server | undefined;
    if (accepted && owner) {
      const state = internals(owner);
      if (state.maxConnections != null && state._connections >= state.maxConnections && !state.dropMaxConnection) {
        accepted = false;
      }
    }
    send({ ack: message.seq, accepted });
    if (accepted) server!.onconnection!(0, handle);
    else handle.close();
  }

  /** Closes every server (waiting for its connections), then drops the channel. */
  function disconnectWorker(worker: WorkerClass, primaryInitiated: boolean): void {
    worker.exitedAfterDisconnect = true;
    let waiting = 1;
    const checkWaiting = () => {
      waiting--;
      if (waiting !== 0) return;
      if (primaryInitiated) process.disconnect?.();
      else send({ act: 'exitedAfterDisconnect' }, () => process.disconnect?.());
    };
    for (const handle of handles.values()) {
      const owner = handle[kOwner];
      if (owner) {
        waiting++;
        owner.close(checkWaiting);
      }
    }
    handles.clear();
    checkWaiting();
  }

  // Worker-side Worker methods.
  WorkerClass.prototype.disconnect = function disconnect(this: WorkerClass) {
    if (this.state !== 'disconnecting' && this.state !== 'destroying') {
      this.state = 'disconnecting';
      disconnectWorker(this, false);
    }
    return this;
  };

  // LIFE-6: in a worker the signal argument is ignored.
  WorkerClass.prototype.destroy = function destroy(this: WorkerClass) {
    if (this.state === 'destroying') return;
    this.exitedAfterDisconnect = true;
    if (!this.isConnected()) {
      process.exit(0);
    } else {
      this.state = 'destroying';
      send({ act: 'exitedAfterDisconnect' }, () => process.disconnect?.());
      process.once('disconnect', () => process.exit(0));
    }
  };

  return cluster;
}
