// The load generator: Debian's wrk, bounded by its own -d and by a kill timer,
// against loopback only.
import { spawn, spawnSync } from 'node:child_process';

export const WRK = process.env.BENCH_WRK || 'wrk';

export class MissingLoadGenerator extends Error {}

/** wrk's version line; throws MissingLoadGenerator when wrk cannot run. */
export function wrkVersion(): string {
  const probe = spawnSync(WRK, ['-v'], { encoding: 'utf8' });
  const out = `${probe.stdout ?? ''}${probe.stderr ?? ''}`;
  const match = /^wrk (\S+)/m.exec(out);
  if (probe.error || !match) {
    throw new MissingLoadGenerator(
      `the load generator ${WRK} is not installed (apt-get install wrk, or set BENCH_WRK)`,
    );
  }
  return `wrk ${match[1]}`;
}

export interface LoadSettings {
  durationSeconds: number;
  connections: number;
  threads: number;
  /** One connection per request (Connection: close) instead of keep-alive. */
  closeEach: boolean;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  /** Socket errors of every kind plus non-2xx/3xx responses. */
  errors: number;
}

export function parseWrk(out: string): LoadResult {
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  if (!rate || !total) throw new Error(`wrk printed no result:\n${out.trim()}`);
  const sockets = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const status = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const errors =
    (sockets ? sockets.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) + (status ? Number(status[1]) : 0);
  return { requestsPerSecond: Number(rate[1]), requests: Number(total[1]), errors };
}

export function runWrk(port: number, settings: LoadSettings): Promise<LoadResult> {
  const args = [
    `-t${settings.threads}`,
    `-c${settings.connections}`,
    `-d${settings.durationSeconds}s`,
    '--timeout',
    '2s',
  ];
  if (settings.closeEach) args.push('-H', 'Connection: close');
  args.push(`http://127.0.0.1:${port}/`);
  return new Promise((resolve, reject) => {
    const child = spawn(WRK, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    const limit = setTimeout(() => child.kill('SIGKILL'), (settings.durationSeconds + 10) * 1000);
    child.on('error', (error) => {
      clearTimeout(limit);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      if (code !== 0) return reject(new Error(`wrk ended with ${signal ?? code}:\n${out.trim()}`));
      try {
        resolve(parseWrk(out));
      } catch (error) {
        reject(error);
      }
    });
  });
}
