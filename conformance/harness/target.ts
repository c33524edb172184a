// What a target is: an implementation under test, what it claims, and how
// to run a case program on it.
import type { Capability } from '../../spec/catalogue.js';

export interface Target {
  name: string;
  /** The CLUSTER_TARGET value that names it (a path, for an adapter). */
  spec?: string;
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
  /**
   * Set when cases run in a container: the image, and the command that
   * stands for `command ...commandArgs` inside it.
   */
  container?: { image: string; command: string[] };
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
