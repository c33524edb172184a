// How the reference primary tells a worker it started which main module to
// run, once the bootstrap has set up the worker side (see worker_bootstrap).
export const ENTRY_VARIABLE = 'CLUSTER_REFERENCE_ENTRY';

export interface WorkerEntry {
  exec: string;
  args: string[];
}
