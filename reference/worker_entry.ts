// How the reference primary starts a worker: as Node does, `node <execArgv>
// <exec> <args>`, with the reference's bootstrap as the first preload. Node
// sets up its own worker side before any preload (NODE_UNIQUE_ID and a main
// module); the bootstrap loads the reference, which takes over from it
// (runtime_worker), before any user preload runs (ENV-14).
import path from 'node:path';

/** Built next to the bundle (dist/reference/cluster.cjs), which is where __dirname is. */
export const BOOTSTRAP_PATH = path.join(__dirname, 'worker_bootstrap.cjs');

/** The execArgv of a reference worker: `node --require <bootstrap> <execArgv> <exec> <args>` */
export function workerExecArgv(execArgv: string[]): string[] {
  return ['--require', BOOTSTRAP_PATH, ...execArgv];
}

/** Whether this process was started with workerExecArgv (before the bootstrap restores execArgv). */
export function startedByWorkerArgs(): boolean {
  return process.execArgv[0] === '--require' && process.execArgv[1] === BOOTSTRAP_PATH;
}
