import type { Area } from '../types.js';

export const dgram: Area = {
  id: 'DGRAM',
  title: 'dgram',
  requirements: [
    {
      id: 'DGRAM-1',
      level: 'MUST',
      statement: "Workers that bind(0) a udp4 socket get the same port, and the cluster 'listening' address is {addressType: 'udp4', address: '0.0.0.0', port, fd: -1}.",
      source: { observed: 'Node v20.20.2 and v26.10.0 (research 1.9).' },
      nodeVersions: '>=0.11.2',
      tags: ['dgram'],
    },
    {
      id: 'DGRAM-2',
      level: 'MUST',
      statement: 'Even under SCHED_RR the primary answers a UDP queryServer with errno 0 and the bound handle attached.',
      source: { observed: 'Node v20.20.2 and v26.10.0: UDP always uses a shared handle.' },
      nodeVersions: '>=0.11.2',
      tags: ['dgram', 'wire-tap', 'handle-passing'],
    },
    {
      id: 'DGRAM-3',
      level: 'MUST',
      statement: 'Datagrams sent to the shared port are received by the workers.',
      source: { observed: 'Node v20.20.2 (test-cluster-dgram-1).' },
      nodeVersions: '>=0.11.2',
      tags: ['dgram'],
    },
    {
      id: 'DGRAM-4',
      level: 'MUST',
      statement: "bind({port: 0, exclusive: true}) binds in the worker: no queryServer is sent and the workers' ports differ.",
      source: { docs: 'https://nodejs.org/api/dgram.html#socketbindoptions-callback' },
      nodeVersions: '>=0.11.2',
      tags: ['dgram'],
    },
    {
      id: 'DGRAM-5',
      level: 'MUST',
      statement: "A socket closed right after bind() emits no error and no 'listening', and sends no queryServer.",
      source: { observed: 'Node v20.20.2 (test-dgram-cluster-close-during-bind, test-dgram-bind-socket-close-before-cluster-reply).' },
      nodeVersions: '>=0.11.2',
      tags: ['dgram', 'wire-tap'],
    },
  ],
};
