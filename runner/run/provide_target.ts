// globalSetup of the vitest project "conformance" (a bare `vitest run`): the
// CLI's runCatalogue() provides the target itself; here CLUSTER_TARGET is
// resolved once and handed to every test file the same way.
import type { TestProject } from 'vitest/node';
import { resolveTarget } from '../targets/registry.js';
import { targetToTransit } from '../targets/target.js';

export default async function provideTarget(project: TestProject): Promise<void> {
  project.provide('clusterTarget', targetToTransit(await resolveTarget()));
}
