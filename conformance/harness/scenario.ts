// A scenario: one case run that tests of a file take in turn, each doing one
// step of it (the library's cluster starts; a worker is killed; it reloads;
// it stops), so its processes start once rather than once per test. A test
// that finds the scenario ended, or failed in a step, starts it anew: each
// test still passes or fails on its own, also when it runs alone. A scenario
// that failed to start fails the later tests at once, with that failure.
import { afterAll } from 'vitest';
import { type CaseOptions, CaseRun, stallDeadline } from './case_run.js';
import { type CaseContext, onTestFinished } from './conformance_test.js';

export interface ScenarioStart {
  /** Starts a case program that lives as long as the scenario, not the test. */
  start(name: string, options?: CaseOptions): CaseRun;
  /** Runs `cleanup` when the scenario ends. */
  onEnd(cleanup: () => unknown): void;
}

interface Current<T> {
  value: T | undefined;
  runs: CaseRun[];
  cleanups: (() => unknown)[];
}

export class Scenario<T> {
  private current: Current<T> | undefined;
  /** Why starting it failed, once it has. */
  private startFailure: Error | undefined;
  /** Settles when the test that holds the scenario is finished with it. */
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly setup: (context: CaseContext, scenario: ScenarioStart) => Promise<T>) {
    afterAll(() => this.end());
  }

  /**
   * Waits for the tests that took it before to finish, then hands the
   * scenario to this test, started anew where it must be. The scenario ends
   * when the test fails, or after it when `last` (the step ends it).
   */
  async take(context: CaseContext, { last = false } = {}): Promise<T> {
    const before = this.turn;
    let finished!: () => void;
    this.turn = new Promise((resolve) => {
      finished = resolve;
    });
    onTestFinished(async (failed) => {
      if (failed || last) await this.end();
      finished();
    });
    await before;
    if (this.startFailure) throw new Error(`the scenario failed to start before: ${this.startFailure.message}`);
    const current = this.current;
    if (current?.value !== undefined && current.runs.every((run) => !run.hasExited())) {
      for (const run of current.runs) run.deadline = context.deadline;
      return current.value;
    }
    await this.end();
    const fresh: Current<T> = { value: undefined, runs: [], cleanups: [] };
    this.current = fresh;
    const started = this.setup(context, {
      start(name, options) {
        const run = new CaseRun(context.target, name, options);
        run.deadline = context.deadline;
        run.stallMs = stallDeadline();
        fresh.runs.push(run);
        return run;
      },
      onEnd: (cleanup) => fresh.cleanups.push(cleanup),
    });
    fresh.value = await started.catch((error: Error) => {
      this.startFailure = error;
      throw error;
    });
    return fresh.value;
  }

  private async end(): Promise<void> {
    const current = this.current;
    if (current === undefined) return;
    this.current = undefined;
    await Promise.all(current.runs.map((run) => run.dispose()));
    for (const cleanup of current.cleanups.reverse()) await cleanup();
  }
}
