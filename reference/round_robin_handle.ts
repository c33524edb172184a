// SCHED_RR (PORT-1, RR-*): the primary owns the listening socket, accepts
// every connection and hands it to a free worker with `newconn`. A worker is
// busy from the hand-off until its ack, so distribution is ack-gated.
import net from 'node:net';
import { internals, type NativeHandle } from './native_handles.js';
import type { QueryServerMessage, SockName } from './protocol.js';
import type { ReplyToWorker, ServerHandle } from './server_handle.js';
import { sendHelper } from './utils.js';
import type { PrimaryWorker } from './worker.js';

const UV_TCP_IPV6ONLY = 1;

export class RoundRobinHandle implements ServerHandle {
  data: unknown = undefined;
  private readonly all = new Map<number, PrimaryWorker>();
  private readonly free = new Map<number, PrimaryWorker>();
  private readonly pending: NativeHandle[] = [];
  /** The connection each worker was sent and has not acked yet. */
  private readonly inFlight = new Map<number, NativeHandle>();
  private readonly server = net.createServer();
  private listening = false;
  private sockname: SockName | undefined;

  constructor(
    readonly key: string,
    address: string | null,
    query: QueryServerMessage,
  ) {
    const { port, fd, flags, backlog, readableAll, writableAll } = query;
    if (typeof fd === 'number' && fd >= 0) {
      this.server.listen({ fd, backlog });
    } else if (typeof port === 'number' && port >= 0) {
      this.server.listen({
        port,
        host: address ?? undefined,
        ipv6Only: Boolean((flags ?? 0) & UV_TCP_IPV6ONLY),
        backlog,
      });
    } else {
      this.server.listen({ path: address ?? undefined, backlog, readableAll, writableAll });
    }
    this.server.once('listening', () => {
      const address = this.server.address();
      if (address !== null && typeof address === 'object') this.sockname = { ...address };
      const handle = internals(this.server)._handle;
      if (handle !== null) handle.onconnection = (errno, client) => this.distribute(errno, client);
      this.listening = true;
    });
  }

  has(worker: PrimaryWorker): boolean {
    return this.all.has(worker.id);
  }

  /** Replies `errno: null` (+ `sockname` for TCP) once listening (QUERY-4). */
  add(worker: PrimaryWorker, reply: ReplyToWorker): void {
    this.all.set(worker.id, worker);
    const done = () => {
      reply(null, this.sockname ? { sockname: this.sockname } : null, null);
      this.handoff(worker);
    };
    if (this.listening) return done();
    this.server.once('listening', done);
    this.server.once('error', (err: NodeJS.ErrnoException) => reply(err.errno ?? -1, null, null));
  }

  /**
   * Returns true when the last worker left and the socket was closed. A
   * worker whose channel is gone can no longer ack: the connection it was
   * sent goes back to the queue (RR-6).
   */
  remove(worker: PrimaryWorker): boolean {
    // A worker may have closed its server (and left `all`) with a connection
    // on its way to it, then exited without acking it (seen under pm2's
    // reload, ECO-12): that connection goes back to the queue too.
    const inFlight = worker.process.connected ? undefined : this.inFlight.get(worker.id);
    if (inFlight !== undefined) this.inFlight.delete(worker.id);
    if (!this.all.delete(worker.id)) {
      if (inFlight !== undefined) this.distribute(0, inFlight);
      return false;
    }
    this.free.delete(worker.id);
    const orphan = inFlight;
    if (orphan !== undefined) this.pending.unshift(orphan);
    if (this.all.size !== 0) {
      if (orphan !== undefined) this.wakeFree();
      return false;
    }
    for (const handle of this.pending.splice(0)) handle.close();
    this.server.close();
    return true;
  }

  /** An accept error is skipped; otherwise queue and wake a free worker (or close it, once the server is closed). */
  private distribute(errno: number, handle: NativeHandle | undefined): void {
    if (errno !== 0 || handle === undefined) return;
    if (this.server === null) return void handle.close();
    this.pending.push(handle);
    this.wakeFree();
  }

  private wakeFree(): void {
    const first = this.free.values().next();
    if (first.done) return;
    this.free.delete(first.value.id);
    this.handoff(first.value);
  }

  /** Sends the oldest pending connection; a refused one goes back in the queue. */
  private handoff(worker: PrimaryWorker): void {
    if (!this.all.has(worker.id)) return;
    const handle = this.pending.shift();
    if (handle === undefined) {
      this.free.set(worker.id, worker);
      return;
    }
    this.inFlight.set(worker.id, handle);
    sendHelper(worker.process, { act: 'newconn', key: this.key }, handle, (reply) => {
      this.inFlight.delete(worker.id);
      if (reply.accepted) handle.close();
      else this.distribute(0, handle);
      this.handoff(worker);
    });
  }
}
