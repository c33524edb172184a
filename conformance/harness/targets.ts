// A target is an implementation under test and how to run case programs on
// it. CLUSTER_TARGET names one; each kind of target is one entry below.
import { existsSync } from 'node:fs';
import { CAPABILITIES, type Capability } from '../../spec/catalogue.js';
import { REFERENCE_ENTRY } from './paths.js';

export interface Target {
  name: string;
  description: string;
  /** The runtime that runs the case programs. */
  runtime: string;
  runtimeVersion: string;
  /** Whose behaviour the target claims: version-ranged requirements apply by this. */
  claimsNodeVersion: string;
  /** The worker side's claim, where it is another implementation's. */
  workerClaimsNodeVersion?: string;
  /** The variable that marks a worker at exec time. */
  identityVariable: string;
  capabilities: ReadonlySet<Capability>;
  /** A case program runs as `command ...commandArgs <case.js> ...args`. */
  command: string;
  commandArgs: string[];
  /** Added to the case's environment: CLUSTER_IMPL and friends. */
  env: Record<string, string>;
}

/** A target that cannot run here; the CLI prints `message` as its one line. */
export class TargetError extends Error {}

/** The Node version the reference implements (research: "current"). */
export const REFERENCE_CLAIMS_NODE = '26.10.0';

const ALL_CAPABILITIES = Object.keys(CAPABILITIES) as Capability[];

/** What a Linux Node process can do; elsewhere /proc and signals may be missing. */
function hostCapabilities(): Set<Capability> {
  const capabilities = new Set<Capability>(ALL_CAPABILITIES);
  if (process.platform !== 'linux') capabilities.delete('proc-environ');
  if (process.platform === 'win32') capabilities.delete('posix-signals');
  return capabilities;
}

/** The built reference, or another build of it named by CLUSTER_REFERENCE_ENTRY (the fault self-test). */
function referenceEntry(): string {
  const entry = process.env.CLUSTER_REFERENCE_ENTRY || REFERENCE_ENTRY;
  if (!existsSync(entry)) {
    throw new TargetError(`the reference is not built (${entry} is missing): run npm run build`);
  }
  return entry;
}

type TargetFactory = () => Promise<Target> | Target;

const factories: Record<string, TargetFactory> = {
  reference: () => ({
    name: 'reference',
    description: 'the bundled reference implementation, primary and worker side',
    runtime: 'node',
    runtimeVersion: process.versions.node,
    claimsNodeVersion: REFERENCE_CLAIMS_NODE,
    identityVariable: 'NODE_UNIQUE_ID',
    capabilities: hostCapabilities(),
    command: process.execPath,
    commandArgs: [],
    env: { CLUSTER_IMPL: referenceEntry() },
  }),
  'reference-interop': () => ({
    name: 'reference-interop',
    description: "the reference primary with the runtime's built-in worker side: proof of wire compatibility",
    runtime: 'node',
    runtimeVersion: process.versions.node,
    claimsNodeVersion: REFERENCE_CLAIMS_NODE,
    workerClaimsNodeVersion: process.versions.node,
    identityVariable: 'NODE_UNIQUE_ID',
    capabilities: hostCapabilities(),
    command: process.execPath,
    commandArgs: [],
    env: { CLUSTER_IMPL: referenceEntry(), CLUSTER_WORKER_IMPL: 'cluster', CLUSTER_REFERENCE_WORKER_SIDE: 'runtime' },
  }),
  node: () => ({
    name: 'node',
    description: `the built-in cluster of the Node running this suite (${process.execPath})`,
    runtime: 'node',
    runtimeVersion: process.versions.node,
    claimsNodeVersion: process.versions.node,
    identityVariable: 'NODE_UNIQUE_ID',
    capabilities: hostCapabilities(),
    command: process.execPath,
    commandArgs: [],
    env: {},
  }),
};

export const TARGET_NAMES = Object.keys(factories);
export const DEFAULT_TARGET = 'reference';

export async function resolveTarget(name: string = process.env.CLUSTER_TARGET || DEFAULT_TARGET): Promise<Target> {
  const factory = Object.hasOwn(factories, name) ? factories[name] : undefined;
  if (factory === undefined) {
    throw new TargetError(`unknown target "${name}"; known targets: ${TARGET_NAMES.join(', ')}`);
  }
  return factory();
}
