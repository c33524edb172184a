// Self-check: the catalogue is well formed, every requirement has a
// conformance test, and no test cites an ID the catalogue lacks.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../conformance/harness/paths.js';
import { catalogueProblems, inapplicable, requirements } from './catalogue.js';

const CONFORMANCE = path.join(ROOT, 'conformance');
const REFERENCE = path.join(ROOT, 'reference');
const ID_LITERAL = /['"`]([A-Z]+-\d+)['"`]/g;

/** Every requirement ID written as a string literal in a conformance test file. */
function citedIds(
  dir = CONFORMANCE,
  pattern = ID_LITERAL,
  files = (name: string) => name.endsWith('.test.ts'),
): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter(files)) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(pattern)) {
      cited.set(match[1]!, [...(cited.get(match[1]!) ?? []), file]);
    }
  }
  return cited;
}

describe('requirement catalogue', () => {
  test('is well formed: unique IDs, valid version ranges, known tags, a source each', () => {
    expect(catalogueProblems()).toEqual([]);
  });

  test('every requirement has a conformance test', () => {
    const cited = citedIds();
    const untested = requirements.filter((req) => !cited.has(req.id)).map((req) => req.id);
    expect(untested, 'requirements no conformance test cites').toEqual([]);
  });

  test('no conformance test cites an unknown requirement', () => {
    const known = new Set(requirements.map((req) => req.id));
    const unknown = [...citedIds()]
      .filter(([id]) => !known.has(id))
      .map(([id, files]) => `${id} (${files.join(', ')})`);
    expect(unknown, 'IDs cited by tests but missing from spec/').toEqual([]);
  });

  test('the reference cites only requirements the catalogue has', () => {
    const known = new Set(requirements.map((req) => req.id));
    const cited = citedIds(REFERENCE, /\b([A-Z]+-\d+)\b/g, (name) => name.endsWith('.ts'));
    const unknown = [...cited].filter(([id]) => !known.has(id)).map(([id, files]) => `${id} (${files.join(', ')})`);
    expect(cited.size).toBeGreaterThan(10);
    expect(unknown, 'IDs cited in reference/ but missing from spec/').toEqual([]);
  });

  test('applicability follows the claimed version and the capabilities', () => {
    const query1 = requirements.find((req) => req.id === 'QUERY-1')!;
    const query2 = requirements.find((req) => req.id === 'QUERY-2')!;
    const capabilities = new Set(query1.tags);
    const claims = (claimsNodeVersion: string, workerClaimsNodeVersion?: string) => ({
      claimsNodeVersion,
      workerClaimsNodeVersion,
      capabilities,
    });
    expect(inapplicable(query1, claims('20.20.2'))).toBeUndefined();
    expect(inapplicable(query1, claims('26.10.0'))).toMatch(/holds for Node/);
    expect(inapplicable(query2, claims('26.10.0'))).toBeUndefined();
    expect(inapplicable(query2, claims('20.20.2'))).toMatch(/holds for Node/);
    // A worker-side requirement follows the worker side's claim.
    expect(inapplicable(query1, claims('26.10.0', '20.20.2'))).toBeUndefined();
    expect(inapplicable(query2, claims('26.10.0', '20.20.2'))).toMatch(/worker side claims 20.20.2/);
    expect(inapplicable(query1, { ...claims('20.20.2'), capabilities: new Set() })).toMatch(/needs wire-tap/);
  });
});
