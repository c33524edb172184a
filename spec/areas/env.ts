import { DOCS, type Area } from '../types.js';

export const env: Area = {
  id: 'ENV',
  title: 'Identity and environment',
  requirements: [
    {
      id: 'ENV-1',
      level: 'MUST',
      statement: "Each worker process starts with NODE_UNIQUE_ID in its initial environment, set to its worker.id.",
      source: {
        docs: `${DOCS}#how-it-works`,
        observed: 'Node v20.20.2 and v26.10.0: /proc/<pid>/environ of a worker holds NODE_UNIQUE_ID=<id> (primary.js createWorkerProcess).',
      },
      nodeVersions: '>=0.7.0',
      tags: ['proc-environ'],
      history: 'v0.6 marked workers with NODE_WORKER_ID instead (node-v0.x-archive lib/cluster.js, v0.6.0).',
    },
    {
      id: 'ENV-2',
      level: 'MUST',
      statement: "When the worker's main module starts, process.env has no own NODE_UNIQUE_ID.",
      source: {
        observed: 'Node v20.20.2 and v26.10.0: pre_execution.js initializeClusterIPC deletes it before any user code, preloads included.',
      },
      nodeVersions: '>=0.7.9',
      tags: [],
    },
    {
      id: 'ENV-3',
      level: 'MUST',
      statement: 'A process spawned by a worker does not inherit NODE_UNIQUE_ID.',
      source: {
        observed: 'Node v20.20.2 and v26.10.0; the reason for deleting it (node-v0.x-archive PR #3288, v0.7.9).',
      },
      nodeVersions: '>=0.7.9',
      tags: ['proc-environ'],
    },
    {
      id: 'ENV-4',
      level: 'MUST',
      statement: "In a worker, cluster.isWorker is true and cluster.worker.id equals the primary's worker.id for that process.",
      source: { docs: `${DOCS}#clusterisworker` },
      nodeVersions: '>=0.8.0',
      tags: [],
    },
    {
      id: 'ENV-5',
      level: 'MUST',
      statement: 'The primary is not a worker: cluster.isWorker is false, cluster.isMaster is true and NODE_UNIQUE_ID is not in its environment.',
      source: { docs: `${DOCS}#clusterismaster` },
      nodeVersions: '>=0.8.1',
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
        observed: 'Node v20.20.2 and v26.10.0: the initial environment of a worker has no NODE_WORKER_ID.',
      },
      nodeVersions: '>=0.7.0',
      tags: ['proc-environ'],
      history: 'v0.6 set NODE_WORKER_ID (and cluster.isWorker was `"NODE_WORKER_ID" in process.env`); v0.7.0 replaced it with NODE_UNIQUE_ID.',
    },
    {
      id: 'ENV-8',
      level: 'MUST',
      statement: 'Worker ids count up from 1 in fork order and are never reused after a worker exits.',
      source: { docs: `${DOCS}#workerid`, observed: 'Node v20.20.2 and v26.10.0: primary.js `++ids`.' },
      nodeVersions: '>=0.8.0',
      tags: [],
    },
    {
      id: 'ENV-9',
      level: 'MUST',
      statement: 'cluster.workers holds each live worker under its id, from the moment fork() returns.',
      source: { docs: `${DOCS}#clusterworkers` },
      nodeVersions: '>=0.8.0',
      tags: [],
    },
    {
      id: 'ENV-10',
      level: 'MUST',
      statement: "When the worker's main module starts, process.env has no NODE_CHANNEL_FD either.",
      source: { observed: 'Node v20.20.2 and v26.10.0: pre_execution.js setupChildProcessIpcChannel deletes it.' },
      nodeVersions: '>=0.7.9',
      tags: [],
    },
  ],
};
