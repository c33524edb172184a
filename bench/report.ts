// reports/bench.json: per scenario, each implementation's median and spread,
// and the reference's median ratio to Node's built-in over same-round pairs.
import { IMPLEMENTATIONS, PAIRS, type Resolved } from './implementations.js';
import { type Sample, type Settings, scenarioId, scenarios } from './measure.js';
import { jainIndex, maxMinRatio, type Spread, spread } from './statistics.js';
import type { SuiteTime } from './suite_time.js';

export interface Machine {
  nproc: number;
  cpu_model: string;
  node_version: string;
  os: string;
  load_generator: string;
  /** 1-minute load average when the run started: other work on the machine. */
  loadavg_at_start: number;
}

export type ImplementationResult =
  | {
      available: true;
      requests_per_second: Spread;
      /** CPU time of the primary and every worker over the load, per request. */
      cpu_us_per_request: Spread;
      fork_ms: Spread | null;
      /** CPU time of the start: the primary's from the first fork(), each worker's up to listening. */
      fork_cpu_ms: Spread | null;
      /** Over workers, per sample; null with one worker. */
      fairness: { jain: Spread; max_min: Spread } | null;
      errors: number;
      samples: SampleReport[];
    }
  | { available: false; reason: string };

export interface SampleReport {
  round: number;
  requests_per_second: number;
  cpu_us_per_request: number;
  fork_ms: number | null;
  fork_cpu_ms: number | null;
  connections_per_worker: number[];
}

export interface Ratio {
  /** reference / Node's built-in, per round. */
  median: number;
  min: number;
  max: number;
  pairs: number;
}

const RATIO_MEASURES = ['requests_per_second', 'cpu_us_per_request', 'fork_ms', 'fork_cpu_ms'] as const;
type RatioMeasure = (typeof RATIO_MEASURES)[number];

export interface ScenarioReport {
  id: string;
  workload: string;
  workers: number;
  results: Record<string, ImplementationResult>;
  /** Per policy: throughput, CPU per request and fork latency ratios. */
  ratios: Record<string, Record<RatioMeasure, Ratio | null>>;
}

export interface Goal {
  name: string;
  scenario: string;
  policy: string;
  measure: 'requests_per_second' | 'fork_ms';
  /** The median ratio must be at least (throughput) or at most (fork latency) this. */
  bound: number;
  ratio: number | null;
  met: boolean | null;
}

export interface BenchReport {
  schema: 1;
  started_at: string;
  duration_ms: number;
  machine: Machine;
  settings: Settings;
  implementations: Array<{
    id: string;
    label: string;
    target: string;
    mode: string;
    available: boolean;
    runtime_version: string | null;
    reason: string | null;
  }>;
  scenarios: ScenarioReport[];
  goals: Goal[];
  suite_time: Record<string, SuiteTime>;
}

function summarise(samples: Sample[], reason: string | null): ImplementationResult {
  const failure = samples.find((sample) => !sample.ok);
  if (reason !== null || failure !== undefined || samples.length === 0) {
    return { available: false, reason: reason ?? (failure && !failure.ok ? failure.error : 'not measured') };
  }
  const ok = samples.filter((sample): sample is Sample & { ok: true } => sample.ok);
  const counts = ok.map((sample) => sample.connectionsPerWorker);
  const forks = ok.map((sample) => sample.forkMs).filter((ms): ms is number => ms !== null);
  const forkCpu = ok
    .map((sample) => sample.forkCpuUs)
    .filter((us): us is number => us !== null)
    .map((us) => us / 1000);
  return {
    available: true,
    requests_per_second: spread(ok.map((sample) => sample.load.requestsPerSecond))!,
    cpu_us_per_request: spread(ok.map((sample) => sample.cpuUsPerRequest))!,
    fork_ms: spread(forks),
    fork_cpu_ms: spread(forkCpu),
    fairness:
      counts[0]!.length < 2
        ? null
        : { jain: spread(counts.map(jainIndex))!, max_min: spread(counts.map(maxMinRatio))! },
    errors: ok.reduce((sum, sample) => sum + sample.load.errors, 0),
    samples: ok.map((sample, i) => ({
      round: sample.round,
      requests_per_second: sample.load.requestsPerSecond,
      cpu_us_per_request: sample.cpuUsPerRequest,
      fork_ms: sample.forkMs,
      fork_cpu_ms: sample.forkCpuUs === null ? null : sample.forkCpuUs / 1000,
      connections_per_worker: counts[i]!,
    })),
  };
}

