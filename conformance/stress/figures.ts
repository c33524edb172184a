// The figures the stress tests measure, merged into reports/reliability.json
// (one section per test and target). The stress project runs its files one
// at a time, so read-modify-write is safe.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPORTS } from '../harness/paths.js';

export const FIGURES_FILE = path.join(REPORTS, 'reliability.json');

export function recordFigures(section: string, figures: Record<string, number | string | boolean>): void {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    // First figures of the run.
  }
  all[section] = { ...figures, recorded_at: new Date().toISOString() };
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(FIGURES_FILE, `${JSON.stringify(all, null, 2)}\n`);
}
