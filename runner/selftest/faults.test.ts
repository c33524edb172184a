// Every fault of the self-test still applies to the reference's TypeScript
// source, names known requirements, and one patched copy builds and loads.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requirement } from '../../spec/catalogue.js';
import { REFERENCE_SOURCE } from '../build/build_reference.js';
import { applyFault, FAULTS, injectFault } from './faults.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-faults-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('there are at least 25 faults, each with a unique id', () => {
  expect(FAULTS.length).toBeGreaterThanOrEqual(25);
  expect(new Set(FAULTS.map((fault) => fault.id)).size).toBe(FAULTS.length);
});

test.each(FAULTS.map((fault) => [fault.id, fault] as const))(
  'fault %s applies to reference/ and names known requirements',
  (_id, fault) => {
    expect(fault.file).toMatch(/^[\w-]+\.ts$/);
    expect(fault.requirements.length).toBeGreaterThan(0);
    expect(fault.requirements.filter((id) => requirement(id) === undefined)).toEqual([]);
    const copy = path.join(dir, fault.id);
    cpSync(REFERENCE_SOURCE, copy, { recursive: true });
    expect(() => applyFault(fault, copy)).not.toThrow();
    // The patched file still parses: a fault that breaks the build would fail every test and prove nothing.
    expect(() => transformSync(readFileSync(path.join(copy, fault.file), 'utf8'), { loader: 'ts' })).not.toThrow();
  },
);

test('a fault is built into its own copy of the reference, which loads', async () => {
  const fault = FAULTS.find((f) => f.id === 'worker-claims-primary')!;
  const entry = await injectFault(fault, path.join(dir, 'built'));
  expect(path.basename(entry)).toBe('cluster.cjs');
  const loaded = spawnSync(
    process.execPath,
    ['-e', `const c = require(${JSON.stringify(entry)}); process.stdout.write(String(c.isPrimary))`],
    { encoding: 'utf8', env: { ...process.env, NODE_UNIQUE_ID: '1' } },
  );
  expect(loaded.stderr).toBe('');
  // The fault is in the build: a worker claims to be the primary.
  expect(loaded.stdout).toBe('true');
}, 30_000);
