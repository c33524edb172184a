import { DOCS, type Area } from '../types.js';

export const api: Area = {
  id: 'API',
  title: 'API surface',
  requirements: [
    {
      id: 'API-1',
      level: 'MUST',
      statement: 'In the primary the module is an EventEmitter with isPrimary, isMaster, isWorker (booleans), workers and settings (objects), schedulingPolicy, SCHED_NONE = 1 and SCHED_RR = 2 (numbers), and Worker, setupPrimary, setupMaster, fork and disconnect (functions).',
      source: { docs: `${DOCS}#cluster`, observed: 'Node v20.20.2 and v26.10.0.' },
      nodeVersions: '>=16.0.0',
      tags: [],
    },
    {
      id: 'API-2',
      level: 'MUST',
      statement: 'In a worker the module has isPrimary, isMaster, isWorker, worker and Worker, while workers, settings, schedulingPolicy, SCHED_NONE, SCHED_RR, setupPrimary, setupMaster, fork and disconnect are undefined.',
      source: { observed: 'Node v20.20.2 and v26.10.0 (lib/internal/cluster/child.js defines only these).' },
      nodeVersions: '>=16.0.0',
      tags: [],
    },
    {
      id: 'API-3',
      level: 'MUST',
      statement: 'cluster.setupMaster is the same function as cluster.setupPrimary.',
      source: { docs: `${DOCS}#clustersetupmastersettings` },
      nodeVersions: '>=16.0.0',
      tags: [],
    },
    {
      id: 'API-4',
      level: 'MUST',
      statement: "new cluster.Worker() is an EventEmitter with state 'none', id 0 and exitedAfterDisconnect undefined; Worker(options) without new also constructs one and takes id and state from options.",
      source: { observed: 'Node v20.20.2 and v26.10.0 (test-cluster-worker-constructor).' },
      nodeVersions: '>=6.0.0',
      tags: [],
      docsDisagree: 'The docs do not document the Worker constructor.',
    },
    {
      id: 'API-5',
      level: 'MUST',
      statement: 'A Worker has the methods send, kill, destroy, disconnect, isConnected and isDead, in the primary and in the worker; worker.disconnect() returns the worker.',
      source: { docs: `${DOCS}#workerdisconnect` },
      nodeVersions: '>=7.3.0',
      tags: [],
    },
    {
      id: 'API-6',
      level: 'MUST',
      statement: "In a worker, cluster.worker is a Worker whose process is the global process and whose state is 'online' at startup.",
      source: { docs: `${DOCS}#clusterworker` },
      nodeVersions: '>=0.11.2',
      tags: [],
    },
  ],
};
