import type { Area } from '../types.js';

export const rr: Area = {
  id: 'RR',
  title: 'Round-robin distribution',
  requirements: [
    {
      id: 'RR-1',
      level: 'MUST',
      statement: 'Under SCHED_RR a worker at its server.maxConnections refuses newconn, and the primary hands the connection to another worker instead of dropping it.',
      source: { observed: 'Node v20.20.2 and v26.10.0 (child.js onconnection; round_robin_handle.js handoff).' },
      nodeVersions: '>=0.11.2',
      tags: ['sched-rr'],
    },
  ],
};
