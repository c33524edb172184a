// FINDINGS.md is what `cluster-conformance findings` writes today: every
// known failure of every target, every shortfall of Node the spec records,
// every place the docs say otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../../conformance/harness/paths.js';
import { requirements } from '../../spec/catalogue.js';
import { loadExpectations } from '../results/expectations.js';
import { expectationFindings, FINDINGS_FILE, findingsMarkdown } from './findings.js';

const written = readFileSync(path.join(ROOT, FINDINGS_FILE), 'utf8');

describe('FINDINGS.md', () => {
  test('is up to date: regenerated from expectations/ and spec/, it is the same text', () => {
    expect(written === findingsMarkdown(), `${FINDINGS_FILE} is out of date: run npm run findings`).toBe(true);
  });

  test('lists every known failure of Bun and Deno, with its kind, versions and repro command', () => {
    for (const target of ['bun', 'deno']) {
      const entries = Object.entries(loadExpectations(target).entries);
      expect(entries.length).toBeGreaterThan(0);
      for (const [name, entry] of entries) {
        expect(written, name).toContain(`\`${name}\``);
        expect(entry.kind, `${target}: ${name} has a kind`).toMatch(/^(bug|deliberate)$/);
        expect(entry.seen, `${target}: ${name} says where it was seen`).toBeDefined();
        expect(written).toContain(`cluster-conformance repro ${name.split(/[ :]/)[0]} --target ${target}`);
      }
    }
  });

  test("lists Node's shortfalls and where its docs say otherwise", () => {
    const shortfalls = requirements.filter((req) => req.nodeFindings);
    expect(shortfalls.map((req) => req.id).sort()).toEqual(['ECO-10', 'ECO-12', 'ECO-7', 'MSG-7', 'RR-6']);
    for (const req of shortfalls) for (const finding of req.nodeFindings!) expect(written).toContain(finding.finding);
    for (const req of requirements.filter((r) => r.docsDisagree)) expect(written).toContain(req.docsDisagree!);
  });

  test('a section for each target with entries of its own; inherited files add none', () => {
    const targets = expectationFindings().map((t) => t.target);
    expect(targets).toEqual(expect.arrayContaining(['bun', 'deno']));
    expect(targets).not.toContain('docker:bun');
  });
});
