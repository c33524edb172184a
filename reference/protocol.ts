// The cluster wire protocol, in one place: every message of Node's
// lib/internal/cluster (child.js, primary.js, round_robin_handle.js), and the
// guards that turn what arrives over IPC into one of them.
//
// A message travels over the child_process IPC channel as
// `{ cmd: 'NODE_CLUSTER', ...message, seq }` (utils.sendHelper; QUERY-7, WIRE-7).
// A request carries `act`; a reply carries `ack: <the request's seq>` and no
// act (QUERY-3, WIRE-5). What arrives is unknown until it is parsed here, once
// (MSG-7): `parseEnvelope`, then `fromWorker` in the primary, `fromPrimary` in a
// worker, or `replyTo(act, …)` for the reply a request waits for. A message
// none of them accepts is ignored.

export const CLUSTER_CMD = 'NODE_CLUSTER';

/** The variable that marks a forked process as a cluster worker (ENV-1). */
export const IDENTITY_VARIABLE = 'NODE_UNIQUE_ID';

export const SCHED_NONE = 1;
export const SCHED_RR = 2;
export type SchedulingPolicy = typeof SCHED_NONE | typeof SCHED_RR;

/** `4`, `6` for TCP, `-1` for pipes, `'udp4' | 'udp6'` for dgram. */
export type AddressType = 4 | 6 | -1 | 'udp4' | 'udp6' | null;

/** What `net.Server#listen` / `dgram.Socket#bind` ask the primary for. */
export interface ServerQuery {
  address: string | null;
  /** Absent for a dgram `bind()` without a port (JSON drops undefined). */
  port?: number | null;
  addressType: AddressType;
  fd?: number | null;
  /** `null` for a dgram `bind({ fd })`, as Node sends it. */
  flags?: number | null;
  backlog?: number;
  readableAll?: boolean;
  writableAll?: boolean;
}

export interface SockName {
  address: string;
  family: string;
  port: number;
}

// Worker → primary: requests -----------------------------------------------

export interface OnlineMessage {
  act: 'online';
}

/** QUERY-1, QUERY-2: `index` and `data`, then every key of the server query. */
export interface QueryServerMessage extends ServerQuery {
  act: 'queryServer';
  index: number;
  data: unknown;
}

/** QUERY-6: the queryServer message itself, with `act` and `port` replaced. */
export interface ListeningMessage extends Omit<QueryServerMessage, 'act'> {
  act: 'listening';
}

/** WIRE-4, WIRE-5: a worker's server closed. */
export interface CloseMessage {
  act: 'close';
  key: string;
}

/** WIRE-5: a worker's own disconnect() or destroy(); the primary acks it. */
export interface ExitedAfterDisconnectMessage {
  act: 'exitedAfterDisconnect';
}

export type WorkerRequest =
  | OnlineMessage
  | QueryServerMessage
  | ListeningMessage
  | CloseMessage
  | ExitedAfterDisconnectMessage;

// Primary → worker: requests -----------------------------------------------

/** WIRE-1: a connection for the worker's round-robin server, its handle attached. */
export interface NewconnMessage {
  act: 'newconn';
  key: string;
}

/** WIRE-4: the primary's worker.disconnect(). */
export interface DisconnectMessage {
  act: 'disconnect';
}

export type PrimaryRequest = NewconnMessage | DisconnectMessage;

export type Request = WorkerRequest | PrimaryRequest;

// Replies, by the act of the request they answer ------------------------------

/**
 * QUERY-3, QUERY-4, QUERY-5: `errno` is `null` on RR success, `0` on NONE
 * success. `key` is `null` only in the reference's answer to a queryServer
 * that names no server (errno UV_EINVAL, MSG-7), which Node's primary throws on.
 */
export interface QueryServerReply {
  errno: number | null;
  key: string | null;
  ack: number;
  data: unknown;
  sockname?: SockName;
}

/** WIRE-2: whether the worker took the connection. */
export interface NewconnReply {
  ack: number;
  accepted: boolean;
}

/** WIRE-5: the primary's answer to exitedAfterDisconnect. */
export interface AckReply {
  ack: number;
}

/** The requests that wait for a reply, and the reply each gets. */
export interface Replies {
  queryServer: QueryServerReply;
  newconn: NewconnReply;
  exitedAfterDisconnect: AckReply;
}

export type Reply = Replies[keyof Replies];

/** Everything sendHelper sends. */
export type Message = Request | Reply;

/** A request that waits for a reply of `Replies[A]`. */
export type RequestTo<A extends keyof Replies> = { act: A } & Omit<Extract<Request, { act: A }>, 'act'>;

// What arrives -----------------------------------------------------------

/** The own fields of a message as it arrived: anything at all. */
export type Fields = Readonly<Record<string, unknown>>;

/** A message with its stamp: what a receiver gets once it is parsed. */
export type Received<M> = M & { seq: number };

