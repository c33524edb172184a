// The compatibility matrix as data: one cell per requirement and target,
// derived from the targets' reports, with totals per area and per target.
import { stripVTControlCharacters } from 'node:util';
import type { Area } from '../../spec/catalogue.js';
import type { ConformanceReport, ResultEntry, Status } from '../results/reporter.js';
import { requirementsOfTestId, type Unexpected, type Verdict, verdictOf } from '../results/verdict.js';
import { kindOf, TARGET_KINDS } from '../targets/registry.js';

/** What a cell shows: a pass, a failure the expectations list, a result they do not, or no run. */
export type CellKind = 'pass' | 'xfail' | 'unexpected' | 'skip';

export const CELL_KINDS: Record<CellKind, string> = {
  pass: 'pass',
  xfail: 'expected fail',
  unexpected: 'unexpected result',
  skip: 'skipped',
};

export interface CellTest {
  id: string;
  status: Status;
  expected: Status;
  verdict: Verdict;
  message: string;
  out_of_range?: ResultEntry['out_of_range'];
}

export interface Cell {
  /** As the report's summary counts it: any failing test fails, else any passing one passes. */
  status: Status;
  kind: CellKind;
  tests: CellTest[];
}

export interface Counts {
  pass: number;
  fail: number;
  skip: number;
  /** Cells whose result differs from the expectations. */
  unexpected: number;
}

export interface MatrixModel {
  /** In column order. */
  targets: ConformanceReport['run_info'][];
  areas: readonly Area[];
  /** cells[target][requirement id] */
  cells: Record<string, Record<string, Cell>>;
  /** areaTotals[area id][target] */
  areaTotals: Record<string, Record<string, Counts>>;
  targetTotals: Record<string, Counts>;
  summaries: Record<string, ConformanceReport['summary']>;
}

/** The registry's order of target kinds (reference first, docker:* last, adapters after), then by version within a kind. */
export function compareTargets(a: string, b: string): number {
  const rank = (target: string) => {
    const kind = kindOf(target);
    return kind === undefined ? TARGET_KINDS.length : TARGET_KINDS.indexOf(kind);
  };
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}

/** One requirement's cell: its tests' verdicts, and stale entries naming it. */
export function cellOf(tests: readonly ResultEntry[], stale: readonly Unexpected[] = []): Cell {
  const status: Status = tests.some((t) => t.status === 'fail')
    ? 'fail'
    : tests.some((t) => t.status === 'pass')
      ? 'pass'
      : 'skip';
  const surprising = stale.length > 0 || tests.some((t) => verdictOf(t) === 'unexpected');
  const kind: CellKind = surprising ? 'unexpected' : status === 'fail' ? 'xfail' : status;
  return {
    status,
    kind,
    tests: [
      ...tests.map((t) => ({
        id: t.id,
        status: t.status,
        expected: t.expected,
        verdict: verdictOf(t),
        message: stripVTControlCharacters(t.message),
        ...(t.out_of_range
          ? {
              out_of_range: {
                status: t.out_of_range.status,
                message: stripVTControlCharacters(t.out_of_range.message),
              },
            }
          : {}),
      })),
      ...stale.map((u) => ({
        id: u.id,
        status: u.status,
        expected: u.expected,
        verdict: 'unexpected' as const,
        message: u.advice,
      })),
    ],
  };
}

/** Every requirement's cell on one target. */
export function cellsOf(report: ConformanceReport, areas: readonly Area[]): Record<string, Cell> {
  const byRequirement = new Map<string, ResultEntry[]>();
  for (const result of report.results) {
    for (const id of result.requirements) byRequirement.set(id, [...(byRequirement.get(id) ?? []), result]);
  }
  const reported = new Set(report.results.map((r) => r.id));
  const staleOf = new Map<string, Unexpected[]>();
  for (const u of report.unexpected.filter((x) => !reported.has(x.id))) {
    for (const id of requirementsOfTestId(u.id)) staleOf.set(id, [...(staleOf.get(id) ?? []), u]);
  }
  const cells: Record<string, Cell> = {};
  for (const area of areas) {
    for (const req of area.requirements) cells[req.id] = cellOf(byRequirement.get(req.id) ?? [], staleOf.get(req.id));
  }
  return cells;
}

export function countCells(cells: readonly Cell[]): Counts {
  const counts: Counts = { pass: 0, fail: 0, skip: 0, unexpected: 0 };
  for (const cell of cells) {
    counts[cell.status]++;
    if (cell.kind === 'unexpected') counts.unexpected++;
  }
  return counts;
}

export function buildMatrix(reports: readonly ConformanceReport[], areas: readonly Area[]): MatrixModel {
  const ordered = [...reports].sort((a, b) => compareTargets(a.run_info.target, b.run_info.target));
  const model: MatrixModel = { targets: [], areas, cells: {}, areaTotals: {}, targetTotals: {}, summaries: {} };
  for (const area of areas) model.areaTotals[area.id] = {};
  for (const report of ordered) {
    const target = report.run_info.target;
    const cells = cellsOf(report, areas);
    model.targets.push(report.run_info);
    model.cells[target] = cells;
    model.summaries[target] = report.summary;
    for (const area of areas)
      model.areaTotals[area.id]![target] = countCells(area.requirements.map((req) => cells[req.id]!));
    model.targetTotals[target] = sumCounts(areas.map((area) => model.areaTotals[area.id]![target]!));
  }
  return model;
}

export function sumCounts(counts: readonly Counts[]): Counts {
  const sum: Counts = { pass: 0, fail: 0, skip: 0, unexpected: 0 };
  for (const c of counts) {
    sum.pass += c.pass;
    sum.fail += c.fail;
    sum.skip += c.skip;
    sum.unexpected += c.unexpected;
  }
  return sum;
}
