// Every fault of the self-test still applies to the built reference.
import os from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { expect, test } from 'vitest';
import { FAULTS, injectFault } from './faults.js';

test('there are at least 25 faults, each with a unique id', () => {
  expect(FAULTS.length).toBeGreaterThanOrEqual(25);
  expect(new Set(FAULTS.map((fault) => fault.id)).size).toBe(FAULTS.length);
});

test.each(FAULTS.map((fault) => [fault.id, fault] as const))('fault %s applies to dist/reference', (_id, fault) => {
  const dir = path.join(os.tmpdir(), `cluster-conformance-fault-${process.pid}-${fault.id}`);
  try {
    expect(() => injectFault(fault, dir)).not.toThrow();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
