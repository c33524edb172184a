// The run-time part of a reproduction script (bundled into it by
// generate.ts): unpacks the case programs into a temporary folder, runs the
// selected tests one at a time on the runtime that runs the script, and says
// what each requirement expects and what happened. Exit code: 0 every test
// passed, 1 one failed, 3 none applies to this runtime (Node range, capability).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { type CaseOptions, CaseRun, stallDeadline } from '../../../conformance/harness/case_run.js';
import type { Target } from '../../targets/target.js';
import type { ReproFacts, ReproFiles, ReproRequirement } from '../facts.js';
import { beginTest, type RecordedTest, recorded, setTarget } from './conformance_test.js';
import { AssertionError, afterAllCallbacks, display } from './expect.js';
import { setRoot } from './paths.js';
import { reproTarget } from './target.js';

export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_NOT_APPLICABLE = 3;

function write(text: string): void {
  process.stdout.write(text);
}

/** Lines of a long text, wrapped at `width`, each after `indent`. */
function wrap(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

/** As spec/catalogue.ts outsideRange(): why the target's claimed version is outside the requirement's range. */
function outsideRange(req: ReproRequirement, target: Target): string | undefined {
  const primary = target.claimsNodeVersion;
  const worker = target.workerClaimsNodeVersion ?? primary;
  const versions =
    req.side === 'primary' ? [primary] : req.side === 'worker' ? [worker] : [...new Set([primary, worker])];
  const outside = versions.find((version) => !semver.satisfies(version, req.nodeVersions));
  if (outside === undefined) return undefined;
  return `${req.id} holds for Node ${req.nodeVersions}; ${req.side ? `its ${req.side} side` : 'the target'} claims ${outside}`;
}

/** As conformance_test.ts: why the test does not run here, or undefined. */
function notApplicable(test: RecordedTest, facts: ReproFacts, target: Target): string | undefined {
  const reasons: (string | undefined)[] = [];
  for (const id of test.ids) {
    const req = facts.requirements[id]!;
    reasons.push(outsideRange(req, target));
    const missing = req.tags.filter((tag) => !target.capabilities.has(tag as never));
    if (missing.length > 0) reasons.push(`${id} needs ${missing.join(', ')}, which this runtime lacks here`);
  }
  const missing = (test.options.needs ?? []).filter((need) => !target.capabilities.has(need));
  if (missing.length > 0) reasons.push(`needs ${missing.join(', ')}, which this runtime lacks here`);
  reasons.push(test.options.skipIf?.());
  const text = reasons.filter((reason) => reason !== undefined).join('; ');
  return text || undefined;
}

type Outcome = { status: 'pass' } | { status: 'skip'; reason: string } | { status: 'fail'; error: unknown };

async function runTest(test: RecordedTest, facts: ReproFacts, target: Target, files: ReproFiles): Promise<Outcome> {
  const reason = notApplicable(test, facts, target);
  if (reason) return { status: 'skip', reason };
  const timeout = test.options.timeout ?? facts.timeoutMs;
  const deadline = Date.now() + timeout - facts.deadlineMarginMs;
  const runs: CaseRun[] = [];
  const cleanups = beginTest();
  let failure: { error: unknown } | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `Test timed out in ${timeout}ms.\n` +
                'If this is a long-running test, pass a timeout value as the last argument or ' +
                'configure it globally with "testTimeout".',
            ),
          ),
        timeout,
      );
    });
    const start = (name: string, options?: CaseOptions) => {
      if (!Object.hasOwn(files, `fixtures/${name}.js`))
        throw new Error(`this script does not carry the case program ${name}.js`);
      const run = new CaseRun(target, name, options);
      run.deadline = deadline;
      run.stallMs = stallDeadline();
      runs.push(run);
      return run;
    };
    await Promise.race([timedOut, test.body({ target, deadline, start, shared: start })]);
  } catch (error) {
    failure = { error };
  } finally {
    clearTimeout(timer);
  }
  // As vitest runs onTestFinished callbacks: the test's own first (last registered first), then the case trees.
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      failure ??= { error };
    }
  }
  await Promise.all(runs.map((run) => run.dispose().catch(() => undefined)));
  return failure ? { status: 'fail', error: failure.error } : { status: 'pass' };
}

