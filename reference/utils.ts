// sendHelper and the internalMessage router (Node's lib/internal/cluster/utils.js):
// a per-process `seq` counter, and the callbacks waiting for an `ack`
// (QUERY-3, QUERY-7, WIRE-7). The router is where messages from IPC are parsed
// (protocol.ts): a receiver gets typed messages only.
import { isNativeHandle, type NativeHandle } from './native_handles.js';
import {
  CLUSTER_CMD,
  type Envelope,
  type Message,
  parseEnvelope,
  type Replies,
  type RequestTo,
  replyTo,
} from './protocol.js';

/** The IPC side of a ChildProcess, or of `process` inside a worker. */
export interface IpcEndpoint {
  readonly connected?: boolean;
  send?(message: unknown, sendHandle?: unknown): boolean;
}

/** What a receiver gets with a message: the native handle sent with it, if any. */
export type ReceivedHandle = NativeHandle | undefined;

export type ReplyCallback<R> = (reply: R, handle: ReceivedHandle) => void;

/** The arguments of sendHelper after `proc`: a callback only for a request that gets a reply. */
export type SendArgs<A extends keyof Replies> =
  | [message: Message, handle?: NativeHandle | null, cb?: undefined]
  | [message: RequestTo<A>, handle: NativeHandle | null, cb: ReplyCallback<Replies[A]>];

/** The call of the waiting callback with this reply, or undefined when it is not the reply that callback waits for. */
type Deliver = (envelope: Envelope & { ack: number }, handle: ReceivedHandle) => (() => void) | undefined;

/**
 * The callbacks waiting for an ack, per channel: a worker can only answer
 * what was sent to it, and a dead worker's callbacks go with its process.
 */
const callbacksByEndpoint = new WeakMap<IpcEndpoint, Map<number, Deliver>>();
let seq = 0;

function callbacksOf(proc: IpcEndpoint): Map<number, Deliver> {
  let callbacks = callbacksByEndpoint.get(proc);
  if (callbacks === undefined) {
    callbacks = new Map();
    callbacksByEndpoint.set(proc, callbacks);
  }
  return callbacks;
}

function awaitReply<A extends keyof Replies>(act: A, cb: ReplyCallback<Replies[A]>): Deliver {
  return ({ ack, body }, handle) => {
    const reply = replyTo(act, ack, body);
    return reply === undefined ? undefined : () => cb(reply, handle);
  };
}

/** Counts a message this process's runtime sent with the next seq (Node's own 'online', runtime_worker). */
export function skipSeq(): void {
  seq += 1;
}

/** Stamps `{ cmd, ...message, seq }` and sends it; remembers `cb` for the reply that acks it. */
export function sendHelper<A extends keyof Replies>(proc: IpcEndpoint, ...[message, handle, cb]: SendArgs<A>): boolean {
  if (!proc.connected || typeof proc.send !== 'function') return false;
  const stamped = { cmd: CLUSTER_CMD, ...message, seq };
  if (typeof cb === 'function') callbacksOf(proc).set(seq, awaitReply(message.act, cb));
  seq += 1;
  return proc.send(stamped, handle ?? undefined);
}

/**
 * Returns an 'internalMessage' listener for `worker.process`: a reply goes to
 * the callback waiting on its `ack`; anything else (a bogus ack included) that
 * `parse` accepts goes to `onmessage`, and what it does not accept nowhere.
 */
export function internal<M>(
  worker: { process: IpcEndpoint },
  parse: (envelope: Envelope) => M | undefined,
  onmessage: (message: M, handle: ReceivedHandle) => void,
) {
  const callbacks = callbacksOf(worker.process);
  return function onInternalMessage(message: unknown, handle: unknown): void {
    const envelope = parseEnvelope(message);
    if (envelope === undefined) return;
    const sent = isNativeHandle(handle) ? handle : undefined;
    const { ack } = envelope;
    if (ack !== undefined) {
      const answer = callbacks.get(ack)?.({ ...envelope, ack }, sent);
      if (answer !== undefined) {
        callbacks.delete(ack);
        return answer();
      }
    }
    const parsed = parse(envelope);
    if (parsed !== undefined) onmessage(parsed, sent);
  };
}
