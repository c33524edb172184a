// sendHelper and the internalMessage router: a per-process `seq` counter and
// the callbacks waiting for an `ack` (QUERY-3, QUERY-7).
import { CLUSTER_CMD, isClusterMessage, type Received } from './protocol.js';

/** The IPC side of a ChildProcess, or of `process` inside a worker. */
export interface IpcEndpoint {
  readonly connected?: boolean;
  send?(message: unknown, sendHandle?: unknown): boolean;
}

export type ReplyCallback = (reply: Received, handle: unknown) => void;

/**
 * The callbacks waiting for an ack, per channel: a worker can only answer
 * what was sent to it, and a dead worker's callbacks go with its process.
 */
const callbacksByEndpoint = new WeakMap<IpcEndpoint, Map<number, ReplyCallback>>();
let seq = 0;

function callbacksOf(proc: IpcEndpoint): Map<number, ReplyCallback> {
  let callbacks = callbacksByEndpoint.get(proc);
  if (callbacks === undefined) {
    callbacks = new Map();
    callbacksByEndpoint.set(proc, callbacks);
  }
  return callbacks;
}

/** Counts a message this process's runtime sent with the next seq (Node's own 'online', runtime_worker). */
export function skipSeq(): void {
  seq += 1;
}

/** Stamps `{ cmd, ...message, seq }` and sends it; remembers `cb` for the ack. */
export function sendHelper(proc: IpcEndpoint, message: object, handle?: unknown, cb?: ReplyCallback): boolean {
  if (!proc.connected || typeof proc.send !== 'function') return false;
  const stamped = { cmd: CLUSTER_CMD, ...message, seq };
  if (typeof cb === 'function') callbacksOf(proc).set(seq, cb);
  seq += 1;
  return proc.send(stamped, handle ?? undefined);
}

/**
 * Returns an 'internalMessage' listener: replies go to the callback waiting
 * on their `ack`; anything else (a bogus ack included) to `handler`.
 */
export function internal<W extends { process: IpcEndpoint }>(worker: W,
  handler: (this: W, message: Received, handle: unknown) => void) {
  const callbacks = callbacksOf(worker.process);
  return function onInternalMessage(message: unknown, handle: unknown): void {
    if (!isClusterMessage(message)) return;
    let fn: (this: W, message: Received, handle: unknown) => void = handler;
    if (message.ack !== undefined) {
      const callback = callbacks.get(message.ack);
      if (callback !== undefined) {
        callbacks.delete(message.ack);
        fn = callback;
      }
    }
    fn.call(worker, message, handle);
  };
}
