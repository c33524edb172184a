// Past matrix runs: each run's reports are copied into
// reports/history/<timestamp>/, and the matrix page compares any two of them.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Area } from '../../spec/catalogue.js';
import type { ConformanceReport } from '../results/reporter.js';
import { type CellKind, cellsOf, compareTargets } from './model.js';

export const HISTORY_DIR = 'history';

/** One past run, reduced to what its cells showed: targets[target][requirement id]. */
export interface HistoryRun {
  name: string;
  targets: Record<string, Record<string, CellKind>>;
}

const REPORT_FILE = /^conformance-.*\.json$/;

/** Every conformance-*.json in a folder, parsed. */
export function readReports(dir: string): ConformanceReport[] {
  return readdirSync(dir)
    .filter((name) => REPORT_FILE.test(name))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
      } catch (error) {
        throw new Error(`${file}: not a conformance report (${(error as Error).message})`);
      }
    });
}

/** A folder name that sorts by time and is valid on every file system. */
export function runName(when: Date): string {
  return when.toISOString().replace(/[:.]/g, '-');
}

/** Copies one run's report files into reports/history/<timestamp>/ and returns that folder. */
export function archiveRun(files: readonly string[], reports: string, when = new Date()): string {
  const folder = path.join(reports, HISTORY_DIR, runName(when));
  mkdirSync(folder, { recursive: true });
  for (const file of files) copyFileSync(file, path.join(folder, path.basename(file)));
  return folder;
}

/** Every archived run under <reports>/history, oldest first. */
export function loadHistory(reports: string, areas: readonly Area[]): HistoryRun[] {
  const root = path.join(reports, HISTORY_DIR);
  if (!existsSync(root)) return [];
  const runs: HistoryRun[] = [];
  for (const name of readdirSync(root).sort()) {
    const folder = path.join(root, name);
    if (!statSync(folder).isDirectory()) continue;
    const reportsOfRun = readReports(folder).sort((a, b) => compareTargets(a.run_info.target, b.run_info.target));
    if (reportsOfRun.length === 0) continue;
    const targets: HistoryRun['targets'] = {};
    for (const report of reportsOfRun) {
      const cells = cellsOf(report, areas);
      targets[report.run_info.target] = Object.fromEntries(Object.entries(cells).map(([id, cell]) => [id, cell.kind]));
    }
    runs.push({ name, targets });
  }
  return runs;
}
