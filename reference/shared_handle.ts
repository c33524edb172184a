// SCHED_NONE, and always for UDP (PORT-2, DGRAM-*): the primary binds once and
// passes the bound handle to every worker, which listens on its own copy.
import { createBoundHandle, type NativeHandle } from './native_handles.js';
import type { QueryServerMessage } from './protocol.js';
import type { ReplyToWorker, ServerHandle } from './server_handle.js';
import type { PrimaryWorker } from './worker.js';

export class SharedHandle implements ServerHandle {
  data: unknown = undefined;
  private readonly workers = new Map<number, PrimaryWorker>();
  private handle: NativeHandle | null = null;
  private readonly errno: number = 0;

  constructor(
    readonly key: string,
    address: string | null,
    query: QueryServerMessage,
  ) {
    const bound = createBoundHandle(address, query.port, query.addressType, query.fd, query.flags);
    if (typeof bound === 'number') this.errno = bound;
    else this.handle = bound;
  }

  has(worker: PrimaryWorker): boolean {
    return this.workers.has(worker.id);
  }

  /** Replies `errno: 0` with the handle attached, or the bind errno (QUERY-5). */
  add(worker: PrimaryWorker, reply: ReplyToWorker): void {
    this.workers.set(worker.id, worker);
    reply(this.errno, null, this.handle);
  }

  remove(worker: PrimaryWorker): boolean {
    if (!this.workers.delete(worker.id)) return false;
    if (this.workers.size !== 0) return false;
    this.handle?.close();
    this.handle = null;
    return true;
  }
}
