// `list` and `explain`: the catalogue as people read it, and what the last
// runs say about one requirement.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPORTS } from '../../conformance/harness/paths.js';
import { areas, type Requirement, requirement } from '../../spec/catalogue.js';
import { readReports } from '../matrix/history.js';
import type { ConformanceReport } from '../results/reporter.js';
import { verdictOf } from '../results/verdict.js';
import type { ListedTest } from '../run/catalogue.js';

/** One line a requirement, grouped by area; or the catalogue as JSON. */
export function listRequirements(json = false): string {
  if (json) {
    return `${JSON.stringify(
      areas.map((area) => ({ area: area.id, title: area.title, requirements: area.requirements })),
      null,
      2,
    )}\n`;
  }
  const lines: string[] = [];
  for (const area of areas) {
    lines.push(`${area.id}: ${area.title} (${area.requirements.length})`);
    for (const req of area.requirements) {
      const tags = req.tags.length > 0 ? ` [${req.tags.join(', ')}]` : '';
      const range = req.nodeVersions === '*' ? '' : ` (Node ${req.nodeVersions})`;
      lines.push(`  ${req.id.padEnd(10)} ${req.level.padEnd(6)} ${req.statement}${range}${tags}`);
    }
  }
  lines.push(`${areas.reduce((n, area) => n + area.requirements.length, 0)} requirements in ${areas.length} areas`);
  return `${lines.join('\n')}\n`;
}

/** The reports of the last run of each target, in `dir`. */
export function lastReports(dir = REPORTS): ConformanceReport[] {
  return existsSync(dir) ? readReports(dir) : [];
}

function describeSource(req: Requirement): string[] {
  const lines: string[] = [];
  if (req.source.docs) lines.push(`  docs:     ${req.source.docs}`);
  if (req.source.observed) lines.push(`  observed: ${req.source.observed}`);
  return lines;
}

export function explainRequirement(id: string, tests: ListedTest[], reports: ConformanceReport[]): string {
  const req = requirement(id);
  if (!req) throw new Error(`unknown requirement ${id}`);
  const lines = [
    `${req.id} (${req.level}): ${req.statement}`,
    `Node versions: ${req.nodeVersions}${req.side ? ` (about the ${req.side} side)` : ''}`,
    `needs: ${req.tags.length > 0 ? req.tags.join(', ') : 'nothing beyond the core contract'}`,
    'source:',
    ...describeSource(req),
  ];
  if (req.docsDisagree) lines.push(`the docs disagree: ${req.docsDisagree}`);
  if (req.history) lines.push(`history: ${req.history}`);
  for (const finding of req.nodeFindings ?? [])
    lines.push(`Node falls short (${finding.kind}, ${finding.seen}): ${finding.finding}`);
  const checking = tests.filter((test) => test.requirements.includes(id));
  lines.push(`tests (${checking.length}):`, ...checking.map((test) => `  ${test.name}  (${test.file})`));
  lines.push(`last runs (${path.relative(process.cwd(), REPORTS) || '.'}):`);
  let any = false;
  for (const report of reports) {
    for (const result of report.results.filter((r) => r.requirements.includes(id))) {
      any = true;
      const verdict = verdictOf(result);
      const why = verdict === 'pass' ? '' : `: ${(result.reason ?? result.message).split('\n')[0]}`;
      lines.push(`  ${report.run_info.target.padEnd(18)} ${verdict.padEnd(13)} ${result.id}${why}`);
    }
  }
  if (!any) lines.push('  none recorded yet: run `cluster-conformance run` first');
  return `${lines.join('\n')}\n`;
}
