// The first preload of a worker the reference primary started (worker_entry).
// Loading the reference sets up its worker side: Node had already claimed
// NODE_UNIQUE_ID for its own (and deleted it, ENV-2), and the reference takes
// over from it (index, runtime_worker) before any user preload (ENV-14). Then
// the start leaves nothing behind: execArgv is settings.execArgv again
// (ENV-13), and nothing is added to globalThis (ENV-12).
import './bundle_cache.js'; // Loads ./index.js (the bundle) from its code cache: the worker side is set up.
import { installRedirect, REGISTER_VARIABLE } from './register.js';
import { startedByWorkerArgs } from './worker_entry.js';

if (startedByWorkerArgs()) {
  // A primary under cluster-conformance/register: its workers get the redirect too.
  if (process.env[REGISTER_VARIABLE]) installRedirect();
  process.execArgv.splice(0, 2);
}
