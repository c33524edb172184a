// How the primary starts a worker process: child_process.fork with the
// options createWorkerProcess gives it (primary.ts, as Node's primary.js
// forks). A reference worker gets the reference's bootstrap as its first
// preload (worker_entry.workerExecArgv), which sets up the reference's worker
// side before any user preload and then leaves execArgv as the settings gave
// it (ENV-13, ENV-14). The reference-interop target leaves the worker side to
// the runtime: its workers start exactly as Node's do.
import { type ChildProcess, type ForkOptions, fork } from 'node:child_process';
import { workerExecArgv } from './worker_entry.js';

/**
 * Where a worker's own side of the protocol comes from:
 * - 'reference' (unset): the reference's (worker_bootstrap, runtime_worker);
 * - 'runtime': the runtime's built-in worker side (the reference-interop target).
 */
export const WORKER_SIDE_VARIABLE = 'CLUSTER_REFERENCE_WORKER_SIDE';

/** fork()'s options as cluster passes them: windowsHide is spawn's, and fork passes it on, as Node's cluster relies on. */
export type WorkerForkOptions = ForkOptions & { execArgv: string[]; windowsHide?: boolean };

export type ForkWorker = (exec: string | undefined, args: string[], options: WorkerForkOptions) => ChildProcess;

/** How this primary forks its workers, decided once, from its environment at load. */
export function workerStart(env: NodeJS.ProcessEnv): ForkWorker {
  const runtimeWorkerSide = env[WORKER_SIDE_VARIABLE] === 'runtime';
  return (exec, args, options) => {
    const execArgv = runtimeWorkerSide ? options.execArgv : workerExecArgv(options.execArgv);
    // fork() itself rejects an exec that is not a string (ERR_INVALID_ARG_TYPE), as in Node.
    return fork(exec as string, args, { ...options, execArgv });
  };
}