/** What a failure says: the assertion or the wait message, and for an assertion the two values. */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [first = '', ...rest] = message.split('\n');
  const lines = [`  failed: ${first}`];
  if (error instanceof AssertionError && error.showDiff) {
    lines.push(`  expected: ${display(error.expected)}`);
    lines.push(`  saw:      ${display(error.actual)}`);
  }
  // A wait for facts (CaseRun.waitFor): `case <name> <what happened> with <found> of <count> "<fact>" facts`.
  const wait = /^case (\S+) (.*?),? with (\d+) of (\d+) "([^"]+)" facts$/.exec(first);
  if (wait) {
    const [, name, happened, found, count, fact] = wait;
    lines.push(`  expected: ${count} "${fact}" fact${count === '1' ? '' : 's'} from the case program ${name}.js`);
    lines.push(`  saw:      ${found}, and the case ${happened}`);
  }
  const more = rest.join('\n').trim();
  if (more)
    lines.push(
      more
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
  if (
    !(error instanceof AssertionError) &&
    error instanceof Error &&
    error.stack &&
    !message.includes('\n--- output of')
  ) {
    const frames = error.stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 3);
    if (frames.length > 0) lines.push(frames.map((frame) => `  ${frame.trim()}`).join('\n'));
  }
  return lines.join('\n');
}

function describeRequirement(req: ReproRequirement): string {
  const lines = [`${req.id} (${req.level})`, wrap(req.statement, '  ')];
  if (req.docs) lines.push(`  docs: ${req.docs}`);
  lines.push(`  holds for Node ${req.nodeVersions}`);
  return lines.join('\n');
}

/** Unpacks the script's files, and returns what runs its tests. */
export function setUp(facts: ReproFacts, files: ReproFiles): { run(): Promise<never> } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cluster-repro-'));
  const remove = () => rmSync(root, { recursive: true, force: true });
  process.once('exit', remove);
  // Interrupted (Ctrl-C): the folder goes too. CaseRun kills the case trees on the same signals, and the last handler re-raises it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      remove();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  setRoot(root, path.join(root, 'fixtures'));
  const target = reproTarget(facts, root);
  setTarget(target);
  return {
    async run(): Promise<never> {
      const tests = facts.tests.map((name) => recorded.find((test) => test.name === name));
      const missing = facts.tests.filter((_, i) => tests[i] === undefined);
      if (missing.length > 0) {
        process.stderr.write(`repro: this script does not define the test ${JSON.stringify(missing[0])}\n`);
        process.exit(2);
      }
      const ids = [...new Set(tests.flatMap((test) => test!.ids))];
      write(`${ids.map((id) => describeRequirement(facts.requirements[id]!)).join('\n')}\n`);
      write(`runs on ${target.description}\n\n`);
      const counts = { pass: 0, fail: 0, skip: 0 };
      for (const test of tests as RecordedTest[]) {
        const started = Date.now();
        const outcome = await runTest(test, facts, target, files);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        counts[outcome.status]++;
        if (outcome.status === 'pass') write(`PASS ${test.name} (${seconds} s)\n`);
        else if (outcome.status === 'skip') write(`NOT APPLICABLE ${test.name}: ${outcome.reason}\n`);
        else write(`FAIL ${test.name} (${seconds} s)\n${describeFailure(outcome.error)}\n`);
      }
      for (const callback of afterAllCallbacks) await callback();
      const total = tests.length;
      write(
        `\n${counts.fail > 0 ? 'FAILED' : counts.pass > 0 ? 'PASSED' : 'NOT APPLICABLE'}: ${counts.pass} ` +
          `passed, ${counts.fail} failed, ${counts.skip} not applicable, of ${total} test${total === 1 ? '' : 's'}\n`,
      );
      const code = counts.fail > 0 ? EXIT_FAIL : counts.pass > 0 ? EXIT_PASS : EXIT_NOT_APPLICABLE;
      // Exit once the output is out: a write to a full pipe is asynchronous.
      return new Promise<never>(() => {
        process.stdout.write('', () => process.exit(code));
      });
    },
  };
}
