// What the primary's queryServer needs of a shared server, whichever the
// policy: a RoundRobinHandle (round_robin_handle.ts) or a SharedHandle
// (shared_handle.ts), kept per server key (protocol.serverKey, QUERY-8).
import type { NativeHandle } from './native_handles.js';
import type { SockName } from './protocol.js';
import type { PrimaryWorker } from './worker.js';

/** Answers one worker's queryServer: the errno, what the reply adds (QUERY-4: sockname), and the handle to attach (QUERY-5). */
export type ReplyToWorker = (
  errno: number | null,
  reply: { sockname: SockName } | null,
  handle: NativeHandle | null,
) => void;

export interface ServerHandle {
  readonly key: string;
  data: unknown;
  has(worker: PrimaryWorker): boolean;
  add(worker: PrimaryWorker, reply: ReplyToWorker): void;
  /** Whether that was its last worker, so the server is closed and its key can go. */
  remove(worker: PrimaryWorker): boolean;
}
