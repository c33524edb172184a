import { DOCS, type Area } from '../types.js';

const OBSERVED = 'Node v20.20.2 and v26.10.0, messages captured at the primary (research 1.5, 1.12).';

export const query: Area = {
  id: 'QUERY',
  title: 'queryServer on the wire',
  requirements: [
    {
      id: 'QUERY-1',
      level: 'MUST',
      statement: "A worker's listen(port) sends {cmd:'NODE_CLUSTER', act:'queryServer', index, data, address, port, addressType, backlog, seq} and no other field.",
      source: {
        docs: `${DOCS}#how-it-works`,
        observed: `${OBSERVED} Also seen on v22.11.0. Before reusePort, flags is left out when no host is given.`,
      },
      nodeVersions: '<22.12.0 || >=23.0.0 <23.1.0',
      side: 'worker',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-2',
      level: 'MUST',
      statement: "A worker's listen(port) sends {cmd:'NODE_CLUSTER', act:'queryServer', index, data, address, port, addressType, flags, backlog, seq} and no other field; flags is 0 when no option sets a bit.",
      source: { observed: `${OBSERVED} First seen on v22.12.0, with reusePort (net PR #55408, v23.1.0, backported to v22.12.0).` },
      nodeVersions: '>=22.12.0 <23.0.0 || >=23.1.0',
      side: 'worker',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-3',
      level: 'MUST',
      statement: "The primary's reply to queryServer carries ack equal to the request's seq, plus errno, key and data, and no act.",
      source: { observed: OBSERVED },
      nodeVersions: '>=0.11.2',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-4',
      level: 'MUST',
      statement: 'Under SCHED_RR a successful TCP reply has errno null and a sockname, and no handle attached.',
      source: { observed: OBSERVED },
      nodeVersions: '>=0.11.2',
      tags: ['wire-tap', 'sched-rr'],
    },
    {
      id: 'QUERY-5',
      level: 'MUST',
      statement: 'Under SCHED_NONE a successful TCP reply has errno 0, no sockname, and the bound handle attached.',
      source: { observed: OBSERVED },
      nodeVersions: '>=0.11.2',
      tags: ['wire-tap', 'sched-none', 'handle-passing'],
    },
    {
      id: 'QUERY-6',
      level: 'MUST',
      statement: "After the reply the worker sends act 'listening': the queryServer fields unchanged but for act, the bound port and a new, higher seq.",
      source: { observed: OBSERVED },
      nodeVersions: '>=0.11.2',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-7',
      level: 'MUST',
      statement: "A worker numbers its own messages from seq 0: 'online' is 0, the first queryServer 1.",
      source: { observed: `${OBSERVED} seq is a per-process counter (utils.js sendHelper).` },
      nodeVersions: '>=0.11.2',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-8',
      level: 'MUST',
      statement: "For a fixed port the primary's key is `${address}:${port}:${addressType}:${fd}`, without the listen index (e.g. null:8000:4:undefined).",
      source: { observed: 'PR #60141 (cluster: fix port reuse between cluster). Seen new on 22.22.1, 22.23.0, 24.13.1, 24.15.0, 25.5.0, 25.9.0, 26.0.0; old on 20.20.2, 22.12.0, 22.22.0, 24.13.0, 25.0.0, 25.4.0.' },
      nodeVersions: '>=22.22.1 <23.0.0 || >=24.13.1 <25.0.0 || >=25.5.0',
      side: 'primary',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-9',
      level: 'MUST',
      statement: "For a fixed port the primary's key ends with the listen index: `${address}:${port}:${addressType}:${fd}:${index}` (e.g. null:8000:4:undefined:0).",
      source: { observed: 'Seen on 20.20.2, 22.12.0, 22.22.0, 24.13.0, 25.0.0, 25.4.0; 23.x assumed old from 23.0.0.' },
      nodeVersions: '<22.22.1 || >=23.0.0 <24.13.1 || >=25.0.0 <25.5.0',
      side: 'primary',
      tags: ['wire-tap'],
    },
  ],
};
