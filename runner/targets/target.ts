// The target contract. A target is an implementation under test: what it
// claims, and how to run a case program on it. Every kind of target, built in
// (kinds/) or a user's adapter module, describes itself as a TargetDescription;
// toTarget() checks every description the same way.
import semver from 'semver';
import { CAPABILITIES, type Capability } from '../../spec/catalogue.js';

/**
 * What a kind of target, or a user adapter's default export, says about one
 * target. See README "Writing an adapter".
 */
export interface TargetDescription {
  name?: string;
  description?: string;
  /** The runtime that runs the case programs, and its version. */
  runtime: string;
  runtimeVersion: string;
  /** Whose behaviour the target claims: version-ranged requirements apply by this. */
  claimsNodeVersion: string;
  /** The worker side's claim, where it is another implementation's. */
  workerClaimsNodeVersion?: string;
  /** The variable that marks a worker at exec time (default NODE_UNIQUE_ID). */
  identityVariable?: string;
  capabilities: string[];
  /** A case program runs as `command ...commandArgs <case.js> ...args`. */
  command: string;
  commandArgs?: string[];
  /** Added to the case's environment: CLUSTER_IMPL and friends. */
  env?: Record<string, string>;
  /** Set when cases run in a container: the image, and the command that stands for `command ...commandArgs` in it. */
  container?: { image: string; command: string[] };
}

/** A described target, checked, as a run uses it. */
export interface Target {
  name: string;
  /** The CLUSTER_TARGET value that names it (a path, for an adapter). */
  spec: string;
  description: string;
  runtime: string;
  runtimeVersion: string;
  claimsNodeVersion: string;
  workerClaimsNodeVersion?: string;
  identityVariable: string;
  capabilities: ReadonlySet<Capability>;
  command: string;
  commandArgs: string[];
  env: Record<string, string>;
  container?: { image: string; command: string[] };
}

/** One kind of target: how its names are written, and how it describes the target a name selects. */
export interface TargetKind {
  /** How a name of this kind is written, for --help and the unknown-target error. */
  syntax: string;
  summary: string;
  matches(name: string): boolean;
  describe(name: string): TargetDescription | Promise<TargetDescription>;
  /** The targets of this kind that the matrix (`all`) runs, in column order. */
  matrix: readonly string[];
  /**
   * The system tool this kind needs that npm cannot supply (a Docker engine):
   * without it the target is skipped with a NOTICE, and with CI=true it is an error.
   */
  systemTool?: string;
  /** What an error calls a target of this kind (default `target`). */
  label?: string;
  /** The matrix also records the result of tests outside their Node range (the Node releases: range findings). */
  recordsOutOfRange?: boolean;
  /** About how long a run takes here (s, default 20): the matrix starts the longest first when no report says. */
  matrixSeconds?: number;
}

/** How long one conformance test may take, hooks included (ms). */
export const TEST_TIMEOUT_MS = 20_000;

/** The target a run uses when none is named. */
export const DEFAULT_TARGET = 'reference';

/** A target's name as part of a file name: reports, logs and expectations (docker:bun → docker_bun). */
export function targetFileName(target: string): string {
  return target.replace(/[^\w.@-]+/g, '_');
}

/** A target that cannot run here; the CLI prints `message` as its one line. */
export class TargetError extends Error {}

/** Checks a description (a kind's or an adapter's) and makes it the Target named `spec`. */
export function toTarget(spec: string, described: unknown, fallbackName: string, label = `target ${spec}`): Target {
  const d = (typeof described === 'object' && described !== null ? described : {}) as Partial<TargetDescription>;
  const missing = (['runtime', 'runtimeVersion', 'claimsNodeVersion', 'command'] as const).filter(
    (key) => typeof d[key] !== 'string',
  );
  if (!Array.isArray(d.capabilities)) missing.push('capabilities' as never);
  if (missing.length > 0) throw new TargetError(`${label} is broken: it needs ${missing.join(', ')}`);
  const description = d as TargetDescription;
  if (semver.valid(description.claimsNodeVersion) === null) {
    throw new TargetError(`${label}: claimsNodeVersion ${description.claimsNodeVersion} is not a version`);
  }
  const unknown = description.capabilities.filter((c) => !Object.hasOwn(CAPABILITIES, c));
  if (unknown.length > 0) throw new TargetError(`${label}: unknown capabilities ${unknown.join(', ')}`);
  return {
    name: description.name ?? fallbackName,
    spec,
    description: description.description ?? spec,
    runtime: description.runtime,
    runtimeVersion: description.runtimeVersion,
    claimsNodeVersion: description.claimsNodeVersion,
    ...(description.workerClaimsNodeVersion ? { workerClaimsNodeVersion: description.workerClaimsNodeVersion } : {}),
    identityVariable: description.identityVariable ?? 'NODE_UNIQUE_ID',
    capabilities: new Set(description.capabilities as Capability[]),
    command: description.command,
    commandArgs: description.commandArgs ?? [],
    env: description.env ?? {},
    ...(description.container ? { container: description.container } : {}),
  };
}

/** A target as it crosses into vitest's test workers: resolved once per run (`provide`), not again in every file. */
export type TargetInTransit = Omit<Target, 'capabilities'> & { capabilities: Capability[] };

export function targetToTransit(target: Target): TargetInTransit {
  return { ...target, capabilities: [...target.capabilities] };
}

export function targetFromTransit(transit: TargetInTransit): Target {
  return { ...transit, capabilities: new Set(transit.capabilities) };
}
