// A target whose case programs each leave a silent process behind
// (fixtures/support/linger.js): the harness must kill whole process groups.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

export default {
  name: 'lingering-node',
  description: "Node's built-in cluster; every case primary starts a process that outlives it",
  runtime: 'node',
  runtimeVersion: process.versions.node,
  claimsNodeVersion: process.versions.node,
  identityVariable: 'NODE_UNIQUE_ID',
  capabilities: ['sched-rr', 'sched-none', 'handle-passing', 'proc-environ', 'posix-signals', 'wire-tap',
    'advanced-serialization', 'unix-socket', 'dgram', 'host-pids'],
  command: process.execPath,
  commandArgs: ['--require', path.join(fixtures, 'support', 'linger.js')],
  env: {},
};
