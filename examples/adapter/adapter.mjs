// An example adapter: how to point cluster-conformance at your own cluster
// implementation. Run it with
//   CLUSTER_TARGET=./examples/adapter/adapter.mjs npm run conformance
//
// The default export (or a function returning it, possibly async) says how
// to run a case program and what the implementation claims.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export default {
  name: 'example-adapter',
  description: 'a user module that wraps node:cluster (examples/adapter/my-cluster.cjs)',
  // The runtime that runs the case programs, and its version.
  runtime: 'node',
  runtimeVersion: process.versions.node,
  // Whose behaviour the implementation claims: version-ranged requirements apply by this.
  claimsNodeVersion: process.versions.node,
  // The variable that marks a worker when it starts.
  identityVariable: 'NODE_UNIQUE_ID',
  // What it supports; tests that need anything else are reported as skipped.
  capabilities: [
    'sched-rr',
    'sched-none',
    'handle-passing',
    'proc-environ',
    'posix-signals',
    'wire-tap',
    'advanced-serialization',
    'unix-socket',
    'dgram',
    'host-pids',
  ],
  // A case program runs as `command ...commandArgs <fixtures/case.js> ...args`.
  command: process.execPath,
  commandArgs: [],
  // The module specifier of the implementation under test: case programs require() it.
  env: { CLUSTER_IMPL: path.join(here, 'my-cluster.cjs') },
};
