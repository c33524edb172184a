// The faults of the ECO area (see faults.ts): each breaks something a
// library relies on, and its requirement's test must catch it.
import type { Fault } from './faults.js';

export const ECO_FAULTS: Fault[] = [
  {
    id: 'eco-worker-id-off',
    description: "a worker's cluster.worker.id is not its NODE_UNIQUE_ID (throng hands it to its " + 'worker function)',
    requirements: ['ECO-1'],
    file: 'child.ts',
    find: 'id: Number(process.env[IDENTITY_VARIABLE]) | 0',
    replace: 'id: (Number(process.env[IDENTITY_VARIABLE]) | 0) + 100',
  },
  {
    id: 'eco-no-cluster-disconnect',
    description: "the cluster emits no 'disconnect' (the Worker still does): throng never revives",
    requirements: ['ECO-2'],
    file: 'primary.ts',
    find: "cluster.emit('disconnect', worker);",
    replace: '',
  },
  {
    id: 'eco-worker-ignores-sigterm',
    description: 'a reference worker keeps a SIGTERM listener, so SIGTERM no longer ends it',
    requirements: ['ECO-3'],
    file: 'child.ts',
    find: "    // QUERY-7: 'online' is seq 0, whoever sent it.",
    replace: "    process.on('SIGTERM', noop);\n    // QUERY-7: 'online' is seq 0, whoever " + 'sent it.',
  },
  {
    id: 'eco-send-drops-handle',
    description: 'Worker#send drops its handle argument (sticky-session passes each connection ' + 'with it)',
    requirements: ['ECO-4'],
    file: 'worker.ts',
    find: '    return (this.process.send as (...a: unknown[]) => ' + 'boolean).apply(this.process, args);',
    replace:
      "    const sent = args.length > 1 && typeof args[1] === 'object' ? [args[0], " +
      'undefined, ...args.slice(2)] : args;\n    return (this.process.send as (...a: ' +
      'unknown[]) => boolean).apply(this.process, sent);',
  },
  {
    id: 'eco-no-exit-on-signal',
    description:
      "a Worker killed by a signal emits no 'exit' (the cluster still does): " + 'sticky-session never replaces it',
    requirements: ['ECO-5'],
    file: 'primary.ts',
    find: "      worker.emit('exit', exitCode, signalCode);",
    replace: "      if (signalCode === null) worker.emit('exit', exitCode, signalCode);",
  },
  {
    id: 'eco-message-without-worker',
    description:
      "the cluster's 'message' has no worker argument (as before Node 6): " +
      '@socket.io/sticky cannot bind a session to its worker',
    requirements: ['ECO-6'],
    file: 'primary.ts',
    find: "cluster.emit('message', this, message, handle);",
    replace: "cluster.emit('message', message, handle);",
  },
  {
    id: 'eco-serialization-ignored',
    description: "fork() ignores settings.serialization: @socket.io/sticky's Buffer chunks arrive " + 'as JSON',
    requirements: ['ECO-7'],
    file: 'primary.ts',
    find: 'cwd: settings.cwd, env: workerEnv, serialization: settings.serialization,',
    replace: 'cwd: settings.cwd, env: workerEnv,',
  },
  {
    id: 'eco-first-message-only',
    description:
      "the cluster re-emits only a worker's first message: the cluster adapter's " + 'broadcasts are not relayed',
    requirements: ['ECO-8'],
    file: 'primary.ts',
    find: "worker.on('message', function (this: PrimaryWorker, message: unknown, handle: " + 'unknown) {',
    replace: "worker.once('message', function (this: PrimaryWorker, message: unknown, handle: unknown) {",
  },
  {
    id: 'eco-connected-means-online',
    description:
      "Worker#isConnected() is true only in state 'online' (a listening worker says " +
      'false): prom-client asks no worker',
    requirements: ['ECO-9'],
    file: 'worker.ts',
    find: 'return this.process.connected as boolean;',
    replace: "return this.state === 'online';",
  },
  {
    id: 'eco-no-cluster-listening',
    description:
      "the cluster emits no 'listening' (the Worker still does): recluster's new " + 'workers are never ready',
    requirements: ['ECO-10'],
    file: 'primary.ts',
    find: "    cluster.emit('listening', worker, info);",
    replace: '',
  },
  {
    id: 'eco-fork-env-dropped',
    description: "fork(env) ignores env: pm2's instances get no pm2_env",
    requirements: ['ECO-11'],
    file: 'primary.ts',
    find: 'const workerEnv: NodeJS.ProcessEnv = { ...process.env, ...env, ' + '[IDENTITY_VARIABLE]: `${id}` };',
    replace: 'const workerEnv: NodeJS.ProcessEnv = { ...process.env, [IDENTITY_VARIABLE]: `${id}` };',
  },
  {
    id: 'eco-no-worker-listening',
    description:
      "a Worker emits no 'listening' (the cluster still does): pm2's reload waits out " + 'its listen timeout',
    requirements: ['ECO-12'],
    file: 'primary.ts',
    find: "    worker.emit('listening', info);",
    replace: '',
  },
  {
    id: 'eco-no-worker-exit',
    description: "a Worker emits no 'exit' (the cluster still does): pm2 never learns its " + "instances' exit codes",
    requirements: ['ECO-13'],
    file: 'primary.ts',
    find: "      worker.emit('exit', exitCode, signalCode);",
    replace: '',
  },
];
