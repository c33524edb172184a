// `--filter`: which tests of the catalogue a run selects.
import { areas, requirement } from '../../spec/catalogue.js';
import { TargetError } from '../targets/target.js';

/**
 * --filter: areas and IDs select the tests that cite them (PORT-3 is not
 * PORT-30); anything else is a test-name pattern, as vitest's -t.
 */
export function filterPattern(filter: string): string {
  const parts = filter
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0 || !parts.every((part) => /^[A-Z]+(-\d+)?$/.test(part))) return filter;
  const unknown = parts.filter((part) =>
    part.includes('-') ? requirement(part) === undefined : !areas.some((a) => a.id === part),
  );
  if (unknown.length > 0)
    throw new TargetError(
      `--filter names no area or requirement: ${unknown.join(', ')} (see cluster-conformance list)`,
    );
  const alternatives = parts.map((part) => (part.includes('-') ? part : `${part}-\\d+`));
  // A test's name starts with the IDs it checks: `PORT-1 PORT-3: title`.
  return `^(?:[A-Z]+-\\d+ )*(?:${alternatives.join('|')})[ :]`;
}
