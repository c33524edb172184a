// The cluster module: a worker if NODE_UNIQUE_ID is an own property of
// process.env when first loaded, otherwise the primary (ENV-4, ENV-5).
import { createChild, type ChildCluster } from './child.js';
import { installBindInCluster } from './bind_in_cluster.js';
import { installListenInCluster } from './listen_in_cluster.js';
import { createPrimary, type PrimaryCluster } from './primary.js';
import { IDENTITY_VARIABLE } from './protocol.js';

export type Cluster = PrimaryCluster | ChildCluster;

function load(): Cluster {
  if (!Object.hasOwn(process.env, IDENTITY_VARIABLE)) return createPrimary();
  const child = createChild();
  installListenInCluster(child);
  installBindInCluster(child);
  return child;
}

const cluster: Cluster = load();
export default cluster;
