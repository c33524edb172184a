// The measuring loop. Each round runs every scenario, and in each scenario
// every implementation once, in a fixed order (the reference right after
// Node's built-in with the same policy), each on a fresh server: so pairs
// alternate A B A B over the rounds and the machine's drift cancels.
import getPort from 'get-port';
import type { Resolved } from './implementations.js';
import { type ServerCounts, ServerProcess } from './server_process.js';
import { type LoadResult, runWrk } from './wrk.js';

export type Workload = 'keep-alive' | 'close';

export interface Scenario {
  workload: Workload;
  workers: number;
}

export function scenarioId(scenario: Scenario): string {
  return `${scenario.workload}/${scenario.workers}w`;
}

export interface Settings {
  durationSeconds: number;
  rounds: number;
  connections: number;
  threads: number;
  workers: number[];
  workloads: Workload[];
}

export type Sample = {
  round: number;
  scenario: string;
  implementation: string;
} & (
  | {
      ok: true;
      load: LoadResult;
      forkMs: number | null;
      forkCpuUs: number | null;
      connectionsPerWorker: number[];
      cpuUsPerRequest: number;
    }
  | { ok: false; error: string }
);

export function scenarios(settings: Settings): Scenario[] {
  return settings.workloads.flatMap((workload) => settings.workers.map((workers) => ({ workload, workers })));
}

function totalCpuUs(counts: ServerCounts): number {
  return counts.primaryCpuUs + counts.workers.reduce((sum, worker) => sum + worker.cpuUs, 0);
}

/**
 * One fresh server, loaded for the duration: connections each worker
 * accepted, and the CPU time the whole tree spent per request, both counted
 * over the load only.
 */
async function measureOnce(entry: Resolved & { available: true }, scenario: Scenario, settings: Settings) {
  const port = await getPort({ host: '127.0.0.1' });
  const server = ServerProcess.start(entry.target, entry.implementation.mode, scenario.workers, port);
  try {
    const { forkMs, forkCpuUs } = await server.ready();
    const before = await server.counts();
    const load = await runWrk(port, {
      durationSeconds: settings.durationSeconds,
      connections: settings.connections,
      threads: settings.threads,
      closeEach: scenario.workload === 'close',
    });
    const after = await server.counts();
    const connectionsPerWorker = after.workers.map(
      (worker, i) => worker.connections - (before.workers[i]?.connections ?? 0),
    );
    const cpuUsPerRequest = load.requests > 0 ? (totalCpuUs(after) - totalCpuUs(before)) / load.requests : 0;
    return { load, forkMs, forkCpuUs, connectionsPerWorker, cpuUsPerRequest };
  } finally {
    await server.stop();
  }
}

/**
 * Runs every round. An implementation that fails once is not run again
 * (its failure is a sample, so the report says why).
 */
export async function measure(
  entries: Resolved[],
  settings: Settings,
  progress: (line: string) => void,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const failed = new Set<string>();
  for (let round = 1; round <= settings.rounds; round++) {
    for (const scenario of scenarios(settings)) {
      for (const entry of entries) {
        const { implementation } = entry;
        if (!entry.available || failed.has(implementation.id)) continue;
        if (implementation.oneWorkerOnly && scenario.workers !== 1) continue;
        const base = { round, scenario: scenarioId(scenario), implementation: implementation.id };
        try {
          const result = await measureOnce(entry, scenario, settings);
          samples.push({ ...base, ok: true, ...result });
          progress(
            `round ${round}/${settings.rounds} ${base.scenario} ${implementation.id}: ${Math.round(result.load.requestsPerSecond)} req/s`,
          );
        } catch (error) {
          failed.add(implementation.id);
          const message = (error as Error).message.split('\n')[0]!;
          samples.push({ ...base, ok: false, error: message });
          progress(`round ${round}/${settings.rounds} ${base.scenario} ${implementation.id}: failed (${message})`);
        }
      }
    }
  }
  return samples;
}
