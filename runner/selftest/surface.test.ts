// The reference exposes the same members, with the same types, as node:cluster.
import { expect, test } from 'vitest';
import { compareSurface } from './surface.js';

test('the reference and node:cluster have the same members and types in primary and worker', async () => {
  const { places, differences } = await compareSurface();
  expect([...places.keys()].sort()).toEqual(['primary Worker', 'primary module', 'worker Worker', 'worker module']);
  expect(differences).toEqual([]);
}, 20_000);
