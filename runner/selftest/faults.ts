// `cluster-conformance faults [id,...]`: the suite must be able to fail. Each fault below is a
// small, deliberate bug written into a copy of the reference's TypeScript
// source (reference/*.ts), which is then built with the same function as
// `npm run build` (build_reference.ts); the catalogue runs against that build
// and at least one test must turn red. A fault names the requirements whose
// tests are meant to catch it: those run first, then, if they miss it, the
// whole catalogue, and a fault only other requirements catch is reported.
// Writes reports/faults.json; exits 1 if any fault goes uncaught.
// `faults LIST` runs the faults it names: comma-separated fault ids,
// requirement IDs or areas (`faults ECO`).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPORTS, ROOT } from '../../conformance/harness/paths.js';
import { buildReference, REFERENCE_SOURCE } from '../build/build_reference.js';
import { runCatalogue } from '../run/catalogue.js';
import { filterPattern } from '../run/filter.js';
import { resolveTarget } from '../targets/registry.js';
import { TargetError } from '../targets/target.js';
import { ECO_FAULTS } from './eco_faults.js';

export interface Fault {
  id: string;
  description: string;
  /** The requirement IDs whose tests are meant to catch it. */
  requirements: string[];
  /** A file of reference/ (the TypeScript source). */
  file: string;
  /**
   * Text that occurs once in the file, and what replaces it. It is matched
   * as code, not as layout: whitespace and a trailing comma before a closing
   * bracket do not count, so a reformat of the source leaves the fault valid.
   */
  find: string;
  replace: string;
  /**
   * The reference target to run it on, when its requirements need a capability
   * the harness's Node lacks (reuse-port needs Node >=22.12 <23 or >=23.1).
   */
  target?: string;
}