/** Every cluster message: `cmd`, an integer `seq`, and for a reply an integer `ack`. */
export interface Envelope {
  seq: number;
  /** Undefined unless an integer: a bogus ack makes a message a request like any other. */
  ack: number | undefined;
  body: Fields;
}

/**
 * A queryServer whose fields name no server (MSG-7). Not an act of the wire:
 * what fromWorker makes of such a queryServer, which the primary answers with
 * EINVAL (Node's primary throws on one).
 */
export interface MalformedQuery {
  act: 'malformedQuery';
}

export type FromWorker = Received<WorkerRequest | MalformedQuery>;
export type FromPrimary = Received<PrimaryRequest>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function isAddressType(value: unknown): value is AddressType {
  return value === 4 || value === 6 || value === -1 || value === 'udp4' || value === 'udp6' || value === null;
}

const optionalInteger = (value: unknown): value is number | null | undefined =>
  value === undefined || value === null || isInteger(value);

/** The envelope of an 'internalMessage', or undefined when it is not a cluster message. */
export function parseEnvelope(message: unknown): Envelope | undefined {
  if (!isFields(message) || message.cmd !== CLUSTER_CMD || !isInteger(message.seq)) return undefined;
  return { seq: message.seq, ack: isInteger(message.ack) ? message.ack : undefined, body: message };
}

/**
 * The fields of a queryServer (or listening) message, or undefined when they
 * name no server: a worker's listen() always sends them (its backlog may be
 * false, which means the default). Values listen() rejects are caught where it
 * is called (primary.ts).
 */
function serverQueryOf(body: Fields): Omit<QueryServerMessage, 'act'> | undefined {
  const { index, address, port, addressType, fd, flags, backlog, readableAll, writableAll, data } = body;
  if (
    !isInteger(index) ||
    !(address === null || typeof address === 'string') ||
    !optionalInteger(port) ||
    !isAddressType(addressType) ||
    !optionalInteger(fd) ||
    !optionalInteger(flags)
  )
    return undefined;
  return {
    index,
    data,
    address,
    port,
    addressType,
    fd,
    flags,
    backlog: typeof backlog === 'number' ? backlog : undefined,
    readableAll: typeof readableAll === 'boolean' ? readableAll : undefined,
    writableAll: typeof writableAll === 'boolean' ? writableAll : undefined,
  };
}

/** A worker's message as the primary takes it; unknown and inherited acts are ignored (MSG-7). */
export function fromWorker({ seq, body }: Envelope): FromWorker | undefined {
  switch (body.act) {
    case 'online':
      return { act: 'online', seq };
    case 'queryServer': {
      const query = serverQueryOf(body);
      return query === undefined ? { act: 'malformedQuery', seq } : { act: 'queryServer', ...query, seq };
    }
    case 'listening': {
      const query = serverQueryOf(body);
      return query === undefined ? undefined : { act: 'listening', ...query, seq };
    }
    case 'close':
      return typeof body.key === 'string' ? { act: 'close', key: body.key, seq } : undefined;
    case 'exitedAfterDisconnect':
      return { act: 'exitedAfterDisconnect', seq };
    default:
      return undefined;
  }
}

/** The primary's message as a worker takes it. */
export function fromPrimary({ seq, body }: Envelope): FromPrimary | undefined {
  switch (body.act) {
    case 'newconn':
      return typeof body.key === 'string' ? { act: 'newconn', key: body.key, seq } : undefined;
    case 'disconnect':
      return { act: 'disconnect', seq };
    default:
      return undefined;
  }
}

function sockNameOf(value: unknown): SockName | undefined {
  if (!isFields(value)) return undefined;
  const { address, family, port } = value;
  if (typeof address !== 'string' || typeof family !== 'string' || !isInteger(port)) return undefined;
  return { address, family, port };
}

type ReplyParsers = { [A in keyof Replies]: (ack: number, body: Fields) => Replies[A] | undefined };

const REPLY_PARSERS: ReplyParsers = {
  queryServer(ack, { errno, key, data, sockname }) {
    const refused = isInteger(errno) && errno !== 0;
    if (!(errno === null || isInteger(errno)) || !(typeof key === 'string' || (key === null && refused)))
      return undefined;
    if (sockname === undefined) return { errno, key, ack, data };
    const name = sockNameOf(sockname);
    return name === undefined ? undefined : { errno, key, ack, data, sockname: name };
  },
  newconn(ack, { accepted }) {
    return typeof accepted === 'boolean' ? { ack, accepted } : undefined;
  },
  exitedAfterDisconnect(ack) {
    return { ack };
  },
};

/** The reply to a request of `act`, or undefined when the message is not one. */
export function replyTo<A extends keyof Replies>(act: A, ack: number, body: Fields): Replies[A] | undefined {
  const parse: ReplyParsers[A] = REPLY_PARSERS[act];
  return parse(ack, body);
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
