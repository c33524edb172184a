// Drives case programs over loopback. Every loop is bounded in count and time.
import net from 'node:net';

const CONNECTION_TIMEOUT_MS = 5000;

/** Connects, and resolves with everything the server wrote before closing. */
export function readAnswer(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    let answer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(CONNECTION_TIMEOUT_MS, () => socket.destroy(new Error(`no answer from ${host}:${port}`)));
    socket.on('data', (chunk: string) => { answer += chunk; });
    socket.once('error', reject);
    socket.once('end', () => {
      socket.end();
      resolve(answer);
    });
  });
}

/**
 * Opens connections, `concurrency` at a time, until every expected answer has
 * come back or `maxConnections` were made. Returns how often each answer came.
 */
export async function collectAnswers(port: number, expected: readonly string[],
  { maxConnections = 400, concurrency = 8, host = '127.0.0.1' } = {}): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let made = 0;
  const allSeen = () => expected.every((answer) => counts.has(answer));
  const lane = async () => {
    while (!allSeen() && made < maxConnections) {
      made++;
      const answer = await readAnswer(port, host);
      counts.set(answer, (counts.get(answer) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return counts;
}
