// The one verdict: how a test's result stands against the target's
// expectations. The exit code, the JSON report, JUnit, Markdown, the progress
// line and the matrix all read it from here, so they cannot disagree.
import path from 'node:path';
import {
  type ExpectationEntry,
  type ExpectationFile,
  expectationsPath,
  expectedMessages,
  type Outcome,
} from './expectations.js';

/**
 * - pass: passed, as expected;
 * - expected-fail: failed as the expectations say (or a flaky test failed);
 * - skip: not run (capability, Node range), and nothing expected it to run;
 * - unexpected: anything else; `advice` says what to change.
 */
export type Verdict = 'pass' | 'expected-fail' | 'skip' | 'unexpected';

export interface Judgement {
  verdict: Verdict;
  /** What the expectations say this test should end with. */
  expected: Outcome;
  /** For an unexpected result: what to change, naming the entry. */
  advice?: string;
}

/** A test's result as the verdict needs it. */
export interface Judged {
  id: string;
  status: Outcome;
  message: string;
}

/** An unexpected result, or a stale entry (status 'skip': no test ran). */
export interface Unexpected {
  id: string;
  status: Outcome;
  expected: Outcome;
  advice: string;
}

function shown(target: string): string {
  return path.relative(process.cwd(), expectationsPath(target));
}

/**
 * One result against its entry. `complete` says the whole catalogue ran (no
 * --filter): only then does a skipped test with an entry count against it.
 */
export function judgeResult(
  result: Judged,
  entry: ExpectationEntry | undefined,
  target: string,
  complete: boolean,
  inherited = false,
): Judgement {
  const file = () => shown(target);
  if (result.status === 'skip') {
    if (entry?.status === 'fail' && complete && !inherited) {
      return {
        verdict: 'unexpected',
        expected: 'fail',
        advice: `skipped, but ${file()} expects "${result.id}" to fail: remove the entry`,
      };
    }
    return { verdict: 'skip', expected: 'skip' };
  }
  if (entry?.status === 'flaky')
    return { verdict: result.status === 'pass' ? 'pass' : 'expected-fail', expected: result.status };
  if (result.status === 'pass') {
    if (!entry) return { verdict: 'pass', expected: 'pass' };
    return { verdict: 'unexpected', expected: 'fail', advice: `unexpected pass: remove "${result.id}" from ${file()}` };
  }
  if (!entry) {
    return {
      verdict: 'unexpected',
      expected: 'pass',
      advice: `unexpected failure: fix it, or add "${result.id}" to ${file()} with a reason`,
    };
  }
  const messages = expectedMessages(entry);
  if (messages !== undefined && !messages.some((message) => result.message.includes(message))) {
    return {
      verdict: 'unexpected',
      expected: 'fail',
      advice: `fails differently: "${result.id}" in ${file()} expects a message containing ${messages.map((m) => JSON.stringify(m)).join(' or ')}`,
    };
  }
  return { verdict: 'expected-fail', expected: 'fail' };
}

/** Entries that match no test: stale, on a complete run only. */
export function staleEntries(ids: Iterable<string>, expectations: ExpectationFile, complete: boolean): Unexpected[] {
  if (!complete) return [];
  const seen = new Set(ids);
  // An inherited entry is stale on its own target's run.
  return Object.keys(expectations.entries)
    .filter((id) => !seen.has(id) && !expectations.inherited?.has(id))
    .map((id) => ({
      id,
      status: 'skip' as const,
      expected: 'fail' as const,
      advice: `stale entry: no test "${id}"; remove it from ${shown(expectations.target)}`,
    }));
}

/** A whole run: each result's judgement, and every unexpected result including stale entries. */
export function judgeRun<R extends Judged>(
  results: R[],
  expectations: ExpectationFile,
  complete: boolean,
): { judged: (R & Judgement)[]; unexpected: Unexpected[] } {
  const judged = results.map((result) => ({
    ...result,
    ...judgeResult(
      result,
      expectations.entries[result.id],
      expectations.target,
      complete,
      expectations.inherited?.has(result.id),
    ),
  }));
  const unexpected: Unexpected[] = judged
    .filter((r) => r.verdict === 'unexpected')
    .map((r) => ({ id: r.id, status: r.status, expected: r.expected, advice: r.advice! }));
  unexpected.push(
    ...staleEntries(
      results.map((r) => r.id),
      expectations,
      complete,
    ),
  );
  return { judged, unexpected };
}

/** The exit code of a run: 1 when anything was unexpected. */
export function exitCodeOf(unexpected: number): 0 | 1 {
  return unexpected === 0 ? 0 : 1;
}

/** The requirement IDs a test id (its full name) starts with: `PORT-1 PORT-3: title`. */
export function requirementsOfTestId(id: string): string[] {
  const head = /^((?:[A-Z]+-\d+ )*[A-Z]+-\d+)[ :]/.exec(id);
  return head ? head[1]!.split(' ') : [];
}

/** A reported result's verdict; reports written before it was recorded derive it from status and expected. */
export function verdictOf(result: { verdict?: Verdict; status: Outcome; expected: Outcome }): Verdict {
  if (result.verdict !== undefined) return result.verdict;
  if (result.status !== result.expected) return 'unexpected';
  return result.status === 'fail' ? 'expected-fail' : result.status;
}
