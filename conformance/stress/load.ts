// Bounded loopback load: at most `total` connections, `concurrency` at a
// time, none started after `deadlineMs`; each waits up to `answerTimeoutMs`
// for the server to answer and close.

import { readAnswer } from '../harness/loopback.js';
import { inLanes } from '../harness/pool.js';

export interface LoadOptions {
  total: number;
  concurrency: number;
  deadlineMs: number;
  answerTimeoutMs?: number;
  /** Called after each answered connection, with the answer. */
  onAnswer?: (answer: string, answered: number) => void;
}

export interface LoadResult {
  sent: number;
  answered: number;
  /** Connections that got no answer: reset, closed empty, or timed out. */
  lost: number;
  answers: Map<string, number>;
  /**
   * Lost connections by how: 'held' (no answer and still open at the
   * timeout), 'closed' (closed without an answer), or the socket error code.
   */
  lostBy: Record<string, number>;
  ms: number;
}

/** One connection's answer; closed without one is lost too (code 'closed'). */
async function ask(port: number, timeoutMs: number): Promise<string> {
  const answer = await readAnswer(port, timeoutMs);
  if (answer === '') throw Object.assign(new Error('closed'), { code: 'closed' });
  return answer;
}

export async function runLoad(port: number, options: LoadOptions): Promise<LoadResult> {
  const started = Date.now();
  const result: LoadResult = { sent: 0, answered: 0, lost: 0, answers: new Map(), lostBy: {}, ms: 0 };
  await inLanes(options.concurrency, async () => {
    if (result.sent >= options.total || Date.now() - started >= options.deadlineMs) return false;
    result.sent++;
    try {
      const answer = await ask(port, options.answerTimeoutMs ?? 10_000);
      result.answered++;
      result.answers.set(answer, (result.answers.get(answer) ?? 0) + 1);
      options.onAnswer?.(answer, result.answered);
    } catch (error) {
      result.lost++;
      const how = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      result.lostBy[how] = (result.lostBy[how] ?? 0) + 1;
    }
    return true;
  });
  result.ms = Date.now() - started;
  return result;
}
