// The one place where the reference touches Node below its documented API.
//
// Node's cluster wire format carries *native* handles ('net.Native',
// 'dgram.Native'): a wire-compatible implementation has to create, send and
// adopt them. Everything here is an exported member of a public module or a
// long-standing property that child_process handle passing itself relies on.
// Nothing uses internalBinding, process.binding, --expose-internals or
// node:cluster.

import dgram from 'node:dgram';
import net from 'node:net';
import type { AddressType } from './protocol.js';

/** A libuv stream/udp wrap as Node exposes it: TCP, Pipe or UDP. */
export interface NativeHandle {
  close(cb?: () => void): void;
  listen?(backlog: number): number;
  getsockname?(out: object): number;
  onconnection?: (errno: number, client?: NativeHandle) => void;
  ref?(): void;
  unref?(): void;
}

/** What child_process hands a receiver with a message: a wrap passed with it (net.Native, dgram.Native), or nothing. */
export function isNativeHandle(value: unknown): value is NativeHandle {
  return typeof value === 'object' && value !== null && 'close' in value && typeof value.close === 'function';
}

interface NetWithHandles {
  _createServerHandle(
    address: string | null,
    port: number | null | undefined,
    addressType: AddressType,
    fd?: number | null,
    flags?: number | null,
  ): NativeHandle | number;
}
/** Binds without listening, so only the workers accept (SCHED_NONE). Errno on failure. */
export function createBoundHandle(
  address: string | null,
  port: number | null | undefined,
  addressType: AddressType,
  fd?: number | null,
  flags?: number | null,
): NativeHandle | number {
  if (addressType === 'udp4' || addressType === 'udp6')
    return createBoundUdpHandle(address, port, addressType, fd, flags);
  return (net as unknown as NetWithHandles)._createServerHandle(address, port, addressType, fd, flags);
}

interface UdpHandle extends NativeHandle {
  bind(address: string | null, port: number, flags?: number | null): number;
  open(fd: number): number;
}

/**
 * What Node's cluster gets from dgram._createSocketHandle: a UDP wrap, bound
 * but not receiving. That function is deprecated (DEP0112) and gone in Node
 * 26, so the wrap comes from an unbound dgram.Socket instead, whose state
 * holds one set up for its family (bind is bind6 for udp6).
 */
function createBoundUdpHandle(
  address: string | null,
  port: number | null | undefined,
  addressType: 'udp4' | 'udp6',
  fd?: number | null,
  flags?: number | null,
): UdpHandle | number {
  const state = dgramState(dgram.createSocket(addressType));
  const handle = state.handle as UdpHandle;
  state.handle = null; // The socket gives its wrap up and never binds.
  let err = 0;
  if (typeof fd === 'number' && fd > 0) err = handle.open(fd);
  else if (port || address) err = handle.bind(address, port || 0, flags);
  if (err) {
    handle.close();
    return err;
  }
  return handle;
}

/** The fields of net.Server that hold its native handle and live connections. */
export interface ServerInternals {
  _handle: NativeHandle | null;
  _connections: number;
  maxConnections?: number | null;
  dropMaxConnection?: boolean;
  _listen2(
    address: string | null,
    port: number | null,
    addressType: AddressType,
    backlog?: number,
    fd?: number,
    flags?: number,
  ): void;
}

export function internals(server: net.Server): ServerInternals {
  return server as unknown as ServerInternals;
}

/** net.Server.prototype._listen2 (setupListenHandle): binds, or adopts `_handle`. */
export const serverPrototype = net.Server.prototype as unknown as ServerInternals;

/** dgram.Socket keeps its handle and bind options behind a module-private symbol. */
export interface DgramState {
  handle: NativeHandle | null;
  bindState: number;
  reuseAddr?: boolean;
  ipv6Only?: boolean;
}

export function dgramState(socket: dgram.Socket): DgramState {
  const symbol = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol');
  if (symbol === undefined) throw new Error('dgram.Socket has no state symbol on this runtime');
  return (socket as unknown as Record<symbol, DgramState>)[symbol]!;
}
