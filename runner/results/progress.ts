// The terminal view of a run: which target and case are running, with counts.
// On a terminal it redraws one status line; in CI (CI=true or no TTY) it stays
// quiet but prints every unexpected result in full, as it happens.
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { type ExpectationFile, loadExpectations } from './expectations.js';
import { judgeResult, staleEntries } from './verdict.js';

interface Counts {
  total: number;
  done: number;
  passed: number;
  expectedFail: number;
  unexpected: number;
  skipped: number;
}

function progressLine(target: string, counts: Counts, running: string): string {
  const c = counts;
  const parts = [
    `${c.passed} passed`,
    `${c.expectedFail} expected fail`,
    `${c.unexpected} unexpected`,
    `${c.skipped} skipped`,
  ];
  return `[${target}] ${c.done}/${c.total} | ${parts.join(', ')}${running ? ` | ${running}` : ''}`;
}

/** A test the name filter left out is not part of the run. */
function selected(test: TestCase): boolean {
  return test.options.mode !== 'skip';
}

export default class ProgressReporter implements Reporter {
  private readonly counts: Counts = { total: 0, done: 0, passed: 0, expectedFail: 0, unexpected: 0, skipped: 0 };
  private readonly running = new Set<string>();
  private readonly seen = new Set<string>();
  /** No --filter (read when the run has started): stale entries and skipped known failures count. */
  private get complete(): boolean {
    return !process.env.CLUSTER_FILTER;
  }
  private readonly expectations: ExpectationFile;
  private readonly live: boolean;
  private drawn = false;

  constructor(
    private readonly target: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.expectations = loadExpectations(target);
    this.live = Boolean(out.isTTY) && process.env.CI !== 'true';
  }

  onTestRunStart(): void {
    if (!this.live) this.print(`[${this.target}] running the catalogue`);
  }

  onTestModuleCollected(module: TestModule): void {
    this.counts.total += [...module.children.allTests()].filter(selected).length;
    this.draw();
  }

  onTestCaseReady(test: TestCase): void {
    if (!selected(test)) return;
    this.running.add(test.fullName);
    this.draw();
  }

  onTestCaseResult(test: TestCase): void {
    if (!selected(test)) return;
    this.running.delete(test.fullName);
    this.seen.add(test.fullName);
    const c = this.counts;
    c.done++;
    const result = test.result();
    const status = result.state === 'passed' ? 'pass' : result.state === 'failed' ? 'fail' : 'skip';
    const message = (result.errors ?? []).map((error) => error.message).join('\n');
    const judged = judgeResult(
      { id: test.fullName, status, message },
      this.expectations.entries[test.fullName],
      this.target,
      this.complete,
      this.expectations.inherited?.has(test.fullName),
    );
    if (judged.verdict === 'pass') c.passed++;
    else if (judged.verdict === 'expected-fail') c.expectedFail++;
    else if (judged.verdict === 'skip') c.skipped++;
    else
      this.unexpected(
        `UNEXPECTED ${status.toUpperCase()} [${this.target}] ${test.fullName}`,
        `${judged.advice}${message ? `\n${message}` : ''}`,
      );
    this.draw();
  }

  onTestRunEnd(): void {
    for (const stale of staleEntries(this.seen, this.expectations, this.complete)) {
      this.unexpected(`UNEXPECTED STALE [${this.target}] ${stale.id}`, stale.advice);
    }
    if (this.live && this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }

  private unexpected(head: string, why: string): void {
    this.counts.unexpected++;
    this.print(`${head}\n  ${why.replace(/\n/g, '\n  ')}`);
  }

  /** A line that stays: clears the status line first, then redraws it. */
  private print(text: string): void {
    if (this.live && this.drawn) this.out.write('\r\x1b[K');
    this.out.write(`${text}\n`);
    this.drawn = false;
    this.draw();
  }

  private draw(): void {
    if (!this.live) return;
    const running = [...this.running][0] ?? '';
    const width = this.out.columns || 120;
    this.out.write(`\r\x1b[K${progressLine(this.target, this.counts, running).slice(0, width - 1)}`);
    this.drawn = true;
  }
}
