// Target selection: names, adapters, and the one-line errors for the rest.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from '../../conformance/harness/paths.js';
import { releaseOf } from './kinds/reference.js';
import { resolveTarget } from './registry.js';
import { TargetError } from './target.js';

test('the bundled targets resolve, the reference claiming current Node', async () => {
  const reference = await resolveTarget('reference');
  expect(reference).toMatchObject({
    name: 'reference',
    claimsNodeVersion: '26.10.0',
    identityVariable: 'NODE_UNIQUE_ID',
  });
  expect(reference.env.CLUSTER_IMPL).toMatch(/dist\/reference\/cluster\.cjs$/);
  const interop = await resolveTarget('reference-interop');
  expect(interop.workerClaimsNodeVersion).toBe(process.versions.node);
  expect(interop.env).toMatchObject({ CLUSTER_WORKER_IMPL: 'cluster', CLUSTER_REFERENCE_WORKER_SIDE: 'runtime' });
  expect((await resolveTarget('node')).claimsNodeVersion).toBe(process.versions.node);
});

test('reference@node<range> is run by that Node release, not the newest', () => {
  expect(releaseOf('reference@node22')).toBe('node@22');
  expect(releaseOf('reference@node>=24')).toBe('node@>=24');
});

test('the example adapter resolves into a target', async () => {
  const target = await resolveTarget('./examples/adapter/adapter.mjs');
  expect(target).toMatchObject({ name: 'example-adapter', runtime: 'node', command: process.execPath });
  expect(target.env.CLUSTER_IMPL).toBe(path.join(ROOT, 'examples', 'adapter', 'my-cluster.cjs'));
  expect(target.capabilities.has('sched-rr')).toBe(true);
});

test('unknown targets and broken adapters are TargetErrors with one-line messages', async () => {
  await expect(resolveTarget('bogus')).rejects.toThrow(TargetError);
  await expect(resolveTarget('bogus')).rejects.toThrow(/^unknown target "bogus"; known targets: reference/);
  await expect(resolveTarget('node@not-a-range')).rejects.toThrow(TargetError);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-adapter-'));
  try {
    const broken = path.join(dir, 'broken.mjs');
    writeFileSync(broken, 'export default { runtime: "node", capabilities: ["no-such-capability"] };\n');
    await expect(resolveTarget(broken)).rejects.toThrow(
      /adapter .*broken\.mjs is broken: it needs runtimeVersion, claimsNodeVersion, command/,
    );
    const throws = path.join(dir, 'throws.mjs');
    writeFileSync(throws, 'throw new Error("boom");\n');
    await expect(resolveTarget(throws)).rejects.toThrow(/failed to load: boom/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
