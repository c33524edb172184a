// The cluster wire protocol, in one place. Every message travels over the
// child_process IPC channel as `{ cmd: 'NODE_CLUSTER', ...body, seq }`
// (QUERY-1, QUERY-2). Requests carry `act`; replies carry `ack: <request seq>` (QUERY-3).

export const CLUSTER_CMD = 'NODE_CLUSTER';

/** The variable that marks a forked process as a cluster worker (ENV-1). */
export const IDENTITY_VARIABLE = 'NODE_UNIQUE_ID';

export const SCHED_NONE = 1;
export const SCHED_RR = 2;
export type SchedulingPolicy = typeof SCHED_NONE | typeof SCHED_RR;

/** `4`, `6` for TCP, `-1` for pipes, `'udp4' | 'udp6'` for dgram. */
export type AddressType = number | 'udp4' | 'udp6' | null;

export interface Envelope {
  cmd: typeof CLUSTER_CMD;
  seq: number;
  act?: string;
  ack?: number;
}

/** What `net.Server#listen` / `dgram.Socket#bind` ask the primary for. */
export interface ServerQuery {
  address: string | null;
  port: number | null;
  addressType: AddressType;
  fd?: number;
  flags?: number;
  backlog?: number;
  readableAll?: boolean;
  writableAll?: boolean;
}

// Worker → primary -------------------------------------------------------

export interface OnlineMessage { act: 'online' }

/** QUERY-2: `index` and `data`, then every key of the server query (QUERY-1 before `flags`). */
export interface QueryServerMessage extends ServerQuery {
  act: 'queryServer';
  index: number;
  data: unknown;
}

/** QUERY-6: the queryServer message itself, with `act` and `port` replaced. */
export interface ListeningMessage extends Omit<QueryServerMessage, 'act'> {
  act: 'listening';
}

export interface CloseMessage { act: 'close'; key: string }

export interface ExitedAfterDisconnectMessage { act: 'exitedAfterDisconnect' }

export interface NewconnReply { ack: number; accepted: boolean }

// Primary → worker -------------------------------------------------------

export interface SockName { address: string; family: string; port: number }

/** QUERY-4, QUERY-5: `errno` is `null` on RR success, `0` on NONE success. */
export interface QueryServerReply {
  errno: number | null;
  key: string;
  ack: number;
  data: unknown;
  sockname?: SockName;
}

export interface NewconnMessage { act: 'newconn'; key: string }

export interface DisconnectMessage { act: 'disconnect' }

export interface AckReply { ack: number }

export type WorkerToPrimary =
  | OnlineMessage | QueryServerMessage | ListeningMessage | CloseMessage
  | ExitedAfterDisconnectMessage | NewconnReply;

export type PrimaryToWorker =
  | QueryServerReply | NewconnMessage | DisconnectMessage | AckReply;

/** A received message, before its body is narrowed by `act` or `ack`. */
export type Received = Envelope & Record<string, unknown>;

export function isClusterMessage(message: unknown): message is Received {
  return message !== null && typeof message === 'object' &&
    (message as { cmd?: unknown }).cmd === CLUSTER_CMD;
}

const ADDRESS_TYPES = new Set<unknown>([4, 6, -1, 'udp4', 'udp6', null, undefined]);
const optional = (value: unknown, type: 'string') => value === undefined || value === null || typeof value === type;
const optionalInteger = (value: unknown) => value === undefined || value === null || Number.isInteger(value);

/**
 * Whether a queryServer names a server at all: a worker's listen() always
 * sends one (its backlog may be false), but a malformed one must not take
 * the primary down. Values listen() rejects are caught where it is called.
 */
export function isWellFormedQuery(message: Received): boolean {
  return Number.isInteger(message.index) && optional(message.address, 'string') &&
    optionalInteger(message.port) && ADDRESS_TYPES.has(message.addressType) &&
    optionalInteger(message.fd) && optionalInteger(message.flags);
}

/**
 * The primary's key for a shared server (QUERY-8, PORT-3; current Node): the index
 * is only part of it for port 0, so every worker's N-th `listen(0)` meets
 * the same handle, while a fixed port is one handle whatever the index.
 */
export function serverKey(message: QueryServerMessage): string {
  const base = `${message.address}:${message.port}:${message.addressType}:${message.fd}`;
  return message.port === 0 ? `${base}:${message.index}` : base;
}