export const FAULTS: Fault[] = [
  // A reference worker's 'online' is the one Node's own worker side sends (runtime_worker.ts), so the bug is the primary's.
  {
    id: 'drop-online',
    description: "the primary ignores a worker's 'online'",
    requirements: ['LIFE-1', 'LIFE-19'],
    file: 'primary.ts',
    find: "      case 'online': return online(worker);\n",
    replace: '',
  },
  {
    id: 'wrong-ack',
    description: 'the queryServer reply acks the wrong seq',
    requirements: ['QUERY-3'],
    file: 'primary.ts',
    find: 'send(worker, { errno, key, ack: message.seq, data, ...reply }, sendHandle);',
    replace: 'send(worker, { errno, key, ack: message.seq + 1, data, ...reply }, sendHandle);',
  },
  {
    id: 'keep-identity',
    description: 'NODE_UNIQUE_ID is not deleted before user code',
    requirements: ['ENV-2'],
    file: 'index.ts',
    find: 'delete process.env[IDENTITY_VARIABLE];',
    replace: '',
  },
  {
    id: 'listening-without-fd',
    description: "the 'listening' address lacks its fd key",
    requirements: ['PORT-4'],
    file: 'primary.ts',
    find: 'fd: message.fd,',
    replace: '',
  },
  {
    id: 'no-disconnect-event',
    description: "the worker object never emits 'disconnect'",
    requirements: ['LIFE-1', 'LIFE-19'],
    file: 'primary.ts',
    find: "worker.emit('disconnect');\n      cluster.emit('disconnect', worker);",
    replace: '',
  },
  {
    id: 'exit-before-disconnect',
    description: "'exit' is emitted when the channel closes, before 'disconnect'",
    requirements: ['LIFE-1'],
    file: 'primary.ts',
    find: "worker.emit('disconnect');\n      cluster.emit('disconnect', worker);",
    replace:
      "cluster.emit('exit', worker, 0, null);\n      worker.emit('disconnect');\n      " +
      "cluster.emit('disconnect', worker);",
  },
  {
    id: 'leak-on-primary-death',
    description: 'a worker outlives its primary',
    requirements: ['LIFE-7'],
    file: 'child.ts',
    find: 'if (!worker.exitedAfterDisconnect) process.exit(0);',
    replace: '',
  },
  {
    id: 'rr-first-worker-only',
    description: 'round-robin hands every connection to worker 1',
    requirements: ['RR-5'],
    file: 'round_robin_handle.ts',
    find: 'const first = this.free.values().next();',
    replace: 'const first = [...this.free.values()].filter((w) => w.id === 1).values().next();',
  },
  {
    id: 'no-index-sharing',
    description: "every worker's listen(0) gets its own port",
    requirements: ['PORT-3'],
    file: 'child.ts',
    find: 'const index = indexSet.nextIndex++;',
    replace: 'const index = indexSet.nextIndex++ + 100 * (cluster.worker ? cluster.worker.id : 0);',
  },
  {
    id: 'rr-errno-zero',
    description: 'an RR reply says errno 0 instead of null',
    requirements: ['QUERY-4'],
    file: 'round_robin_handle.ts',
    find: 'reply(null, this.sockname ? { sockname: this.sockname } : null, null);',
    replace: 'reply(0, this.sockname ? { sockname: this.sockname } : null, null);',
  },
  {
    id: 'rr-no-sockname',
    description: 'an RR reply has no sockname',
    requirements: ['QUERY-4'],
    file: 'round_robin_handle.ts',
    find: 'reply(null, this.sockname ? { sockname: this.sockname } : null, null);',
    replace: 'reply(null, null, null);',
  },
  {
    id: 'seq-from-one',
    description: 'a process numbers its messages from 1',
    requirements: ['QUERY-7'],
    file: 'utils.ts',
    find: 'let seq = 0;',
    replace: 'let seq = 1;',
  },
  {
    id: 'no-flags',
    description: 'queryServer leaves out flags (v20 format)',
    requirements: ['QUERY-2'],
    file: 'listen_in_cluster.ts',
    find: 'flags: isTcpPort ? (flags ?? 0) : flags,',
    replace: 'flags,',
  },
  {
    id: 'listening-renamed',
    description: "the worker's listening message drops the query fields",
    requirements: ['QUERY-6'],
    file: 'child.ts',
    find: "const listening: ListeningMessage = { ...message, act: 'listening', port: port || options.port };",
    replace:
      "const listening: ListeningMessage = { ...message, act: 'listening', port: port " +
      '|| options.port };\n      delete listening.backlog;',
  },
  {
    id: 'crash-after-disconnect',
    description: 'exitedAfterDisconnect is true after a crash',
    requirements: ['EXIT-3'],
    file: 'primary.ts',
    find: "worker.exitedAfterDisconnect = !!worker.exitedAfterDisconnect;\n      worker.state = 'dead';",
    replace: "worker.exitedAfterDisconnect = true;\n      worker.state = 'dead';",
  },
  {
    id: 'emits-death',
    description: "the legacy 'death' event is emitted",
    requirements: ['EXIT-4'],
    file: 'primary.ts',
    find: "cluster.emit('exit', worker, exitCode, signalCode);",
    replace: "cluster.emit('exit', worker, exitCode, signalCode);\n      cluster.emit('death', worker);",
  },
  {
    id: 'kill-disconnects-first',
    description: "the primary's kill() disconnects before signalling (pre-v15)",
    requirements: ['LIFE-5'],
    file: 'primary.ts',
    find: "this.process.kill(signal || 'SIGTERM');",
    replace: "this.disconnect();\n    this.process.kill(signal || 'SIGTERM');",
  },
  {
    id: 'worker-kill-sends-signal',
    description: "a worker's own kill(signal) signals itself",
    requirements: ['LIFE-6'],
    file: 'child.ts',
    find: "if (this.state === 'destroying') return;",
    replace: "process.kill(process.pid, 'SIGKILL');",
  },
  {
    id: 'disconnect-skips-connections',
    description: 'disconnect does not wait for open connections',
    requirements: ['LIFE-3'],
    file: 'child.ts',
    find: 'waiting++;\n        owner.close(checkWaiting);',
    replace: 'owner.close();',
  },
  {
    id: 'disconnect-keeps-worker',
    description: "the primary's disconnect() leaves the worker in cluster.workers",
    requirements: ['LIFE-11'],
    file: 'primary.ts',
    find: 'removeHandlesForWorker(this);\n    removeWorker(this);\n    return this;',
    replace: 'return this;',
  },
  {
    id: 'no-callback-without-workers',
    description: 'cluster.disconnect(cb) with no workers never calls back',
    requirements: ['LIFE-10'],
    file: 'primary.ts',
    find: "process.nextTick(() => intercom.emit('disconnect'));",
    replace: '',
  },
  {
    id: 'setup-synchronous',
    description: "'setup' is emitted synchronously",
    requirements: ['SETUP-3'],
    file: 'primary.ts',
    find: "process.nextTick(() => cluster.emit('setup', settings));",
    replace: "cluster.emit('setup', settings);",
  },
  {
    id: 'settings-replaced',
    description: 'setupPrimary() replaces the settings instead of merging',
    requirements: ['SETUP-2'],
    file: 'primary.ts',
    find: '...cluster.settings,',
    replace: '',
  },
  {
    id: 'ids-from-zero',
    description: 'worker ids start at 0',
    requirements: ['ENV-8'],
    file: 'primary.ts',
    find: 'const id = ++ids;',
    replace: 'const id = ids++;',
  },
  {
    id: 'maxconnections-ignored',
    description: 'a worker at maxConnections still accepts',
    requirements: ['RR-1'],
    file: 'child.ts',
    find: 'state._connections >= state.maxConnections',
    replace: 'false',
  },
  {
    id: 'udp-round-robin',
    description: 'UDP queries get a round-robin handle',
    requirements: ['DGRAM-2'],
    file: 'primary.ts',
    find:
      "const rr = schedulingPolicy === SCHED_RR && message.addressType !== 'udp4' && " +
      "message.addressType !== 'udp6';",
    replace: 'const rr = schedulingPolicy === SCHED_RR;',
  },
  {
    id: 'exclusive-ignored',
    description: 'an exclusive listen still asks the primary',
    requirements: ['LISTEN-2'],
    file: 'listen_in_cluster.ts',
    find: 'if (this._handle || this[kExclusive]) {',
    replace: 'if (this._handle) {',
  },
  {
    id: 'bind-error-says-listen',
    description: "a clustered bind error reports syscall 'listen'",
    requirements: ['LISTEN-1'],
    file: 'listen_in_cluster.ts',
    find: "exceptionWithHostPort(err, 'bind', address, port)",
    replace: "exceptionWithHostPort(err, 'listen', address, port)",
  },
  {
    id: 'messages-not-relayed',
    description: "Worker does not relay its process's 'message'",
    requirements: ['MSG-1'],
    file: 'worker.ts',
    find:
      "this.process.on('message', (message: unknown, handle: unknown) => " + "this.emit('message', message, handle));",
    replace: '',
  },
  {
    id: 'close-early-listens',
    description: 'a server closed before the reply still listens',
    requirements: ['LISTEN-5'],
    file: 'listen_in_cluster.ts',
    find: 'if (this[kGeneration] !== generation) {',
    replace: 'if (false) {',
  },
  {
    id: 'worker-claims-primary',
    description: 'isPrimary is true in a worker',
    requirements: ['ENV-6'],
    file: 'child.ts',
    find: 'isMaster: false, isPrimary: false,',
    replace: 'isMaster: false, isPrimary: true,',
  },
  {
    id: 'stdio-without-ipc',
    description: "fork() accepts stdio without 'ipc'",
    requirements: ['SETUP-7'],
    file: 'primary.ts',
    find: 'silent: settings.silent, stdio: settings.stdio,',
    replace:
      'silent: settings.silent, stdio: Array.isArray(settings.stdio) && ' +
      "!settings.stdio.includes('ipc') ? [...settings.stdio, 'ipc'] : settings.stdio,",
  },
  {
    id: 'key-with-index',
    description: 'fixed-port keys keep the listen index (v20 key)',
    requirements: ['QUERY-8'],
    file: 'protocol.ts',
    find: 'return message.port === 0 ? `${base}:${message.index}` : base;',
    replace: 'return `${base}:${message.index}`;',
  },
  {
    id: 'fork-returns-copy',
    description: 'fork() returns a copy of the worker, not the Worker in cluster.workers',
    requirements: ['API-10'],
    file: 'primary.ts',
    find: '    cluster.workers[worker.id] = worker;\n    return worker;',
    replace: '    cluster.workers[worker.id] = worker;\n    return { ...worker } as PrimaryWorker;',
  },
  {
    id: 'error-not-relayed',
    description: "a Worker does not re-emit its process's 'error'",
    requirements: ['API-11'],
    file: 'worker.ts',
    find: "      this.process.on('error', (code: unknown, signal: unknown) => this.emit('error', code, signal));\n",
    replace: '',
  },
  {
    id: 'send-always-true',
    description: 'worker.send() returns true even when the channel is closed',
    requirements: ['MSG-9'],
    file: 'worker.ts',
    find: '    return (this.process.send as (...a: unknown[]) => boolean).apply(this.process, args);',
    replace: '    (this.process.send as (...a: unknown[]) => boolean).apply(this.process, args);\n    return true;',
  },
  {
    id: 'message-without-handle',
    description: "the Worker's 'message' drops the handle argument",
    requirements: ['MSG-10'],
    file: 'worker.ts',
    find: "(message: unknown, handle: unknown) => this.emit('message', message, handle));",
    replace: "(message: unknown) => this.emit('message', message));",
  },
  {
    id: 'cluster-message-without-handle',
    description: "the cluster's 'message' drops the handle argument",
    requirements: ['MSG-10'],
    file: 'primary.ts',
    find: "cluster.emit('message', this, message, handle);",
    replace: "cluster.emit('message', this, message);",
  },
  {
    id: 'send-drops-callback',
    description: 'worker.send() never calls its callback',
    requirements: ['MSG-11'],
    file: 'worker.ts',
    find: '.apply(this.process, args);',
    replace: ".apply(this.process, args.filter((arg) => typeof arg !== 'function'));",
  },
  {
    id: 'send-drops-options',
    description: 'worker.send() passes message, handle and callback but not options (keepOpen)',
    requirements: ['MSG-12'],
    file: 'worker.ts',
    find: '.apply(this.process, args);',
    replace: ".apply(this.process, args.filter((arg, at) => at < 2 || typeof arg === 'function'));",
  },
  {
    id: 'advanced-by-default',
    description: "workers get serialization 'advanced' unless told otherwise",
    requirements: ['MSG-13'],
    file: 'primary.ts',
    find: 'serialization: settings.serialization,\n',
    replace: "serialization: settings.serialization ?? 'advanced',\n",
  },
  {
    id: 'flag-false-at-fork',
    description: 'a forked worker starts with exitedAfterDisconnect false',
    requirements: ['EXIT-7'],
    file: 'primary.ts',
    find: 'const worker = new Worker({ id, process: createWorkerProcess(id, env) }) as PrimaryWorker;',
    replace:
      'const worker = new Worker({ id, process: createWorkerProcess(id, env) }) as ' +
      'PrimaryWorker;\n    worker.exitedAfterDisconnect = false;',
  },
  {
    id: 'disconnect-leaves-flag',
    description: "the primary's disconnect() does not set exitedAfterDisconnect",
    requirements: ['EXIT-8'],
    file: 'primary.ts',
    find: "    this.exitedAfterDisconnect = true;\n    send(this, { act: 'disconnect' });",
    replace: "    send(this, { act: 'disconnect' });",
  },
  {
    id: 'online-without-worker',
    description: "the cluster's 'online' has no worker argument",
    requirements: ['LIFE-22'],
    file: 'primary.ts',
    find: "cluster.emit('online', worker);",
    replace: "cluster.emit('online');",
  },
  {
    id: 'worker-listening-without-address',
    description: "the Worker's 'listening' has no address argument",
    requirements: ['LIFE-23'],
    file: 'primary.ts',
    find: "worker.emit('listening', info);",
    replace: "worker.emit('listening');",
  },
  {
    id: 'worker-side-listening',
    description: "in a worker, cluster.worker emits 'listening'",
    requirements: ['LIFE-24'],
    file: 'child.ts',
    find: "if (cluster.worker) cluster.worker.state = 'listening';",
    replace:
      "if (cluster.worker) {\n        cluster.worker.state = 'listening';\n        " +
      "cluster.worker.emit('listening', obj.address());\n      }",
  },
  {
    id: 'no-worker-side-disconnect',
    description: "in a worker, cluster.worker never emits 'disconnect'",
    requirements: ['LIFE-25'],
    file: 'child.ts',
    find: "      worker.emit('disconnect');\n      if (!worker.exitedAfterDisconnect) process.exit(0);",
    replace: '      if (!worker.exitedAfterDisconnect) process.exit(0);',
  },
  {
    id: 'exit-on-any-disconnect',
    description: 'a worker exits as soon as its channel closes, dropping its client connections',
    requirements: ['LIFE-26'],
    file: 'child.ts',
    find: 'if (!worker.exitedAfterDisconnect) process.exit(0);',
    replace: 'process.exit(0);',
  },
  {
    id: 'kill-ignores-signal',
    description: "the primary's kill(signal) always sends SIGTERM",
    requirements: ['LIFE-27'],
    file: 'primary.ts',
    find: "this.process.kill(signal || 'SIGTERM');",
    replace: "this.process.kill('SIGTERM');",
  },
  {
    id: 'rr-server-left-open',
    description: "the primary's round-robin server stays open after its last worker left",
    requirements: ['LIFE-28'],
    file: 'round_robin_handle.ts',
    find: '    this.server.close();\n',
    replace: '',
  },
  {
    id: 'removed-at-disconnect',
    description: "a worker leaves cluster.workers at 'disconnect' even while its process lives",
    requirements: ['LIFE-29'],
    file: 'primary.ts',
    find: 'if (worker.isDead()) removeWorker(worker);',
    replace: 'removeWorker(worker);',
  },
  {
    id: 'setup-gets-current-settings',
    description: "'setup' gets cluster.settings as it is when emitted, not the call's settings",
    requirements: ['SETUP-21'],
    file: 'primary.ts',
    find: "process.nextTick(() => cluster.emit('setup', settings));",
    replace: "process.nextTick(() => cluster.emit('setup', cluster.settings));",
  },
  {
    id: 'silent-stderr-inherited',
    description: 'silent: true pipes stdin and stdout but inherits stderr',
    requirements: ['SETUP-22'],
    file: 'primary.ts',
    find: 'silent: settings.silent, stdio: settings.stdio,',
    replace:
      "silent: false, stdio: settings.stdio ?? (settings.silent ? ['pipe', 'pipe', " +
      "'inherit', 'ipc'] : undefined),",
  },
  {
    id: 'silent-overrides-stdio',
    description: 'silent wins over an explicit stdio',
    requirements: ['SETUP-23'],
    file: 'primary.ts',
    find: 'silent: settings.silent, stdio: settings.stdio,',
    replace: 'silent: settings.silent, stdio: settings.silent ? undefined : settings.stdio,',
  },
  {
    id: 'extra-stdio-dropped',
    description: "stdio entries after 'ipc' are dropped",
    requirements: ['SETUP-24'],
    file: 'primary.ts',
    find: 'silent: settings.silent, stdio: settings.stdio,',
    replace:
      'silent: settings.silent, stdio: Array.isArray(settings.stdio) ? ' +
      'settings.stdio.slice(0, 4) : settings.stdio,',
  },
  {
    id: 'settings-env-used',
    description: 'settings.env is added to the worker environment',
    requirements: ['SETUP-25'],
    file: 'primary.ts',
    find: 'const workerEnv: NodeJS.ProcessEnv = { ...process.env, ...env,',
    replace:
      'const workerEnv: NodeJS.ProcessEnv = { ...process.env, ...(settings as { env?: ' +
      'NodeJS.ProcessEnv }).env, ...env,',
  },
  {
    id: 'uid-gid-dropped',
    description: 'settings.uid and gid are not passed to the worker process',
    requirements: ['SETUP-26'],
    file: 'primary.ts',
    find: 'windowsHide: settings.windowsHide, gid: settings.gid, uid: settings.uid,',
    replace: 'windowsHide: settings.windowsHide,',
  },
  {
    id: 'uid-gid-coerced',
    description: 'settings.uid and gid are coerced to integers instead of rejected',
    requirements: ['SETUP-27'],
    file: 'primary.ts',
    find: 'windowsHide: settings.windowsHide, gid: settings.gid, uid: settings.uid,',
    replace:
      'windowsHide: settings.windowsHide, gid: Number.parseInt(String(settings.gid)) ' +
      '|| undefined, uid: Number.parseInt(String(settings.uid)) || undefined,',
  },
  {
    id: 'inspect-port-always',
    description: 'settings.inspectPort adds --inspect-port even without the inspector',
    requirements: ['SETUP-28'],
    file: 'primary.ts',
    find: 'if (isUsingInspector(settings.execArgv ?? [])) execArgv.push(',
    replace: "if (isUsingInspector(settings.execArgv ?? []) || 'inspectPort' in settings) execArgv.push(",
  },
  {
    id: 'exec-against-primary-cwd',
    description: "a relative exec is resolved against the primary's cwd",
    requirements: ['SETUP-29'],
    file: 'primary.ts',
    find: 'return forkWorker(settings.exec, settings.args ?? [], {',
    replace: "return forkWorker(path.resolve(settings.exec ?? ''), settings.args ?? [], {",
  },
  {
    id: 'policy-unchecked',
    description: 'a bad schedulingPolicy is accepted',
    requirements: ['SETUP-30'],
    file: 'primary.ts',
    find: 'assert(schedulingPolicy === SCHED_NONE || schedulingPolicy === SCHED_RR, // SETUP-30',
    replace: 'assert(true, // SETUP-30',
  },
  {
    id: 'policy-assignment-lost',
    description: 'cluster.schedulingPolicy is a getter without a setter: assigning SCHED_NONE leaves SCHED_RR',
    requirements: ['PORT-2'],
    file: 'primary.ts',
    find: '  // SETUP-1, SETUP-2: defaults on first call',
    replace:
      "  Object.defineProperty(cluster, 'schedulingPolicy', { get: () => SCHED_RR, set() {} });\n" +
      '  // SETUP-1, SETUP-2: defaults on first call',
  },
  {
    id: 'policy-read-per-listen',
    description: 'the policy is read at each listen instead of frozen by the first setupPrimary()',
    requirements: ['SETUP-31'],
    file: 'primary.ts',
    find: 'const rr = schedulingPolicy === SCHED_RR && message.addressType',
    replace: 'const rr = cluster.schedulingPolicy === SCHED_RR && message.addressType',
  },
  {
    id: 'unknown-env-policy-none',
    description: 'an unknown NODE_CLUSTER_SCHED_POLICY gives SCHED_NONE',
    requirements: ['SETUP-32'],
    file: 'primary.ts',
    find: ": process.platform === 'win32' ? SCHED_NONE : SCHED_RR,",
    replace: ": policyFromEnv !== undefined || process.platform === 'win32' ? SCHED_NONE : SCHED_RR,",
  },
  {
    id: 'no-prof-logfile',
    description: '--prof workers get no --logfile of their own',
    requirements: ['SETUP-33'],
    file: 'primary.ts',
    find: "      settings.execArgv = [...execArgv, '--logfile=v8-%p.log'];\n",
    replace: '',
  },
  {
    id: 'bootstrap-global',
    description: 'the worker bootstrap leaves the cluster on globalThis',
    requirements: ['ENV-12'],
    file: 'worker_bootstrap.ts',
    find: 'if (startedByWorkerArgs()) {',
    replace: 'if (startedByWorkerArgs()) {\n  (globalThis as Record<string, unknown>).__clusterReference = true;',
  },
  {
    id: 'bootstrap-in-execargv',
    description: "a worker's execArgv keeps the bootstrap's --require",
    requirements: ['ENV-13'],
    file: 'worker_bootstrap.ts',
    find: '  process.execArgv.splice(0, 2);\n',
    replace: '',
  },
  {
    id: 'setup-after-preloads',
    description: 'the worker side is set up after the user preloads ran',
    requirements: ['ENV-14'],
    file: 'index.ts',
    find: '    child._setupWorker(announced);\n    delete process.env[IDENTITY_VARIABLE];',
    replace: '    process.nextTick(() => child._setupWorker(announced));\n    delete process.env[IDENTITY_VARIABLE];',
  },
  {
    id: 'runtime-online-twice',
    description: "a worker says 'online' again after Node's own worker side did",
    requirements: ['QUERY-7'],
    file: 'child.ts',
    find: "    if (announced) skipSeq();\n    else send({ act: 'online' });",
    replace: "    send({ act: 'online' });",
  },
  {
    id: 'reuseport-asks-primary',
    description: 'listen({reusePort: true}) in a worker still sends queryServer',
    requirements: ['LISTEN-14', 'LISTEN-15'],
    target: 'reference@node26',
    file: 'listen_in_cluster.ts',
    find: 'this[kExclusive] = options.exclusive === true || options.reusePort === true;',
    replace: 'this[kExclusive] = options.exclusive === true;',
  },
  {
    id: 'reuseport-without-flag',
    description: "an exclusive listen drops the flags, so reusePort workers can't share the port",
    requirements: ['LISTEN-15'],
    target: 'reference@node26',
    file: 'listen_in_cluster.ts',
    find: 'return listen2.call(this, address, port, addressType, backlog, fd, flags);',
    replace: 'return listen2.call(this, address, port, addressType, backlog, fd, 0);',
  },
  {
    id: 'reuseport-dgram-asks-primary',
    description: 'a reusePort dgram socket still binds through the primary',
    requirements: ['DGRAM-9', 'DGRAM-10'],
    target: 'reference@node26',
    file: 'bind_in_cluster.ts',
    find: '(state as { reusePort?: boolean }).reusePort || ',
    replace: '',
  },
  {
    id: 'drop-max-refuses',
    description: 'a worker with dropMaxConnection at maxConnections refuses the hand-off instead ' + 'of dropping',
    requirements: ['RR-7', 'RR-8'],
    file: 'child.ts',
    find: ' && !state.dropMaxConnection',
    replace: '',
  },
  {
    id: 'wildcard-host-as-null',
    description: "a listen on '0.0.0.0' or '::' asks the primary for no host",
    requirements: ['LISTEN-16'],
    file: 'listen_in_cluster.ts',
    find: 'address, port, addressType, fd,\n',
    replace: "address: address === '0.0.0.0' || address === '::' ? null : address, port, " + 'addressType, fd,\n',
  },
  {
    id: 'host-name-sent',
    description: 'the worker asks for the host name it was given instead of the looked-up address',
    requirements: ['LISTEN-17'],
    file: 'listen_in_cluster.ts',
    find: 'address, port, addressType, fd,\n',
    replace:
      "address: address === '127.0.0.1' || address === '::1' ? 'localhost' : address, " + 'port, addressType, fd,\n',
  },
  {
    id: 'mapped-address-unmapped',
    description: 'the worker unmaps an IPv4-mapped host before asking the primary',
    requirements: ['LISTEN-18'],
    file: 'listen_in_cluster.ts',
    find: 'address, port, addressType, fd,\n',
    replace: "address: address?.startsWith('::ffff:') ? address.slice(7) : address, port, " + 'addressType, fd,\n',
  },
  {
    id: 'rr-ignores-ipv6only',
    description: "the round-robin primary's socket ignores ipv6Only (dual-stack)",
    requirements: ['LISTEN-19'],
    file: 'round_robin_handle.ts',
    find: 'ipv6Only: Boolean((flags ?? 0) & UV_TCP_IPV6ONLY), ',
    replace: '',
  },
  {
    id: 'shared-drops-flags',
    description: 'a shared handle is bound without the query flags (ipv6Only lost)',
    requirements: ['LISTEN-19', 'DGRAM-14'],
    file: 'shared_handle.ts',
    find: 'createBoundHandle(address, query.port, query.addressType, query.fd, ' + 'query.flags);',
    replace: 'createBoundHandle(address, query.port, query.addressType, query.fd, 0);',
  },
  {
    id: 'flags-zero',
    description: 'a TCP queryServer always says flags 0',
    requirements: ['QUERY-11', 'LISTEN-19'],
    file: 'listen_in_cluster.ts',
    find: 'flags: isTcpPort ? (flags ?? 0) : flags,',
    replace: 'flags: isTcpPort ? 0 : flags,',
  },
  {
    id: 'rr-default-backlog',
    description: "the round-robin primary listens with the default backlog, not the first query's",
    requirements: ['LISTEN-20'],
    file: 'round_robin_handle.ts',
    find: 'ipv6Only: Boolean((flags ?? 0) & UV_TCP_IPV6ONLY), backlog });',
    replace: 'ipv6Only: Boolean((flags ?? 0) & UV_TCP_IPV6ONLY) });',
  },
  {
    id: 'shared-default-backlog',
    description: 'a worker listens on a shared handle with the default backlog, not its own',
    requirements: ['LISTEN-21'],
    file: 'listen_in_cluster.ts',
    find: 'internals(this)._handle = adopted;\n      listen2.call(this, address, port, addressType, backlog, fd, flags);',
    replace:
      'internals(this)._handle = adopted;\n      listen2.call(this, address, port, addressType, undefined, fd, flags);',
  },
  {
    id: 'query-without-backlog',
    description: 'the queryServer leaves the backlog out',
    requirements: ['QUERY-12', 'LISTEN-20'],
    file: 'listen_in_cluster.ts',
    find: 'backlog,\n      ...(port === -1',
    replace: '...(port === -1',
  },
  {
    id: 'pipe-exclusive-ignored',
    description: 'an exclusive listen on a Unix socket path still asks the primary',
    requirements: ['LISTEN-22'],
    file: 'listen_in_cluster.ts',
    find: 'this[kExclusive] = options.exclusive === true || options.reusePort === true;',
    replace:
      'this[kExclusive] = (options.exclusive === true && options.path === undefined) ' +
      '|| options.reusePort === true;',
  },
  {
    id: 'signal-dropped',
    description: "the worker's listen drops the signal option",
    requirements: ['LISTEN-23', 'LISTEN-24'],
    file: 'listen_in_cluster.ts',
    find: 'return (listen as (...a: unknown[]) => net.Server).apply(this, args);',
    replace:
      'if (options.signal) args[0] = { ...options, signal: undefined };\n    return ' +
      '(listen as (...a: unknown[]) => net.Server).apply(this, args);',
  },
  {
    id: 'handle-asks-primary',
    description: 'listen(handle) in a worker asks the primary',
    requirements: ['LISTEN-25'],
    file: 'listen_in_cluster.ts',
    find: 'if (this._handle || this[kExclusive]) {',
    replace: 'if (this[kExclusive]) {',
  },
  {
    id: 'fd-exclusive',
    description: 'listen({fd}) in a worker opens the fd itself instead of asking the primary',
    requirements: ['QUERY-13'],
    file: 'listen_in_cluster.ts',
    find: 'this[kExclusive] = options.exclusive === true || options.reusePort === true;',
    replace:
      'this[kExclusive] = options.exclusive === true || options.reusePort === true || ' +
      "typeof options.fd === 'number';",
  },
  {
    id: 'dgram-address-ignored',
    description: 'bind(port, address) in a worker asks the primary for the wildcard address',
    requirements: ['DGRAM-11'],
    file: 'bind_in_cluster.ts',
    find:
      "let address = options ? options.address || '' : typeof second === 'function' ? " +
      "'' : (second as string) || '';",
    replace: "let address = options ? options.address || '' : '';",
  },
  {
    id: 'dgram-exclusive-ignored',
    description: 'an exclusive dgram bind still goes through the primary',
    requirements: ['DGRAM-12', 'DGRAM-4'],
    file: 'bind_in_cluster.ts',
    find: 'if (isHandle(first) || options?.exclusive || ',
    replace: 'if (isHandle(first) || ',
  },
  {
    id: 'implicit-bind-shared',
    description: "send()'s implicit bind in a worker goes through the primary",
    requirements: ['DGRAM-13'],
    file: 'bind_in_cluster.ts',
    find: 'if (isHandle(first) || options?.exclusive || ',
    replace: 'if (isHandle(first) || (options?.exclusive && args[1] !== null) || ',
  },
  // Breaks everything: the whole catalogue must then fail fast (issue 14: within 30 s), each test at its stall.
  {
    id: 'worker-never-runs',
    description: 'a worker blocks in its bootstrap and never runs its program',
    requirements: ['ENV-1', 'PORT-1'],
    file: 'worker_bootstrap.ts',
    find: '  process.execArgv.splice(0, 2);\n',
    replace: '  process.execArgv.splice(0, 2);\n  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n',
  },
  {
    id: 'malformed-message-throws',
    description: 'a cluster message without a seq throws where it arrives instead of being ignored',
    requirements: ['MSG-7'],
    file: 'protocol.ts',
    find: 'if (!isFields(message) || message.cmd !== CLUSTER_CMD || !isInteger(message.seq)) return undefined;',
    replace:
      'if (!isFields(message) || message.cmd !== CLUSTER_CMD) return undefined;\n  if ' +
      "(!isInteger(message.seq)) throw new TypeError('a cluster message without seq');",
  },
  {
    id: 'dgram-ipv6only-dropped',
    description: 'a worker leaves UV_UDP_IPV6ONLY out of its queryServer flags',
    requirements: ['DGRAM-14'],
    file: 'bind_in_cluster.ts',
    find: 'if (state.ipv6Only) flags |= UV_UDP_IPV6ONLY;',
    replace: '',
  },
  ...ECO_FAULTS,
];

