// Known failures per target (expectations/<target>.json): loading, checking
// and rewriting them. How a run stands against them is verdict.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

export interface ExpectationEntry {
  /** 'fail': it fails; 'flaky': it passes or fails from run to run (WPT's known intermittent). */
  status: 'fail' | 'flaky';
  /** Why this target fails this test. */
  reason: string;
  /** When given, the failure message must contain this text. */
  message?: string;
}

export interface ExpectationFile {
  target: string;
  /** Keyed by test id (the test's full name, which starts with its requirement IDs). */
  entries: Record<string, ExpectationEntry>;
}

export type Outcome = 'pass' | 'fail' | 'skip';

export interface RunResult {
  id: string;
  status: Outcome;
  message: string;
}

/** The shipped expectations, or a folder of your own (CLUSTER_EXPECTATIONS, `--expectations`). */
export function expectationsDir(): string {
  const own = process.env.CLUSTER_EXPECTATIONS;
  return own ? path.resolve(own) : path.join(ROOT, 'expectations');
}

export function expectationsPath(target: string): string {
  return path.join(expectationsDir(), `${target.replace(/[^\w.@-]+/g, '_')}.json`);
}

/** How messages name an expectations file: relative to where the suite runs. */
function shown(file: string): string {
  return path.relative(process.cwd(), file);
}

export function loadExpectations(target: string): ExpectationFile {
  const file = expectationsPath(target);
  if (!existsSync(file)) return { target, entries: {} };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as ExpectationFile;
  for (const [id, entry] of Object.entries(parsed.entries ?? {})) {
    if ((entry.status !== 'fail' && entry.status !== 'flaky') || typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      throw new Error(`${shown(file)}: entry "${id}" needs status "fail" or "flaky", and a reason`);
    }
  }
  return { target, entries: parsed.entries ?? {} };
}

/**
 * Rewrites the file from a run: every failure becomes an entry; known reasons
 * and messages are kept. A partial run (a filter) keeps the entries of the
 * tests it did not run.
 */
export function updateExpectations(results: RunResult[], old: ExpectationFile, defaultReason: string, complete = true): ExpectationFile {
  const ran = new Set(results.map((result) => result.id));
  const entries: Record<string, ExpectationEntry> = complete
    ? {}
    : Object.fromEntries(Object.entries(old.entries).filter(([id]) => !ran.has(id)));
  for (const result of results) {
    const previous = old.entries[result.id];
    if (previous?.status === 'flaky') {
      entries[result.id] = previous;
      continue;
    }
    if (result.status !== 'fail') continue;
    entries[result.id] = previous ?? { status: 'fail', reason: `${defaultReason}: ${firstLine(result.message)}` };
  }
  return { target: old.target, entries };
}

export function writeExpectations(file: ExpectationFile): string {
  mkdirSync(expectationsDir(), { recursive: true });
  const sorted = Object.fromEntries(Object.entries(file.entries).sort(([a], [b]) => a.localeCompare(b)));
  const target = expectationsPath(file.target);
  writeFileSync(target, `${JSON.stringify({ target: file.target, entries: sorted }, null, 2)}\n`);
  return target;
}

function firstLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim() !== '') ?? 'failed';
  // Ports, pids and paths change between runs; the reason should not.
  return line.replace(/\x1b\[[0-9;]*m/g, '').replace(/\d{3,}/g, 'N').slice(0, 160).trim();
}
