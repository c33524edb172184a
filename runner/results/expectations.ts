// Known failures per target (expectations/<target>.json): loading, checking
// and rewriting them. How a run stands against them is verdict.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { ROOT } from '../../conformance/harness/paths.js';
import { targetFileName } from '../targets/target.js';

export interface ExpectationEntry {
  /** 'fail': it fails; 'flaky': it passes or fails from run to run (WPT's known intermittent). */
  status: 'fail' | 'flaky';
  /** Why this target fails this test. */
  reason: string;
  /**
   * When given, the failure message must contain this text, or one of these
   * (a target that fails one of two known ways, as WPT lists several statuses).
   */
  message?: string | string[];
  /** What the failure looks like (FINDINGS.md): a bug, or a difference the runtime made on purpose. */
  kind?: 'bug' | 'deliberate';
  /** The runtime versions it was seen on (`bun 1.4.5`), for FINDINGS.md. */
  seen?: string;
}

export interface ExpectationFile {
  target: string;
  /**
   * Another target whose entries apply here too, unless this file has its
   * own entry for the test (docker:bun inherits bun, as WPT's __dir__.ini
   * defaults do). An inherited entry of a test this target skips (a
   * capability it lacks) is not held against it.
   */
  inherits?: string;
  /** Keyed by test id (the test's full name, which starts with its requirement IDs). */
  entries: Record<string, ExpectationEntry>;
  /** Set when loaded: the ids whose entry came from an inherited file. */
  inherited?: ReadonlySet<string>;
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
  return path.join(expectationsDir(), `${targetFileName(target)}.json`);
}

/** The texts an entry's failure message may contain, any one of them; undefined when any message will do. */
export function expectedMessages(entry: ExpectationEntry): string[] | undefined {
  return entry.message === undefined ? undefined : [entry.message].flat();
}

/** How messages name an expectations file: relative to where the suite runs. */
function shown(file: string): string {
  return path.relative(process.cwd(), file);
}

/** A target's file with what it inherits merged in: its own entries win. */
export function loadExpectations(target: string, seen: string[] = []): ExpectationFile {
  const file = expectationsPath(target);
  if (!existsSync(file)) return { target, entries: {}, inherited: new Set() };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as ExpectationFile;
  for (const [id, entry] of Object.entries(parsed.entries ?? {})) {
    if (
      (entry.status !== 'fail' && entry.status !== 'flaky') ||
      typeof entry.reason !== 'string' ||
      entry.reason.trim() === ''
    ) {
      throw new Error(`${shown(file)}: entry "${id}" needs status "fail" or "flaky", and a reason`);
    }
    const message = entry.message;
    if (
      message !== undefined &&
      typeof message !== 'string' &&
      !(Array.isArray(message) && message.length > 0 && message.every((text) => typeof text === 'string'))
    ) {
      throw new Error(`${shown(file)}: entry "${id}" has a message that is neither a text nor a list of texts`);
    }
    if (entry.kind !== undefined && entry.kind !== 'bug' && entry.kind !== 'deliberate') {
      throw new Error(
        `${shown(file)}: entry "${id}" has kind ${JSON.stringify(entry.kind)}; a kind is "bug" or "deliberate"`,
      );
    }
  }
  const own = parsed.entries ?? {};
  if (parsed.inherits === undefined) return { target, entries: own, inherited: new Set() };
  if (seen.includes(parsed.inherits) || parsed.inherits === target) {
    throw new Error(`${shown(file)}: inherits ${parsed.inherits}, which inherits it back`);
  }
  const parent = loadExpectations(parsed.inherits, [...seen, target]);
  const inherited = new Set(Object.keys(parent.entries).filter((id) => !Object.hasOwn(own, id)));
  return { target, inherits: parsed.inherits, entries: { ...parent.entries, ...own }, inherited };
}

/**
 * Rewrites the file from a run: every failure becomes an entry; known reasons
 * and messages are kept. A partial run (a filter) keeps the entries of the
 * tests it did not run.
 */
export function updateExpectations(
  results: RunResult[],
  old: ExpectationFile,
  defaultReason: string,
  complete = true,
): ExpectationFile {
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
  return { target: old.target, ...(old.inherits ? { inherits: old.inherits } : {}), entries };
}

/** Writes a target's file; with `inherits`, only the entries that differ from the inherited ones. */
export function writeExpectations(file: ExpectationFile): string {
  mkdirSync(expectationsDir(), { recursive: true });
  const parent = file.inherits ? loadExpectations(file.inherits).entries : {};
  const own = Object.entries(file.entries).filter(
    ([id, entry]) => JSON.stringify(parent[id]) !== JSON.stringify(entry),
  );
  const sorted = Object.fromEntries(own.sort(([a], [b]) => a.localeCompare(b)));
  const target = expectationsPath(file.target);
  const head = file.inherits ? { target: file.target, inherits: file.inherits } : { target: file.target };
  writeFileSync(target, `${JSON.stringify({ ...head, entries: sorted }, null, 2)}\n`);
  return target;
}

function firstLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim() !== '') ?? 'failed';
  // Ports, pids and paths change between runs; the reason should not.
  return stripVTControlCharacters(line)
    .replace(/\d{3,}/g, 'N')
    .slice(0, 160)
    .trim();
}
