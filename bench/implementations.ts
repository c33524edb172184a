// What the bench compares: each entry is a target of the conformance harness
// (how to run a program on it) and the mode the bench's server runs in.
import semver from 'semver';
import { resolveTarget } from '../runner/targets/registry.js';
import type { Target } from '../runner/targets/target.js';

/** The server's argv[0]; see cases/http-server.js. */
export type ServerMode = 'single' | 'rr' | 'none' | 'reuseport' | 'default';

export interface Implementation {
  id: string;
  label: string;
  /** The CLUSTER_TARGET that runs it. */
  target: string;
  mode: ServerMode;
  /** Runs with one worker only (the single process). */
  oneWorkerOnly?: boolean;
  /** A version range its runtime must be in. */
  needs?: { range: string; why: string };
}

export const IMPLEMENTATIONS: readonly Implementation[] = [
  { id: 'single', label: 'no cluster', target: 'node', mode: 'single', oneWorkerOnly: true },
  { id: 'node-rr', label: "Node's cluster RR", target: 'node', mode: 'rr' },
  { id: 'reference-rr', label: 'reference RR', target: 'reference', mode: 'rr' },
  { id: 'node-none', label: "Node's cluster NONE", target: 'node', mode: 'none' },
  { id: 'reference-none', label: 'reference NONE', target: 'reference', mode: 'none' },
  {
    id: 'reuseport',
    label: 'reusePort (node@24)',
    target: 'node@24',
    mode: 'reuseport',
    needs: { range: '>=22.12.0 <23 || >=23.1.0', why: 'net.Server#listen reusePort needs Node 22.12 or 23.1' },
  },
  { id: 'bun', label: 'Bun node:cluster', target: 'bun', mode: 'default' },
  { id: 'deno', label: 'Deno node:cluster', target: 'deno', mode: 'default' },
];

/** The reference against Node's built-in, measured in the same rounds. */
export const PAIRS = [
  { policy: 'rr', reference: 'reference-rr', node: 'node-rr' },
  { policy: 'none', reference: 'reference-none', node: 'node-none' },
] as const;

export type Resolved =
  | { implementation: Implementation; available: true; target: Target }
  | { implementation: Implementation; available: false; reason: string };

/** Resolves (and installs on first use) the target behind each implementation; a failure makes it not available. */
export async function resolveImplementations(chosen: readonly Implementation[]): Promise<Resolved[]> {
  const targets = new Map<string, Promise<Target>>();
  const resolved: Resolved[] = [];
  for (const implementation of chosen) {
    if (!targets.has(implementation.target)) targets.set(implementation.target, resolveTarget(implementation.target));
    try {
      const target = await targets.get(implementation.target)!;
      const needs = implementation.needs;
      if (needs && !semver.satisfies(target.runtimeVersion, needs.range)) {
        resolved.push({
          implementation,
          available: false,
          reason: `${target.runtime} ${target.runtimeVersion}: ${needs.why}`,
        });
      } else {
        resolved.push({ implementation, available: true, target });
      }
    } catch (error) {
      resolved.push({ implementation, available: false, reason: (error as Error).message.split('\n')[0]! });
    }
  }
  return resolved;
}
