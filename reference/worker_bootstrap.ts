// Node's initializeClusterIPC, for a worker the reference primary started:
// runs before any user code, sets up the worker side, deletes NODE_UNIQUE_ID
// (ENV-2), then runs the worker's main module as `node <exec> <args>` would.
import Module from 'node:module';
import path from 'node:path';
import cluster from './index.js';
import { IDENTITY_VARIABLE } from './protocol.js';
import { ENTRY_VARIABLE, type WorkerEntry } from './worker_entry.js';
import { REGISTER_VARIABLE, installRedirect } from './register.js';
import type { ChildCluster } from './child.js';

const entry = JSON.parse(process.env[ENTRY_VARIABLE] ?? 'null') as WorkerEntry | null;
delete process.env[ENTRY_VARIABLE];
if (entry === null) throw new Error(`${ENTRY_VARIABLE} is not set: start workers with the reference primary`);

// The worker was started as `node <execArgv> --eval <require bootstrap>`.
const evalAt = process.execArgv.lastIndexOf('--eval');
if (evalAt !== -1) process.execArgv.splice(evalAt, 2);
process.argv.splice(1, process.argv.length - 1, path.resolve(entry.exec), ...entry.args);

// A primary under cluster-conformance/register: its workers get the redirect too.
if (process.env[REGISTER_VARIABLE]) installRedirect();

if (process.argv[1] && process.env[IDENTITY_VARIABLE] && cluster.isWorker) {
  (cluster as ChildCluster)._setupWorker();
  delete process.env[IDENTITY_VARIABLE];
}

(Module as unknown as { runMain(main?: string): void }).runMain();
