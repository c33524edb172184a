// The target of a reproduction script: the runtime that runs the script
// (`node`, `bun`, `deno run -A`), with its own cluster module, or the
// reference the script carries, or the implementation CLUSTER_IMPL names.
import path from 'node:path';
import { hostCapabilities } from '../../targets/capabilities.js';
import type { Target } from '../../targets/target.js';
import type { ReproFacts } from '../facts.js';

interface DenoGlobal {
  version: { deno: string };
}

/** Which runtime runs this script, and its version. */
export function runningRuntime(): { runtime: 'node' | 'bun' | 'deno'; version: string } {
  const deno = (globalThis as { Deno?: DenoGlobal }).Deno;
  if (deno !== undefined) return { runtime: 'deno', version: deno.version.deno };
  if (process.versions.bun !== undefined) return { runtime: 'bun', version: process.versions.bun };
  return { runtime: 'node', version: process.versions.node };
}

/** Variables the script's own environment may set to run another implementation. */
const OWN_ENV = ['CLUSTER_IMPL', 'CLUSTER_WORKER_IMPL', 'CLUSTER_REFERENCE_WORKER_SIDE'];

/**
 * The target: cases run as `<this runtime> [run -A] <case.js>`. The cluster
 * module is the runtime's own unless the script carries the reference or
 * CLUSTER_IMPL is set; CLUSTER_CLAIMS_NODE sets the Node version it claims
 * (by default the one the runtime reports, or the reference's).
 */
export function reproTarget(facts: ReproFacts, root: string): Target {
  const { runtime, version } = runningRuntime();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts.reference?.env ?? {})) env[key] = value.split('{{dir}}').join(root);
  const own = OWN_ENV.filter((key) => process.env[key]);
  // A relative path is taken from where the script runs; the cases run in the folder it unpacked into.
  for (const key of own)
    env[key] = /^\.\.?[\\/]/.test(process.env[key]!) ? path.resolve(process.env[key]!) : process.env[key]!;
  const usesReference = facts.reference !== undefined && !own.includes('CLUSTER_IMPL');
  const claims =
    process.env.CLUSTER_CLAIMS_NODE || (usesReference ? facts.reference!.claimsNodeVersion : process.versions.node);
  const workerClaims = usesReference && facts.reference!.workerSide === 'runtime' ? process.versions.node : undefined;
  const implementation = env.CLUSTER_IMPL
    ? usesReference
      ? 'the cluster-conformance reference carried by this script'
      : `CLUSTER_IMPL=${env.CLUSTER_IMPL}`
    : `its own node:cluster`;
  return {
    name: runtime,
    spec: runtime,
    description: `${runtime} ${version} (claims Node ${claims}), with ${implementation}`,
    runtime,
    runtimeVersion: version,
    claimsNodeVersion: claims,
    ...(workerClaims ? { workerClaimsNodeVersion: workerClaims } : {}),
    identityVariable: 'NODE_UNIQUE_ID',
    // As the targets' own: what the runtime can do goes by the Node version it reports, not by what the implementation claims.
    capabilities: new Set(hostCapabilities(process.versions.node)),
    command: process.execPath,
    commandArgs: runtime === 'deno' ? ['run', '-A'] : [],
    env,
  };
}
