// The harness under faults: SIGINT or SIGTERM to a running CLI leaves no
// process behind, checked with the process table.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pWaitFor from 'p-wait-for';
import { expect, onTestFinished, test } from 'vitest';
import { CLI_ENTRY as CLI, FIXTURES, ROOT } from '../harness/paths.js';
import { descendants, environHas, killQuietly, type ProcessEntry, processTable } from '../harness/process_table.js';
import { recordFigures } from './figures.js';

/** Its cases each leave a silent process behind, which only the harness can end. */
const ADAPTER = path.join(ROOT, 'conformance', 'stress', 'support', 'lingering-adapter.mjs');

/** How the signal is sent: to the CLI alone (kill <pid>), or to its group (Ctrl-C in a terminal). */
const CASES = [
  ['SIGINT', 'group'],
  ['SIGTERM', 'process'],
] as const;
let survived = 0;

for (const [signal, to] of CASES) {
  test(`${signal} to the CLI's ${to} while cases run leaves no process behind`, async () => {
    // The run's own TMPDIR, which cases inherit: it marks every process of the run.
    const reports = mkdtempSync(path.join(os.tmpdir(), 'signals-'));
    onTestFinished(() => rmSync(reports, { recursive: true, force: true }));
    const mark = `TMPDIR=${reports}`;
    const cli = spawn(process.execPath, [CLI, '--target', ADAPTER, '-t', 'LIFE|RR|PORT'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CLUSTER_REPORTS_DIR: reports, TMPDIR: reports },
    });
    let output = '';
    cli.stdout.on('data', (chunk) => {
      output += chunk;
    });
    cli.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const closed = new Promise<number | null>((resolve) => cli.once('close', (code) => resolve(code)));
    // Every process ever seen under the CLI, and the sessions they lead (a case and its workers share one).
    const seen = new Map<number, ProcessEntry>();
    const sessions = new Set<number>();
    const watch = () => {
      for (const entry of descendants(cli.pid!)) {
        seen.set(entry.pid, entry);
        sessions.add(entry.sid);
      }
    };
    const left = () =>
      processTable().filter((entry) => seen.has(entry.pid) || sessions.has(entry.sid) || environHas(entry.pid, mark));
    onTestFinished(() => {
      for (const entry of left()) killQuietly(entry.pid);
    });

    // Wait until a case program runs, with its lingering process.
    await pWaitFor(
      () => {
        watch();
        const inCases = [...seen.values()].filter((entry) => entry.sid !== cli.pid);
        return (
          inCases.some((entry) => entry.args.includes(FIXTURES)) &&
          inCases.some((entry) => entry.args.endsWith('lingering'))
        );
      },
      { interval: 10, timeout: 30_000 },
    ).catch(() => {
      throw new Error(`no case started\n${output}`);
    });
    watch();
    process.kill(to === 'group' ? -cli.pid! : cli.pid!, signal);
    const code = await Promise.race([closed, new Promise<'hung'>((resolve) => setTimeout(resolve, 15_000, 'hung'))]);
    expect(code, `the CLI should end after ${signal}\n${output}`).not.toBe('hung');
    expect(code, 'a run cut short never passes').not.toBe(0);
    await pWaitFor(() => left().length === 0, { interval: 20, timeout: 5000 }).catch(() =>
      expect(left().map((entry) => `${entry.pid} ${entry.args}`)).toEqual([]),
    );
    survived++;
    recordFigures('harness_signals', { faultsInjected: CASES.length, faultsSurvived: survived });
  }, 60_000);
}
