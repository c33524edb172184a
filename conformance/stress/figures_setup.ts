// vitest globalSetup of the stress project: reports/reliability.json holds
// the figures of one run, closed by the totals over the reference's sections.
import { readFileSync, rmSync } from 'node:fs';
import { FIGURES_FILE, recordFigures } from './figures.js';

const SUMMED = [
  'connectionsSent',
  'connectionsAnswered',
  'faultsInjected',
  'faultsSurvived',
  'malformedMessagesSent',
] as const;

export function setup(): void {
  rmSync(FIGURES_FILE, { force: true });
}

export function teardown(): void {
  let sections: Record<string, Record<string, unknown>>;
  try {
    sections = JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as Record<string, Record<string, unknown>>;
  } catch {
    return; // No stress test ran.
  }
  const totals: Record<string, number> = Object.fromEntries(SUMMED.map((key) => [key, 0]));
  for (const [name, figures] of Object.entries(sections)) {
    if (name.includes('/') && !name.endsWith('/reference')) continue; // Other targets are measured apart.
    for (const key of SUMMED) if (typeof figures[key] === 'number') totals[key]! += figures[key] as number;
  }
  recordFigures('totals/reference', totals);
}
