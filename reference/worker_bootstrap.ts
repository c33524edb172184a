// Node's initializeClusterIPC, for a worker the reference primary started.
//
// A Node runtime claims NODE_UNIQUE_ID for its own cluster before any user
// code runs, but only when argv[1] is set. So the primary starts a worker
// with an empty argv[1] (worker_entry). As the first preload, this sets up
// the reference worker side before user preloads (ENV-14), deletes
// NODE_UNIQUE_ID (ENV-2) and restores argv and execArgv (ENV-13); the eval
// then runs the main module with nothing of the start-up left (ENV-12).
import path from 'node:path';
import './bundle_cache.js'; // First: loads ./index.js (the bundle) from its code cache.
import cluster from './index.js';
import { IDENTITY_VARIABLE } from './protocol.js';
import { startedByWorkerArgs } from './worker_entry.js';
import { REGISTER_VARIABLE, installRedirect } from './register.js';
import type { ChildCluster } from './child.js';

// The CommonJS loader's Module, as this (CommonJS) bundle's module sees it:
// the public node:module would load the ESM loader in every worker (bench/README.md).
const Module = (module as unknown as { constructor: { builtinModules: string[]; runMain(main?: string): void } }).constructor;

/** What the eval leaves on globalThis: its module scope (re-set after it returns) and the builtins as lazy globals. */
const EVAL_GLOBALS = new Set(['require', 'module', 'exports', '__filename', '__dirname', ...Module.builtinModules]);

/** globalThis as the preloads found it. */
const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));

/** Runs the worker's main module as `node <execArgv> <exec> <args>` would. */
export function runMain(): void {
  delete (process as { _eval?: string })._eval;
  process.nextTick(() => {
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      if (EVAL_GLOBALS.has(name) && !globalsBefore.has(name)) delete (globalThis as Record<string, unknown>)[name];
    }
    Module.runMain();
  });
}

if (startedByWorkerArgs()) {
  // A primary under cluster-conformance/register: its workers get the redirect too.
  if (process.env[REGISTER_VARIABLE]) installRedirect();
  process.execArgv.splice(0, 2);
  process.execArgv.splice(-2, 2);
  process.argv.splice(1, 2, path.resolve(process.argv[2] ?? ''));
  if (process.env[IDENTITY_VARIABLE] && cluster.isWorker) {
    (cluster as ChildCluster)._setupWorker();
    delete process.env[IDENTITY_VARIABLE];
  }
}