export interface FaultResult {
  id: string;
  description: string;
  requirements: string[];
  caught: boolean;
  /** Whether a test of one of its own requirements caught it. */
  caught_by_own: boolean;
  caught_by: string[];
  duration_ms: number;
}

/** Writes the fault into the reference source in `sourceDir` (a copy); throws unless its text occurs exactly once. */
/** `text` without whitespace or trailing commas, and where each kept character stood in `text`. */
function asCode(text: string): { code: string; at: number[] } {
  let code = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (/\s/.test(char)) continue;
    if (char === ',' && /^\s*([)\]}]|$)/.test(text.slice(i + 1))) continue;
    code += char;
    at.push(i);
  }
  return { code, at };
}

/** Writes the fault into the reference source in `sourceDir` (a copy); throws unless its text occurs exactly once. */
export function applyFault(fault: Fault, sourceDir: string): void {
  const file = path.join(sourceDir, fault.file);
  const text = readFileSync(file, 'utf8');
  const source = asCode(text);
  const find = asCode(fault.find).code;
  const found = find === '' ? -1 : source.code.indexOf(find);
  if (found === -1 || source.code.indexOf(find, found + 1) !== -1) {
    throw new Error(`fault ${fault.id}: its text must occur exactly once in reference/${fault.file}`);
  }
  // The matched code, from its first character to its last, plus the whitespace the find text ends with (a whole line).
  const start = source.at[found]! - (fault.find.length - fault.find.trimStart().length);
  let end = source.at[found + find.length - 1]! + 1;
  // A find text that ends with a comma takes the source's comma too, where it has one.
  const comma = fault.find.trimEnd().endsWith(',') ? /^\s*,/.exec(text.slice(end)) : null;
  if (comma) end += comma[0].length;
  const trailing = fault.find.length - fault.find.trimEnd().length;
  if (trailing > 0 && /^\s*$/.test(text.slice(end, end + trailing))) end += trailing;
  writeFileSync(file, text.slice(0, Math.max(0, start)) + fault.replace + text.slice(end));
}

