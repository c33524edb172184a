// How the reference primary starts a worker (see worker_bootstrap): a Node
// runtime claims NODE_UNIQUE_ID for its own cluster before any user code,
// but only when argv[1] is set, so argv[1] is left empty and the bootstrap,
// the first preload, restores argv and execArgv.
import path from 'node:path';

/** Built next to the bundle (dist/reference/cluster.cjs), which is where __dirname is. */
export const BOOTSTRAP_PATH = path.join(__dirname, 'worker_bootstrap.cjs');

/** The --eval code of a reference worker: runs its main module. */
export const RUN_MAIN = `require(${JSON.stringify(BOOTSTRAP_PATH)}).runMain()`;

/** `node --require <bootstrap> <execArgv> --eval <RUN_MAIN> "" <exec> <args>` */
export function workerArgs(execArgv: string[], exec: string, args: string[]): string[] {
  return ['--require', BOOTSTRAP_PATH, ...execArgv, '--eval', RUN_MAIN, '', exec, ...args];
}

/** Whether this process was started by workerArgs (before the bootstrap restores argv). */
export function startedByWorkerArgs(): boolean {
  const { execArgv, argv } = process;
  return execArgv[0] === '--require' && execArgv[1] === BOOTSTRAP_PATH && argv[1] === '' &&
    execArgv.length >= 4 && execArgv[execArgv.length - 2] === '--eval' && execArgv[execArgv.length - 1] === RUN_MAIN;
}
