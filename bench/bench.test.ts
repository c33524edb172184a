// Smoke test of the bench: one short iteration over the local implementations
// must write a report with every field. No timing is asserted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { skipWithoutTool } from '../conformance/harness/system_tools.js';
import { PAIRS } from './implementations.js';
import type { BenchReport } from './report.js';
import { runBench } from './run.js';
import type { Spread } from './statistics.js';
import { yardstickMs } from './suite_time.js';
import { MissingLoadGenerator, WRK, wrkVersion } from './wrk.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectSpread(value: Spread | null | undefined): void {
  expect(value).toEqual({
    median: expect.any(Number),
    min: expect.any(Number),
    max: expect.any(Number),
    count: expect.any(Number),
  });
  expect(value!.min).toBeLessThanOrEqual(value!.median);
  expect(value!.median).toBeLessThanOrEqual(value!.max);
}

function hasWrk(): boolean {
  try {
    wrkVersion();
    return true;
  } catch (error) {
    if (error instanceof MissingLoadGenerator) return false;
    throw error;
  }
}

const noWrk = skipWithoutTool('the bench smoke test', WRK, hasWrk(), 'apt-get install wrk, or set BENCH_WRK');

test.skipIf(noWrk)(
  'one short iteration writes reports/bench.json with every field (wrk is required)',
  async () => {
    const out = path.join(dir, 'bench.json');
    const lines: string[] = [];
    const returned = await runBench({
      quick: true,
      durationSeconds: 1,
      rounds: 1,
      runSuite: false,
      out,
      progress: (line) => lines.push(line),
    });
    const report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
    expect(report).toEqual(returned);

    expect(report.schema).toBe(1);
    expect(Date.parse(report.started_at)).not.toBeNaN();
    expect(report.duration_ms).toBeGreaterThan(0);
    expect(report.machine).toEqual({
      nproc: expect.any(Number),
      cpu_model: expect.any(String),
      node_version: process.versions.node,
      os: expect.any(String),
      load_generator: expect.stringMatching(/^wrk /),
      loadavg_at_start: expect.any(Number),
    });
    expect(report.settings).toMatchObject({ durationSeconds: 1, rounds: 1, workloads: ['keep-alive', 'close'] });
    expect(report.implementations.map((entry) => entry.id)).toEqual([
      'single',
      'node-rr',
      'reference-rr',
      'node-none',
      'reference-none',
    ]);
    for (const entry of report.implementations)
      expect(entry).toMatchObject({ available: true, runtime_version: expect.any(String), reason: null });

    expect(report.scenarios.map((scenario) => scenario.workload)).toEqual(['keep-alive', 'close']);
    for (const scenario of report.scenarios) {
      const expectedIds = [
        'node-rr',
        'reference-rr',
        'node-none',
        'reference-none',
        ...(scenario.workers === 1 ? ['single'] : []),
      ];
      expect(Object.keys(scenario.results).sort()).toEqual(expectedIds.sort());
      for (const [id, result] of Object.entries(scenario.results)) {
        if (!result.available) throw new Error(`${scenario.id} ${id}: ${result.reason}`);
        expectSpread(result.requests_per_second);
        expectSpread(result.cpu_us_per_request);
        expect(result.cpu_us_per_request.median).toBeGreaterThan(0);
        expect(result.requests_per_second.median).toBeGreaterThan(0);
        expect(result.errors).toBeGreaterThanOrEqual(0);
        expect(result.samples).toHaveLength(1);
        const served = result.samples[0]!.connections_per_worker;
        expect(served).toHaveLength(id === 'single' ? 1 : scenario.workers);
        expect(served.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
        if (id === 'single') {
          expect(result.fork_ms).toBeNull();
          expect(result.fork_cpu_ms).toBeNull();
        } else {
          expectSpread(result.fork_ms);
          expectSpread(result.fork_cpu_ms);
        }
        if (served.length > 1) {
          expectSpread(result.fairness?.jain);
          expectSpread(result.fairness?.max_min);
        } else {
          expect(result.fairness).toBeNull();
        }
      }
      for (const pair of PAIRS) {
        const ratios = scenario.ratios[pair.policy]!;
        expect(Object.keys(ratios).sort()).toEqual([
          'cpu_us_per_request',
          'fork_cpu_ms',
          'fork_ms',
          'requests_per_second',
        ]);
        for (const ratio of Object.values(ratios)) {
          expect(ratio).toEqual({
            median: expect.any(Number),
            min: expect.any(Number),
            max: expect.any(Number),
            pairs: 1,
          });
        }
      }
    }
    expect(report.goals.map((goal) => goal.name)).toEqual(
      expect.arrayContaining([
        'connection-per-request throughput, RR',
        'connection-per-request throughput, NONE',
        'keep-alive throughput, RR',
        'keep-alive throughput, NONE',
        'fork latency, RR',
        'fork latency, NONE',
      ]),
    );
    for (const goal of report.goals)
      expect(goal).toMatchObject({ ratio: expect.any(Number), met: expect.any(Boolean) });
    expect(Object.keys(report.suite_time)).toEqual(['reference', 'node']);
    expect(lines.filter((line) => / failed /.test(line))).toEqual([]);
  },
  120_000,
);

test('the yardstick beside the suite times is a measured duration', () => {
  const ms = yardstickMs();
  expect(ms).toEqual(expect.any(Number));
  expect(ms).toBeGreaterThan(0);
});
