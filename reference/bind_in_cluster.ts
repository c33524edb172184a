// Worker side of `dgram.Socket#bind` (Node's dgram.js bindServerHandle): a
// bind that is not exclusive asks the primary, which always shares one
// handle for UDP; the socket then adopts that handle (DGRAM-*).
import dgram from 'node:dgram';
import { type ChildCluster, type ClusterHandle, kOwner } from './child.js';
import { exceptionWithHostPort } from './listen_in_cluster.js';
import { dgramState, type NativeHandle } from './native_handles.js';
import type { ServerQuery } from './protocol.js';

const BIND_STATE_UNBOUND = 0;
const UV_UDP_IPV6ONLY = 1;
const UV_UDP_REUSEADDR = 4;

const kBinding = Symbol('cluster.binding');
const kClosed = Symbol('cluster.closed');

interface HookedSocket extends dgram.Socket {
  [kBinding]?: boolean;
  [kClosed]?: boolean;
}

type BindCallback = () => void;

function alreadyBound(): Error {
  const error = new Error('Socket is already bound') as NodeJS.ErrnoException;
  error.code = 'ERR_SOCKET_ALREADY_BOUND';
  return error;
}

/** A native handle passed to bind() is adopted as is (Node does this itself). */
function isHandle(value: unknown): value is NativeHandle {
  return (
    value !== null && typeof value === 'object' && typeof (value as { recvStart?: unknown }).recvStart === 'function'
  );
}

export function installBindInCluster(cluster: ChildCluster): void {
  const proto = dgram.Socket.prototype as HookedSocket;
  const bind = proto.bind as (this: dgram.Socket, ...args: unknown[]) => dgram.Socket;
  const close = proto.close as (this: dgram.Socket, ...args: unknown[]) => dgram.Socket;

  proto.close = function (this: HookedSocket, ...args: unknown[]) {
    this[kClosed] = true;
    return close.apply(this, args);
  } as typeof proto.close;

  proto.bind = function (this: HookedSocket, ...args: unknown[]) {
    const [first, second] = args;
    const options =
      first !== null && typeof first === 'object' ? (first as dgram.BindOptions & { fd?: number }) : undefined;
    const state = dgramState(this);
    // DGRAM-4, DGRAM-9: exclusive and reusePort sockets bind in the worker.
    if (
      isHandle(first) ||
      options?.exclusive ||
      (state as { reusePort?: boolean }).reusePort ||
      state.bindState !== BIND_STATE_UNBOUND ||
      this[kClosed]
    ) {
      return bind.apply(this, args);
    }
    if (this[kBinding]) throw alreadyBound();
    const last = args[args.length - 1];
    const callback = typeof last === 'function' ? (last as BindCallback) : undefined;
    const type = (this as unknown as { type: 'udp4' | 'udp6' }).type;

    const ask = (query: ServerQuery) => {
      cluster._getServer(this, query, (errno, handle) => {
        this[kBinding] = false;
        if (errno) {
          this.emit('error', exceptionWithHostPort(errno, 'bind', query.address, query.port));
          return;
        }
        // DGRAM-5: closed while the primary answered.
        if (this[kClosed] || dgramState(this).handle === null) {
          handle?.close();
          return;
        }
        (handle as ClusterHandle)[kOwner] = this;
        bind.call(this, handle, ...(callback ? [callback] : []));
      });
    };

    this[kBinding] = true;
    if (options && typeof options.fd === 'number' && options.fd > 0) {
      ask({ address: null, port: null, addressType: type, fd: options.fd, flags: null });
      return this;
    }
    let address = options ? options.address || '' : typeof second === 'function' ? '' : (second as string) || '';
    const port = options ? options.port : (first as number | undefined);
    if (!address) address = type === 'udp4' ? '0.0.0.0' : '::';
    // Required here, not at load: a worker that binds no socket does not load dns (fork CPU, bench/README.md).
    (require('node:dns') as typeof import('node:dns')).lookup(address, type === 'udp4' ? 4 : 6, (err, ip) => {
      if (this[kClosed]) {
        this[kBinding] = false;
        return;
      }
      if (err) {
        this[kBinding] = false;
        this.emit('error', err);
        return;
      }
      let flags = 0;
      if (state.reuseAddr) flags |= UV_UDP_REUSEADDR;
      if (state.ipv6Only) flags |= UV_UDP_IPV6ONLY;
      ask({ address: ip, port, addressType: type, fd: -1, flags });
    });
    return this;
  } as typeof proto.bind;
}
