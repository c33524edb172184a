// The worker side: announces itself (online), asks the primary for servers
// (queryServer), adopts the reply as a shared handle or a round-robin faux
// handle, accepts `newconn`, and disconnects (LIFE-*, QUERY-*, RR-*).
import type dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { internals, type NativeHandle } from './native_handles.js';
import {
  fromPrimary,
  IDENTITY_VARIABLE,
  type ListeningMessage,
  type Message,
  type NewconnMessage,
  type QueryServerMessage,
  type QueryServerReply,
  type Received,
  type Replies,
  type RequestTo,
  type ServerQuery,
} from './protocol.js';
import { internal, type ReceivedHandle, type ReplyCallback, sendHelper, skipSeq } from './utils.js';
import { Worker, WorkerClass } from './worker.js';

/** The server (or socket) that adopted a handle; `close(cb)` waits for its connections. */
export const kOwner = Symbol('cluster.owner');

export interface ClusterHandle extends NativeHandle {
  [kOwner]?: net.Server | dgram.Socket;
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

  function send<A extends keyof Replies>(
    ...[message, cb]: [message: Message, cb?: undefined] | [message: RequestTo<A>, cb: ReplyCallback<Replies[A]>]
  ): boolean {
    return cb === undefined ? sendHelper(process, message, null) : sendHelper(process, message, null, cb);
  }

  // ENV-4: the worker learns its id from NODE_UNIQUE_ID, then says `online`.
  cluster._setupWorker = function _setupWorker(announced = false): void {
    const worker = new Worker({ id: Number(process.env[IDENTITY_VARIABLE]) | 0, process, state: 'online' });
    cluster.worker = worker;

    // LIFE-7: losing the channel unexpectedly ends the worker with code 0.
    process.once('disconnect', () => {
      worker.emit('disconnect');
      if (!worker.exitedAfterDisconnect) process.exit(0);
    });

    process.on(
      'internalMessage',
      internal(worker, fromPrimary, (message, handle) => {
        if (message.act === 'newconn') onconnection(message, handle);
        else if (message.act === 'disconnect') disconnectWorker(worker, true);
      }),
    );

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

    const message: QueryServerMessage = { act: 'queryServer', index, data: null, ...options };
    message.address = address;
    if (typeof obj._getServerData === 'function') message.data = obj._getServerData();

    send(message, (reply, handle) => {
      if (typeof obj._setServerData === 'function') obj._setServerData(reply.data);
      if (reply.key === null)
        cb(reply.errno, null); // Refused: the query named no server (MSG-7).
      else if (handle) shared(reply, reply.key, handle, indexesKey, index, cb);
      else rr(reply, reply.key, indexesKey, index, cb);
    });

    // QUERY-6: the same message goes back as `listening`, with the real port.
    obj.once('listening', () => {
      if (!indexes.has(indexesKey)) return; // Closed before the reply.
      if (cluster.worker) cluster.worker.state = 'listening';
      const bound = obj.address();
      const port =
        bound !== null && typeof bound === 'object' && 'port' in bound && typeof bound.port === 'number'
          ? bound.port
          : 0;
      const listening: ListeningMessage = { ...message, act: 'listening', port: port || options.port };
      send(listening);
    });
  };

  function removeIndexesKey(indexesKey: string, index: number): void {
    const indexSet = indexes.get(indexesKey);
    if (!indexSet) return;
    indexSet.set.delete(index);
    if (indexSet.set.size === 0) indexes.delete(indexesKey);
  }

  /** SCHED_NONE / UDP: the reply carries the bound handle itself. */
  function shared(
    reply: QueryServerReply,
    key: string,
    handle: ClusterHandle,
    indexesKey: string,
    index: number,
    cb: GetServerCallback,
  ) {
    const close = handle.close;
    handle.close = function (this: ClusterHandle, ...args: [(() => void)?]) {
      send({ act: 'close', key });
      handles.delete(key);
      removeIndexesKey(indexesKey, index);
      return close.apply(handle, args);
    };
    handles.set(key, handle);
    cb(reply.errno, handle);
  }

  /** SCHED_RR: no handle; a faux one that keeps the loop alive and reports the primary's sockname. */
  function rr(reply: QueryServerReply, replyKey: string, indexesKey: string, index: number, cb: GetServerCallback) {
    if (reply.errno) return cb(reply.errno, null);
    let key: string | undefined = replyKey;
    let keepAlive: NodeJS.Timeout | null = null;
    const ref = () => {
      if (!keepAlive) keepAlive = setInterval(noop, TIMEOUT_MAX);
    };
    const unref = () => {
      if (keepAlive) clearInterval(keepAlive);
      keepAlive = null;
    };
    const close = () => {
      if (key === undefined) return;
      unref();
      send({ act: 'close', key });
      handles.delete(key);
      removeIndexesKey(indexesKey, index);
      key = undefined;
    };
    const handle: ClusterHandle = { close, listen: () => 0, ref, unref };
    ref();
    const { sockname } = reply;
    if (sockname) {
      handle.getsockname = (out: object) => {
        if (key) Object.assign(out, sockname);
        return 0;
      };
    }
    handles.set(replyKey, handle);
    cb(0, handle);
  }

  /** RR-4, RR-1: refuse when the server is closed or at maxConnections; the ack goes first (WIRE-2). */
  function onconnection(message: Received<NewconnMessage>, handle: ReceivedHandle): void {
    const server = handles.get(message.key);
    const accepted = server !== undefined && handle !== undefined && !atMaxConnections(server[kOwner]);
    send({ ack: message.seq, accepted });
    if (accepted) server.onconnection?.(0, handle);
    else handle?.close();
  }

  /** RR-1, RR-2: a server at maxConnections (0 included) takes no hand-off, unless it drops what is over (RR-7, dropMaxConnection). */
  function atMaxConnections(owner: ClusterHandle[typeof kOwner]): boolean {
    if (!(owner instanceof net.Server)) return false;
    const state = internals(owner);
    return state.maxConnections != null && state._connections >= state.maxConnections && !state.dropMaxConnection;
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
