// Worker side of `net.Server#listen` (Node's net.js listenInCluster): a
// listen that is not exclusive binds nothing locally; it sends queryServer
// and listens on the handle the primary returns (QUERY-2, PORT-*, LISTEN-*).
import net from 'node:net';
import util from 'node:util';
import { type ChildCluster, type ClusterHandle, kOwner } from './child.js';
import { internals, type ServerInternals, serverPrototype } from './native_handles.js';
import type { AddressType, ServerQuery } from './protocol.js';

const kExclusive = Symbol('cluster.exclusive');
const kPipeOptions = Symbol('cluster.pipeOptions');
const kGeneration = Symbol('cluster.listenGeneration');

interface HookedServer extends net.Server {
  [kExclusive]?: boolean;
  [kPipeOptions]?: { readableAll?: boolean; writableAll?: boolean };
  [kGeneration]?: number;
}

/** The error Node emits for a failed clustered listen: `bind EADDRINUSE null:8000`. */
export function exceptionWithHostPort(
  errno: number,
  syscall: string,
  address: string | null,
  port: number | null | undefined,
) {
  const code = util.getSystemErrorName(errno);
  let details = '';
  if (port && port > 0) details = ` ${address}:${port}`;
  else if (address) details = ` ${address}`;
  const ex = new Error(`${syscall} ${code}${details}`) as NodeJS.ErrnoException & {
    address?: string | null;
    port?: number;
  };
  ex.errno = errno;
  ex.code = code;
  ex.syscall = syscall;
  ex.address = address;
  if (port) ex.port = port;
  return ex;
}

/** A deferred bind error shows as a different port (macOS, Windows). */
function checkBindError(errno: number | null, port: number | null, handle: ClusterHandle | null): number | null {
  if (errno === 0 && port !== null && port > 0 && handle?.getsockname) {
    const out: { port?: number } = {};
    const err = handle.getsockname(out);
    if (err !== 0) return err;
    if (port !== out.port) return -((require('node:os') as typeof import('node:os')).constants.errno.EADDRINUSE ?? 98);
  }
  return errno;
}

export function installListenInCluster(cluster: ChildCluster): void {
  const proto = net.Server.prototype as unknown as HookedServer & ServerInternals;
  const listen = proto.listen;
  const close = proto.close;
  const listen2 = serverPrototype._listen2;

  // Remember what net.js drops before it reaches _listen2.
  proto.listen = function (this: HookedServer, ...args: unknown[]) {
    const options = args[0] !== null && typeof args[0] === 'object' ? (args[0] as Record<string, unknown>) : {};
    // LISTEN-14: reusePort makes the listen exclusive, whatever `exclusive` says
    // (net.js sets options.exclusive; the runtime's own net adds SO_REUSEPORT).
    this[kExclusive] = options.exclusive === true || options.reusePort === true;
    this[kPipeOptions] = { readableAll: options.readableAll as boolean, writableAll: options.writableAll as boolean };
    this[kGeneration] = (this[kGeneration] ?? 0) + 1;
    return (listen as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof proto.listen;

  proto.close = function (this: HookedServer, ...args: unknown[]) {
    this[kGeneration] = (this[kGeneration] ?? 0) + 1;
    return (close as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof proto.close;

  serverPrototype._listen2 = function (
    this: HookedServer & ServerInternals,
    address: string | null,
    port: number | null,
    addressType: AddressType,
    backlog?: number,
    fd?: number,
    flags?: number,
  ) {
    // LISTEN-2, and listen(handle): bind locally, no IPC.
    if (this._handle || this[kExclusive]) {
      return listen2.call(this, address, port, addressType, backlog, fd, flags);
    }
    const generation = this[kGeneration];
    const isTcpPort = typeof port === 'number' && port >= 0 && fd === undefined;
    const query: ServerQuery = {
      address,
      port,
      addressType,
      fd,
      flags: isTcpPort ? (flags ?? 0) : flags,
      backlog,
      ...(port === -1 ? this[kPipeOptions] : {}),
    };
    cluster._getServer(this, query, (errno, handle) => {
      // LISTEN-5: closed or re-listened while the primary answered.
      if (this[kGeneration] !== generation) {
        handle?.close();
        return;
      }
      const err = checkBindError(errno, port, handle);
      if (err) {
        this.emit('error', exceptionWithHostPort(err, 'bind', address, port));
        return;
      }
      const adopted = handle as ClusterHandle;
      adopted[kOwner] = this;
      internals(this)._handle = adopted;
      listen2.call(this, address, port, addressType, backlog, fd, flags);
    });
  };
}
