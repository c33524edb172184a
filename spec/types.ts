// The shape of a requirement in the catalogue.

export type Level = 'MUST' | 'SHOULD';

/**
 * What a target must support for a requirement to apply (test262 `features`).
 * A target that lacks one reports the tests that need it as skipped.
 */
export const CAPABILITIES = {
  'sched-rr': 'the primary accepts and hands connections over (SCHED_RR)',
  'sched-none': 'the primary passes the bound handle to workers (SCHED_NONE)',
  'handle-passing': 'native handles cross the IPC channel',
  'proc-environ': "a process's initial environment is readable at /proc/<pid>/environ",
  'posix-signals': 'workers can be killed with POSIX signals such as SIGKILL',
  'wire-tap': "the primary's worker.process emits 'internalMessage' and its send() can be wrapped",
  'advanced-serialization': "IPC supports serialization: 'advanced' (the structured clone algorithm)",
  'unix-socket': 'servers can listen on a Unix domain socket path',
  dgram: 'dgram sockets bind through the primary',
  'reuse-port': "the runtime's net and dgram accept reusePort (SO_REUSEPORT)",
  'host-pids':
    "the pids a case reports are this machine's (not a container's namespace), so " + 'the harness can signal them',
  'npm-libraries':
    "case programs can require the suite's pinned npm libraries (its " +
    'devDependencies, installed in its node_modules) for the ECO area',
} as const;

export type Capability = keyof typeof CAPABILITIES;

export interface Source {
  /** A nodejs.org/api anchor. */
  docs?: string;
  /** Observed Node behaviour: versions and how it was seen. */
  observed?: string;
}

export interface Requirement {
  /** Stable: never renumbered, never reused. */
  id: string;
  level: Level;
  statement: string;
  source: Source;
  /** The Node versions this holds for, as a semver range. */
  nodeVersions: string;
  /**
   * Whose behaviour the range is about, where a target mixes sides (a
   * reference primary with a runtime's own worker side): by default both.
   */
  side?: 'primary' | 'worker';
  tags: Capability[];
  /** Where the Node docs say otherwise: what they say. */
  docsDisagree?: string;
  /** How older Node did it, for the record. */
  history?: string;
  /**
   * Where Node itself falls short of the statement in a case its tests do
   * not pin (found by conformance/stress): for FINDINGS.md.
   */
  nodeFindings?: NodeFinding[];
}

export interface NodeFinding {
  /** What Node does. */
  finding: string;
  /** The Node versions it was seen on. */
  seen: string;
  kind: 'bug' | 'deliberate';
  /** The command that shows it. */
  check: string;
}

export interface Area {
  id: string;
  title: string;
  requirements: Requirement[];
}

export const DOCS = 'https://nodejs.org/api/cluster.html';
