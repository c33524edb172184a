// A setup file of the catalogue's test files: on a container target, each test
// worker's container starts before the file's tests do, so that the seconds it
// takes (more on a loaded machine) do not count against the first tests' deadlines.
import { beforeAll } from 'vitest';
import { currentTarget } from './conformance_test.js';

/** Starting a container may take its launcher's connect timeout, and the engine's start before it. */
const CONTAINER_START_MS = 45_000;

beforeAll(async () => {
  const { container } = currentTarget();
  if (container === undefined) return;
  const { launcherFor } = await import('../../runner/targets/container.js');
  await launcherFor(container.image, container.command);
}, CONTAINER_START_MS);
