// The terminal table of a bench report.
import type { BenchReport, Ratio } from './report.js';
import type { Spread } from './statistics.js';

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '∞');
const range = (s: Spread, digits = 0): string =>
  `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
const ratio = (r: Ratio | null): string =>
  r === null ? 'n/a' : `${r.median.toFixed(2)}× [${r.min.toFixed(2)}–${r.max.toFixed(2)}] (${r.pairs} pairs)`;

function row(cells: string[], widths: number[]): string {
  return cells
    .map((cell, i) => cell.padEnd(widths[i]!))
    .join('  ')
    .trimEnd();
}

export function formatTable(report: BenchReport): string {
  const label = new Map(report.implementations.map((entry) => [entry.id, entry.label]));
  const lines: string[] = [];
  const widths = [22, 24, 16, 16, 16, 20, 6];
  for (const scenario of report.scenarios) {
    lines.push(
      '',
      `${scenario.workload === 'close' ? 'connection per request' : 'keep-alive'}, ${scenario.workers} worker${scenario.workers === 1 ? '' : 's'}`,
    );
    lines.push(
      row(
        [
          '  implementation',
          'req/s median [min–max]',
          'CPU µs/request',
          'fork ms',
          'fork CPU ms',
          'Jain [min–max]',
          'max/min',
        ],
        widths,
      ),
    );
    for (const [id, result] of Object.entries(scenario.results)) {
      const name = `  ${label.get(id) ?? id}`;
      if (!result.available) {
        lines.push(row([name, `not available: ${result.reason}`], [widths[0]!, 0]));
        continue;
      }
      lines.push(
        row(
          [
            name,
            range(result.requests_per_second),
            range(result.cpu_us_per_request),
            result.fork_ms ? range(result.fork_ms) : '—',
            result.fork_cpu_ms ? range(result.fork_cpu_ms) : '—',
            result.fairness ? range(result.fairness.jain, 3) : '—',
            result.fairness ? fmt(result.fairness.max_min.median, 2) : '—',
          ],
          widths,
        ),
      );
    }
    for (const [policy, ratios] of Object.entries(scenario.ratios)) {
      lines.push(
        `  reference / Node ${policy.toUpperCase()}: throughput ${ratio(ratios.requests_per_second)}; ` +
          `CPU/request ${ratio(ratios.cpu_us_per_request)}; fork ${ratio(ratios.fork_ms)}; fork CPU ${ratio(ratios.fork_cpu_ms)}`,
      );
    }
  }
  lines.push('', "goals for the reference (median ratio to Node's built-in):");
  for (const goal of report.goals) {
    const mark = goal.met === null ? '?' : goal.met ? '✓' : '✗';
    const bound = `${goal.measure === 'fork_ms' ? '≤' : '≥'} ${goal.bound}×`;
    lines.push(
      `  ${mark} ${goal.name} (${goal.scenario}) ${bound}: ${goal.ratio === null ? 'not measured' : `${goal.ratio.toFixed(2)}×`}`,
    );
  }
  lines.push('', 'conformance suite wall time:');
  for (const [target, time] of Object.entries(report.suite_time)) {
    lines.push(
      `  ${target}: ${time.available ? `${(time.duration_ms / 1000).toFixed(1)} s (${time.source}, ${time.passed} passed, ${time.failed} failed${time.yardstick_ms === undefined ? '' : `; yardstick ${time.yardstick_ms} ms`})` : `not available: ${time.reason}`}`,
    );
  }
  const m = report.machine;
  lines.push(
    '',
    `machine: ${m.nproc} cores, ${m.cpu_model}, node ${m.node_version}, ${m.os}; ${m.load_generator}; load average at start ${m.loadavg_at_start.toFixed(2)}`,
  );
  return lines.join('\n');
}
