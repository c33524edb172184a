// Loopback clients for the ECO tests: HTTP requests (from any 127.0.0.0/8
// source address), a bounded load that keeps requests in flight, and bounded
// waits. Every loop is bounded in count and time.
import http from 'node:http';
import pWaitFor from 'p-wait-for';
import { patientTimeout } from './patient_timeout.js';
import { inLanes } from './pool.js';

const REQUEST_TIMEOUT_MS = 5000;

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One GET on 127.0.0.1:port, no keep-alive, from `localAddress` if given. */
export function httpGet(port: number, path = '/', localAddress?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      {
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        timeout: REQUEST_TIMEOUT_MS,
        ...(localAddress ? { localAddress } : {}),
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(
        Object.assign(new Error(`no answer from 127.0.0.1:${port}${path} in ${REQUEST_TIMEOUT_MS} ms`), {
          code: 'held',
        }),
      ),
    );
    request.on('error', reject);
  });
}

/** A GET whose 200 answer is JSON. */
export async function getJson<T>(port: number, path = '/', localAddress?: string): Promise<T> {
  const answer = await httpGet(port, path, localAddress);
  if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  return JSON.parse(answer.body) as T;
}

/**
 * GETs until `done(answers)` holds or `maxRequests` were made; a refused
 * connection (a server not listening yet) counts as a request and is retried.
 */
export async function getUntil<T>(
  port: number,
  done: (answers: T[]) => boolean,
  { maxRequests = 300, concurrency = 2 } = {},
): Promise<T[]> {
  const answers: T[] = [];
  let made = 0;
  await inLanes(concurrency, async () => {
    if (done(answers) || made >= maxRequests) return false;
    made++;
    try {
      answers.push(await getJson<T>(port));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw error;
    }
    return true;
  });
  if (!done(answers))
    throw new Error(`${made} requests did not get the answers wanted; got ${JSON.stringify(answers.slice(-10))}`);
  return answers;
}

/**
 * Requests kept in flight on a port, `concurrency` at a time, until stop() or
 * `maxRequests` (or `maxMs`) is reached: every answer and every failure is
 * recorded, in order.
 */
export class Load<T = unknown> {
  readonly answers: { at: number; answer: T }[] = [];
  readonly failures: string[] = [];
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(port: number, { concurrency = 4, maxRequests = 3000, maxMs = 30_000 } = {}) {
    const started = Date.now();
    let made = 0;
    this.done = inLanes(concurrency, async () => {
      if (this.stopped || made >= maxRequests || Date.now() - started > maxMs) return false;
      made++;
      try {
        this.answers.push({ at: Date.now(), answer: await getJson<T>(port) });
      } catch (error) {
        this.failures.push(`${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message}`.trim());
      }
      return true;
    });
  }

  get requests(): number {
    return this.answers.length + this.failures.length;
  }

  /** Waits until `condition` holds for the load (bounded by `ms`). */
  async until(condition: (load: this) => boolean, ms: number, what: string): Promise<void> {
    await within(
      pWaitFor(() => condition(this) || this.stopped, { interval: 10 }),
      ms,
      what,
    );
    if (!condition(this)) throw new Error(`the load stopped before ${what}`);
  }

  /** Stops sending; resolves once every request in flight has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

/** `promise`, or a failure naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let cancel: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    cancel = patientTimeout(ms, () => reject(new Error(`${what}: not within ${ms} ms`)));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    cancel?.();
  }
}
