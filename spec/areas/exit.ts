import { DOCS, type Area } from '../types.js';

export const exit: Area = {
  id: 'EXIT',
  title: 'Worker exit',
  requirements: [
    {
      id: 'EXIT-1',
      level: 'MUST',
      statement: "A worker that exits with code 42 gives 'exit'(worker, 42, null) on the cluster and 'exit'(42, null) on the worker, once each.",
      source: { docs: `${DOCS}#event-exit_1` },
      nodeVersions: '>=0.11.2',
      tags: [],
    },
    {
      id: 'EXIT-2',
      level: 'MUST',
      statement: "A worker killed with SIGKILL gives 'exit'(worker, null, 'SIGKILL') on the cluster and 'exit'(null, 'SIGKILL') on the worker.",
      source: { docs: `${DOCS}#event-exit_1` },
      nodeVersions: '>=0.11.2',
      tags: ['posix-signals'],
    },
    {
      id: 'EXIT-3',
      level: 'MUST',
      statement: 'worker.exitedAfterDisconnect is false at exit after a crash or a kill, and true after worker.disconnect().',
      source: { docs: `${DOCS}#workerexitedafterdisconnect` },
      nodeVersions: '>=6.0.0',
      tags: ['posix-signals'],
      history: 'Called worker.suicide from v0.7.0 until v6 (PR #3743); removed in v9.',
    },
    {
      id: 'EXIT-4',
      level: 'MUST',
      statement: "The cluster does not emit the legacy 'death' event.",
      source: { docs: `${DOCS}#event-exit` },
      nodeVersions: '>=0.7.8',
      tags: [],
      history: "v0.6 to v0.7.7 emitted 'death'(worker) where 'exit' is now emitted (renamed in v0.7.8, commit 90ce5b3d4).",
    },
    {
      id: 'EXIT-5',
      level: 'MUST',
      statement: "A worker that exits with code 0 by itself gives 'exit'(worker, 0, null) with exitedAfterDisconnect false.",
      source: { docs: `${DOCS}#event-exit_1` },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'EXIT-6',
      level: 'MUST',
      statement: "The worker's 'exit' is emitted before the cluster's 'exit'.",
      source: { observed: 'Node v20.20.2 and v26.10.0: primary.js emits on the worker, then on the cluster.' },
      nodeVersions: '>=0.11.2',
      tags: [],
    },
  ],
};
