// What the generator (generate.ts) writes into a reproduction script and its
// run-time part (runtime/) reads: the tests to run, their requirements, and
// the cluster implementation to use. Plain JSON.

export interface ReproRequirement {
  id: string;
  level: string;
  statement: string;
  nodeVersions: string;
  side?: 'primary' | 'worker';
  tags: string[];
  docs?: string;
  observed?: string;
}

export interface ReproFacts {
  /** `cluster-conformance <version>`: what wrote the script. */
  generator: string;
  /** The target named when the script was written (`--target`); the script runs on whatever runs it. */
  writtenFor: string;
  /** The full names of the tests to run, in order. */
  tests: string[];
  /** Their conformance/*.test.ts files, by test name. */
  files: Record<string, string>;
  requirements: Record<string, ReproRequirement>;
  /** A test's timeout unless it sets its own (TEST_TIMEOUT_MS), and how long before it its waits give up. */
  timeoutMs: number;
  deadlineMarginMs: number;
  /**
   * Set when the script carries the reference (written for a reference
   * target): the environment its case programs get (CLUSTER_IMPL and friends;
   * `{{dir}}` is the folder the script unpacks into) and the Node version it claims.
   */
  reference?: { env: Record<string, string>; claimsNodeVersion: string; workerSide: 'reference' | 'runtime' };
}

/** The case programs and support files a script unpacks (relative path → text). */
export type ReproFiles = Record<string, string>;
