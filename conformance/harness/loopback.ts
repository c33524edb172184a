// Drives case programs over loopback. Every loop is bounded in count and time.
import net from 'node:net';
import getPort from 'get-port';
import { patientTimeout } from './patient_timeout.js';
import { inLanes } from './pool.js';

const CONNECTION_TIMEOUT_MS = 5000;

/** Where to connect: a loopback port, or a Unix socket path. */
export type Endpoint = number | { port: number; host?: string } | { path: string };

function connect(endpoint: Endpoint): net.Socket {
  if (typeof endpoint === 'number') return net.connect({ port: endpoint, host: '127.0.0.1' });
  if ('path' in endpoint) return net.connect({ path: endpoint.path });
  return net.connect({ port: endpoint.port, host: endpoint.host ?? '127.0.0.1' });
}

/**
 * Connects, and resolves with everything the server wrote before closing. A
 * connection still open without an answer after `timeoutMs` fails with code 'held'.
 */
export function readAnswer(endpoint: Endpoint, timeoutMs = CONNECTION_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(endpoint);
    let answer = '';
    socket.setEncoding('utf8');
    const cancel = patientTimeout(timeoutMs, () =>
      socket.destroy(Object.assign(new Error(`no answer from ${JSON.stringify(endpoint)}`), { code: 'held' })),
    );
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.once('close', cancel);
    socket.once('error', reject);
    socket.once('end', () => {
      cancel();
      socket.end();
      resolve(answer);
    });
  });
}

/**
 * Opens connections, `concurrency` at a time, until every expected answer has
 * come back or `maxConnections` were made. Returns how often each answer came.
 */
export async function collectAnswers(
  endpoint: Endpoint,
  expected: readonly string[],
  { maxConnections = 400, concurrency = 8 } = {},
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let made = 0;
  const allSeen = () => expected.every((answer) => counts.has(answer));
  await inLanes(concurrency, async () => {
    if (allSeen() || made >= maxConnections) return false;
    made++;
    const answer = await readAnswer(endpoint);
    counts.set(answer, (counts.get(answer) ?? 0) + 1);
    return true;
  });
  return counts;
}

/** A connection the test keeps open: read what arrives, write, end. */
export class HeldConnection {
  private readonly socket: net.Socket;
  private readonly chunks: string[] = [];
  private readonly waiting: ((chunk: string) => void)[] = [];
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter(chunk);
      else this.chunks.push(chunk);
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static open(endpoint: Endpoint): Promise<HeldConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(endpoint);
      socket.once('error', reject);
      socket.once('connect', () => resolve(new HeldConnection(socket)));
    });
  }

  /** The next chunk the server writes. */
  read(): Promise<string> {
    const chunk = this.chunks.shift();
    if (chunk !== undefined) return Promise.resolve(chunk);
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      this.socket.once('close', () => reject(new Error('connection closed before data arrived')));
    });
  }

  write(data: string): void {
    this.socket.write(data);
  }

  end(): Promise<void> {
    this.socket.end();
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Ports below Linux's default ephemeral range (32768-60999), in random order. */
function* portsBelowEphemeral(): Generator<number> {
  const start = 20_000 + Math.floor(Math.random() * 12_000);
  for (let i = 0; i < 12_000; i++) yield 20_000 + ((start - 20_000 + i) % 12_000);
}

/**
 * A free fixed port for a case to bind later. It comes from below the
 * kernel's ephemeral range, so no listen(0) of a concurrent test or case can
 * take it between this call and the case's bind, and from a random point,
 * so concurrent callers rarely meet.
 */
export function freePort(host: string): Promise<number> {
  return getPort({ host, port: portsBelowEphemeral() });
}
