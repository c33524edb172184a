// Every fault of the self-test still applies to the built reference.
import os from 'node:os';
import path from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { expect, test } from 'vitest';
import { FAULTS, injectFault } from './faults.js';
import { ROOT } from './paths.js';

test('there are at least 25 faults, each with a unique id', () => {
  expect(FAULTS.length).toBeGreaterThanOrEqual(25);
  expect(new Set(FAULTS.map((fault) => fault.id)).size).toBe(FAULTS.length);
});

const oldFormat = FAULTS.filter((fault) => !fault.file.endsWith('.ts'));
const newFormat = FAULTS.filter((fault) => fault.file.endsWith('.ts'));

test.each(newFormat.map((fault) => [fault.id, fault] as const))('fault %s applies to reference/ (TypeScript source)', (_id, fault) => {
  const text = readFileSync(path.join(ROOT, 'reference', fault.file), 'utf8');
  expect(text.split(fault.find).length - 1, `occurrences of the text of ${fault.id} in reference/${fault.file}`).toBe(1);
  expect(fault.requirements?.length, `${fault.id} names the requirements that catch it`).toBeGreaterThan(0);
});

test.each(oldFormat.map((fault) => [fault.id, fault] as const))('fault %s applies to dist/reference', (_id, fault) => {
  const dir = path.join(os.tmpdir(), `cluster-conformance-fault-${process.pid}-${fault.id}`);
  try {
    expect(() => injectFault(fault, dir)).not.toThrow();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
