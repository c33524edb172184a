import { DOCS, type Area } from '../types.js';

export const msg: Area = {
  id: 'MSG',
  title: 'IPC messaging',
  requirements: [
    {
      id: 'MSG-1',
      level: 'MUST',
      statement: "A message a worker sends with process.send() reaches the primary as 'message'(message) on the worker and 'message'(worker, message) on the cluster.",
      source: { docs: `${DOCS}#event-message` },
      nodeVersions: '>=6.0.0',
      tags: [],
      history: "Before v6.0.0 the cluster's 'message' event had no worker argument (PR #5361).",
    },
    {
      id: 'MSG-2',
      level: 'MUST',
      statement: "A message the primary sends with worker.send() reaches the worker both as process 'message' and as cluster.worker 'message'.",
      source: { docs: `${DOCS}#event-message_1` },
      nodeVersions: '>=0.7.0',
      tags: [],
    },
    {
      id: 'MSG-3',
      level: 'MUST',
      statement: "A user message whose cmd is a string longer than 5 characters starting with 'NODE_' is not delivered as 'message'; {cmd: 'NODE_'} is.",
      source: { observed: 'Node v20.20.2 and v26.10.0: child_process routes such messages to internalMessage.' },
      nodeVersions: '>=0.7.0',
      tags: [],
    },
    {
      id: 'MSG-4',
      level: 'MUST',
      statement: "With settings.serialization 'advanced', messages keep circular references and Map values.",
      source: { docs: `${DOCS}#clustersettings` },
      nodeVersions: '>=12.16.0',
      tags: ['advanced-serialization'],
    },
  ],
};
