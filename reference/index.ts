// The cluster module: a worker if NODE_UNIQUE_ID is an own property of
// process.env when first loaded, or if Node consumed it before any user code
// (a reference worker, ENV-11), otherwise the primary (ENV-4, ENV-5).
import { readFileSync } from 'node:fs';
import { installBindInCluster } from './bind_in_cluster.js';
import { type ChildCluster, createChild } from './child.js';
import { installListenInCluster } from './listen_in_cluster.js';
import { createPrimary, type PrimaryCluster } from './primary.js';
import { IDENTITY_VARIABLE } from './protocol.js';
import { takeOverFromRuntime } from './runtime_worker.js';

export type Cluster = PrimaryCluster | ChildCluster;

/**
 * The identity value a Node runtime consumed before any user code ran (it
 * sets up its own worker and deletes the variable when argv[1] is set), read
 * from the initial environment (ENV-11). Undefined where unreadable.
 */
function claimedByRuntime(): string | undefined {
  if (!process.argv[1] || !process.versions.node || 'Bun' in globalThis || 'Deno' in globalThis) return undefined;
  try {
    const prefix = `${IDENTITY_VARIABLE}=`;
    const entry = readFileSync('/proc/self/environ', 'utf8')
      .split('\0')
      .find((e) => e.startsWith(prefix));
    return entry?.slice(prefix.length) || undefined;
  } catch {
    return undefined;
  }
}

function load(): Cluster {
  const claimed = Object.hasOwn(process.env, IDENTITY_VARIABLE) ? undefined : claimedByRuntime();
  if (!Object.hasOwn(process.env, IDENTITY_VARIABLE) && claimed === undefined) return createPrimary();
  const child = createChild();
  installListenInCluster(child);
  installBindInCluster(child);
  if (claimed !== undefined) {
    // As the runtime did: a worker of that id (+value | 0), the variable gone.
    const announced = takeOverFromRuntime() && process.connected === true;
    process.env[IDENTITY_VARIABLE] = claimed;
    child._setupWorker(announced);
    delete process.env[IDENTITY_VARIABLE];
  }
  return child;
}

const cluster: Cluster = load();
export default cluster;