/** A copy of reference/ with one fault written in, built into `into`/dist; returns the built entry (CLUSTER_IMPL). */
export async function injectFault(fault: Fault, into: string): Promise<string> {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  const source = path.join(into, 'reference');
  cpSync(REFERENCE_SOURCE, source, { recursive: true });
  applyFault(fault, source);
  return buildReference(source, path.join(into, 'dist'));
}

/**
 * `faults --whole <id>`: the whole catalogue against the reference with one
 * fault (a fault that breaks everything shows how fast a broken
 * implementation fails: issue 14 wants 30 s). Prints the count and the
 * time; exit code 1 if no test failed.
 */
export async function wholeCatalogueCommand(id: string): Promise<number> {
  const fault = FAULTS.find((candidate) => candidate.id === id);
  if (fault === undefined) throw new TargetError(`no fault named ${id}`);
  process.env.CLUSTER_REFERENCE_ENTRY = await injectFault(fault, path.join(ROOT, '.cache', 'faults', fault.id));
  const started = Date.now();
  try {
    const report = await runCatalogue(await resolveTarget(fault.target ?? 'reference'), { reporters: ['dot'] });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${fault.id}: ${report.summary.failed} of ${report.results.length} tests failed, ` +
        `${report.summary.passed} passed, in ${seconds} s\n`,
    );
    return report.summary.failed > 0 ? 0 : 1;
  } finally {
    delete process.env.CLUSTER_REFERENCE_ENTRY;
    rmSync(path.join(ROOT, '.cache', 'faults'), { recursive: true, force: true });
  }
}

/**
 * Runs the faults `only` names (comma-separated fault ids, requirement IDs or
 * areas: `ECO`), or all; exit code 1 if one goes uncaught.
 */
export async function faultsCommand(only?: string): Promise<number> {
  const names = new Set((only ?? '').split(',').filter(Boolean));
  const named = (fault: Fault) =>
    names.has(fault.id) ||
    fault.requirements.some((id) => names.has(id) || names.has(id.slice(0, id.lastIndexOf('-'))));
  const faults = names.size > 0 ? FAULTS.filter(named) : FAULTS;
  if (faults.length === 0) throw new TargetError(`no fault, requirement or area named ${only}`);
  const results: FaultResult[] = [];
  for (const fault of faults) {
    const started = Date.now();
    try {
      process.env.CLUSTER_REFERENCE_ENTRY = await injectFault(fault, path.join(ROOT, '.cache', 'faults', fault.id));
    } catch (error) {
      // A fault that does not apply or does not build is broken: it proves nothing, so it counts as missed.
      results.push({
        id: fault.id,
        description: fault.description,
        requirements: fault.requirements,
        caught: false,
        caught_by_own: false,
        caught_by: [],
        duration_ms: Date.now() - started,
      });
      process.stdout.write(`BROKEN   ${fault.id}: ${(error as Error).message.split('\n')[0]}\n`);
      continue;
    }
    const target = await resolveTarget(fault.target ?? 'reference');
    // Its own requirements' tests all run to the end (a bail cancels concurrent tests, and a
    // cancelled one may be the one that caught it); the whole catalogue stops at the first failure.
    const failed = async (filter?: string) => {
      const report = await runCatalogue(target, {
        reporters: ['dot'],
        testTimeout: 10_000,
        ...(filter ? { filter } : { bail: 1 }),
      });
      return report.results.filter((result) => result.status === 'fail').map((result) => result.id);
    };
    // Its own requirements first; the whole catalogue only if they miss it.
    let caughtBy = fault.requirements.length > 0 ? await failed(filterPattern(fault.requirements.join(','))) : [];
    const own = caughtBy.length > 0;
    if (!own) caughtBy = await failed();
    const caught = caughtBy.length > 0;
    results.push({
      id: fault.id,
      description: fault.description,
      requirements: fault.requirements,
      caught,
      caught_by_own: own,
      caught_by: caughtBy,
      duration_ms: Date.now() - started,
    });
    const verdict = own ? 'caught  ' : caught ? 'OTHERS  ' : 'MISSED  ';
    const by = caught
      ? ` (by ${caughtBy[0]}${own ? '' : `, not by its own ${fault.requirements.join(', ') || '(none named)'}`})`
      : '';
    process.stdout.write(`${verdict} ${fault.id}: ${fault.description}${by}\n`);
  }
  delete process.env.CLUSTER_REFERENCE_ENTRY;
  rmSync(path.join(ROOT, '.cache', 'faults'), { recursive: true, force: true });
  const missed = results.filter((result) => !result.caught);
  const others = results.filter((result) => result.caught && !result.caught_by_own);
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(path.join(REPORTS, 'faults.json'), `${JSON.stringify({ schema: 2, faults: results }, null, 2)}\n`);
  if (others.length > 0) {
    process.stdout.write(
      `caught only by tests of other requirements (${others.length}): ${others.map((r) => `${r.id} (meant for ${r.requirements.join(', ')}; caught by ${r.caught_by.join(', ')})`).join('; ')}\n`,
    );
  }
  process.stdout.write(
    `${results.length - missed.length} passed, ${missed.length} failed: faults caught by the catalogue, of ${results.length}\n`,
  );
  return missed.length > 0 ? 1 : 0;
}
