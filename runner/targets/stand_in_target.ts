// For the runner's own tests: a Target that runs nothing, for building and
// judging reports without resolving a real runtime.
import type { Target } from './target.js';

export function standInTarget(name: string, description = name): Target {
  return {
    name,
    spec: name,
    description,
    runtime: 'node',
    runtimeVersion: '20.0.0',
    claimsNodeVersion: '20.0.0',
    identityVariable: 'NODE_UNIQUE_ID',
    capabilities: new Set(),
    command: 'node',
    commandArgs: [],
    env: {},
  };
}