/** reference/node per round, over the rounds where both were measured. */
function pairRatio(
  reference: ImplementationResult | undefined,
  node: ImplementationResult | undefined,
  measure: RatioMeasure,
): Ratio | null {
  if (!reference?.available || !node?.available) return null;
  const ratios: number[] = [];
  for (const mine of reference.samples) {
    const theirs = node.samples.find((sample) => sample.round === mine.round);
    const a = mine[measure];
    const b = theirs ? theirs[measure] : null;
    if (a !== null && b !== null && b > 0) ratios.push(a / b);
  }
  const summary = spread(ratios);
  return summary && { median: summary.median, min: summary.min, max: summary.max, pairs: summary.count };
}

const GOALS = [
  {
    name: 'connection-per-request throughput, RR',
    workload: 'close',
    policy: 'rr',
    measure: 'requests_per_second',
    bound: 0.9,
  },
  {
    name: 'connection-per-request throughput, NONE',
    workload: 'close',
    policy: 'none',
    measure: 'requests_per_second',
    bound: 0.95,
  },
  {
    name: 'keep-alive throughput, RR',
    workload: 'keep-alive',
    policy: 'rr',
    measure: 'requests_per_second',
    bound: 0.95,
  },
  {
    name: 'keep-alive throughput, NONE',
    workload: 'keep-alive',
    policy: 'none',
    measure: 'requests_per_second',
    bound: 0.95,
  },
  { name: 'fork latency, RR', workload: null, policy: 'rr', measure: 'fork_ms', bound: 1.1 },
  { name: 'fork latency, NONE', workload: null, policy: 'none', measure: 'fork_ms', bound: 1.1 },
] as const;

function goals(reports: ScenarioReport[]): Goal[] {
  return GOALS.flatMap((goal) =>
    reports
      .filter((scenario) => goal.workload === null || scenario.workload === goal.workload)
      .map((scenario) => {
        const ratio = scenario.ratios[goal.policy]?.[goal.measure]?.median ?? null;
        const met = ratio === null ? null : goal.measure === 'fork_ms' ? ratio <= goal.bound : ratio >= goal.bound;
        return {
          name: goal.name,
          scenario: scenario.id,
          policy: goal.policy,
          measure: goal.measure,
          bound: goal.bound,
          ratio,
          met,
        };
      }),
  );
}

export function buildReport(input: {
  startedAt: Date;
  durationMs: number;
  machine: Machine;
  settings: Settings;
  resolved: Resolved[];
  samples: Sample[];
  suiteTime: Record<string, SuiteTime>;
}): BenchReport {
  const reasonOf = (id: string): string | null => {
    const entry = input.resolved.find((resolved) => resolved.implementation.id === id);
    return entry === undefined ? 'not selected' : entry.available ? null : entry.reason;
  };
  const scenarioReports = scenarios(input.settings).map((scenario): ScenarioReport => {
    const id = scenarioId(scenario);
    const results: Record<string, ImplementationResult> = {};
    for (const { implementation } of input.resolved) {
      if (implementation.oneWorkerOnly && scenario.workers !== 1) continue;
      const mine = input.samples.filter(
        (sample) => sample.scenario === id && sample.implementation === implementation.id,
      );
      results[implementation.id] = summarise(mine, reasonOf(implementation.id));
    }
    const ratios: ScenarioReport['ratios'] = {};
    for (const pair of PAIRS) {
      ratios[pair.policy] = Object.fromEntries(
        RATIO_MEASURES.map((measure) => [measure, pairRatio(results[pair.reference], results[pair.node], measure)]),
      ) as Record<RatioMeasure, Ratio | null>;
    }
    return { id, workload: scenario.workload, workers: scenario.workers, results, ratios };
  });
  return {
    schema: 1,
    started_at: input.startedAt.toISOString(),
    duration_ms: input.durationMs,
    machine: input.machine,
    settings: input.settings,
    implementations: IMPLEMENTATIONS.filter((implementation) =>
      input.resolved.some((entry) => entry.implementation === implementation),
    ).map((implementation) => {
      const entry = input.resolved.find((resolved) => resolved.implementation === implementation)!;
      return {
        id: implementation.id,
        label: implementation.label,
        target: implementation.target,
        mode: implementation.mode,
        available: entry.available,
        runtime_version: entry.available ? `${entry.target.runtime} ${entry.target.runtimeVersion}` : null,
        reason: entry.available ? null : entry.reason,
      };
    }),
    scenarios: scenarioReports,
    goals: goals(scenarioReports),
    suite_time: input.suiteTime,
  };
}
