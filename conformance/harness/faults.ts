// `npm run faults`: the suite must be able to fail. Each fault below is a
// small, deliberate bug written into a copy of the built reference; the
// catalogue runs against that copy and at least one test must turn red.
// Writes reports/faults.json; exits 1 if any fault goes uncaught.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPORTS, ROOT } from './paths.js';
import { resolveTarget } from './targets.js';
import { runCatalogue } from './run.js';

export interface Fault {
  id: string;
  description: string;
  /** The requirements whose tests must catch it. */
  requirements?: string[];
  /** A file of dist/reference. */
  file: string;
  /** Exact text that occurs once in the file, and what replaces it. */
  find: string;
  replace: string;
}

export const FAULTS: Fault[] = [
  { id: 'drop-online', description: "the worker never sends 'online'", file: 'child.js',
    find: "send({ act: 'online' });", replace: '' },
  { id: 'wrong-ack', description: "the queryServer reply acks the wrong seq", file: 'primary.js',
    find: 'send(worker, { errno, key, ack: message.seq, data, ...reply }, sendHandle);',
    replace: 'send(worker, { errno, key, ack: message.seq + 1, data, ...reply }, sendHandle);' },
  { id: 'keep-identity', description: 'NODE_UNIQUE_ID is not deleted before user code', file: 'worker_bootstrap.js',
    find: 'delete process.env[IDENTITY_VARIABLE];', replace: '' },
  { id: 'listening-without-fd', description: "the 'listening' address lacks its fd key", file: 'primary.js',
    find: 'fd: message.fd,', replace: '' },
  { id: 'no-disconnect-event', description: "the worker object never emits 'disconnect'", file: 'primary.js',
    find: "worker.emit('disconnect');\n            cluster.emit('disconnect', worker);", replace: '' },
  { id: 'exit-before-disconnect', description: "'exit' is emitted when the channel closes, before 'disconnect'", file: 'primary.js',
    find: "worker.emit('disconnect');\n            cluster.emit('disconnect', worker);",
    replace: "cluster.emit('exit', worker, 0, null);\n            worker.emit('disconnect');\n            cluster.emit('disconnect', worker);" },
  { id: 'leak-on-primary-death', description: 'a worker outlives its primary', file: 'child.js',
    find: 'if (!worker.exitedAfterDisconnect)\n                process.exit(0);', replace: '' },
  { id: 'rr-first-worker-only', description: 'round-robin hands every connection to worker 1', file: 'round_robin_handle.js',
    find: 'const first = this.free.values().next();',
    replace: 'const first = [...this.free.values()].filter((w) => w.id === 1).values().next();' },
  { id: 'no-index-sharing', description: "every worker's listen(0) gets its own port", file: 'child.js',
    find: 'const index = indexSet.nextIndex++;',
    replace: 'const index = indexSet.nextIndex++ + 100 * (cluster.worker ? cluster.worker.id : 0);' },
  { id: 'rr-errno-zero', description: 'an RR reply says errno 0 instead of null', file: 'round_robin_handle.js',
    find: 'reply(null, this.sockname ? { sockname: this.sockname } : null, null);',
    replace: 'reply(0, this.sockname ? { sockname: this.sockname } : null, null);' },
  { id: 'rr-no-sockname', description: 'an RR reply has no sockname', file: 'round_robin_handle.js',
    find: 'reply(null, this.sockname ? { sockname: this.sockname } : null, null);', replace: 'reply(null, null, null);' },
  { id: 'seq-from-one', description: 'a process numbers its messages from 1', file: 'utils.js',
    find: 'let seq = 0;', replace: 'let seq = 1;' },
  { id: 'no-flags', description: 'queryServer leaves out flags (v20 format)', file: 'listen_in_cluster.js',
    find: 'flags: isTcpPort ? flags ?? 0 : flags,', replace: 'flags,' },
  { id: 'listening-renamed', description: "the worker's listening message drops the query fields", file: 'child.js',
    find: "message.act = 'listening';", replace: "message.act = 'listening';\n            delete message.backlog;" },
  { id: 'crash-after-disconnect', description: 'exitedAfterDisconnect is true after a crash', file: 'primary.js',
    find: "worker.exitedAfterDisconnect = !!worker.exitedAfterDisconnect;\n            worker.state = 'dead';",
    replace: "worker.exitedAfterDisconnect = true;\n            worker.state = 'dead';" },
  { id: 'emits-death', description: "the legacy 'death' event is emitted", file: 'primary.js',
    find: "cluster.emit('exit', worker, exitCode, signalCode);",
    replace: "cluster.emit('exit', worker, exitCode, signalCode);\n            cluster.emit('death', worker);" },
  { id: 'kill-disconnects-first', description: "the primary's kill() disconnects before signalling (pre-v15)", file: 'primary.js',
    find: "this.process.kill(signal || 'SIGTERM');", replace: "this.disconnect();\n        this.process.kill(signal || 'SIGTERM');" },
  { id: 'worker-kill-sends-signal', description: "a worker's own kill(signal) signals itself", file: 'child.js',
    find: "if (this.state === 'destroying')\n            return;", replace: "process.kill(process.pid, 'SIGKILL');" },
  { id: 'disconnect-skips-connections', description: 'disconnect does not wait for open connections', file: 'child.js',
    find: 'waiting++;\n                owner.close(checkWaiting);', replace: 'owner.close();' },
  { id: 'disconnect-keeps-worker', description: "the primary's disconnect() leaves the worker in cluster.workers", file: 'primary.js',
    find: 'removeHandlesForWorker(this);\n        removeWorker(this);\n        return this;', replace: 'return this;' },
  { id: 'no-callback-without-workers', description: 'cluster.disconnect(cb) with no workers never calls back', file: 'primary.js',
    find: "process.nextTick(() => intercom.emit('disconnect'));", replace: '' },
  { id: 'setup-synchronous', description: "'setup' is emitted synchronously", file: 'primary.js',
    find: "process.nextTick(() => cluster.emit('setup', settings));", replace: "cluster.emit('setup', settings);" },
  { id: 'settings-replaced', description: 'setupPrimary() replaces the settings instead of merging', file: 'primary.js',
    find: '...cluster.settings,', replace: '' },
  { id: 'ids-from-zero', description: 'worker ids start at 0', file: 'primary.js',
    find: 'const id = ++ids;', replace: 'const id = ids++;' },
  { id: 'maxconnections-ignored', description: 'a worker at maxConnections still accepts', file: 'child.js',
    find: 'state._connections >= state.maxConnections', replace: 'false' },
  { id: 'udp-round-robin', description: 'UDP queries get a round-robin handle', file: 'primary.js',
    find: "const rr = schedulingPolicy === SCHED_RR && message.addressType !== 'udp4' && message.addressType !== 'udp6';",
    replace: 'const rr = schedulingPolicy === SCHED_RR;' },
  { id: 'exclusive-ignored', description: 'an exclusive listen still asks the primary', file: 'listen_in_cluster.js',
    find: 'if (this._handle || this[kExclusive]) {', replace: 'if (this._handle) {' },
  { id: 'bind-error-says-listen', description: "a clustered bind error reports syscall 'listen'", file: 'listen_in_cluster.js',
    find: "exceptionWithHostPort(err, 'bind', address, port)", replace: "exceptionWithHostPort(err, 'listen', address, port)" },
  { id: 'messages-not-relayed', description: "Worker does not relay its process's 'message'", file: 'worker.js',
    find: "this.process.on('message', (message, handle) => this.emit('message', message, handle));", replace: '' },
  { id: 'close-early-listens', description: 'a server closed before the reply still listens', file: 'listen_in_cluster.js',
    find: 'if (server[kGeneration] !== generation) {', replace: 'if (false) {' },
  { id: 'worker-claims-primary', description: 'isPrimary is true in a worker', file: 'child.js',
    find: 'isMaster: false, isPrimary: false,', replace: 'isMaster: false, isPrimary: true,' },
  { id: 'stdio-without-ipc', description: "fork() accepts stdio without 'ipc'", file: 'primary.js',
    find: "if (!stdio.includes('ipc')) {", replace: 'if (false) {' },
  { id: 'key-with-index', description: 'fixed-port keys keep the listen index (v20 key)', file: 'protocol.js',
    find: 'return message.port === 0 ? `${base}:${message.index}` : base;', replace: 'return `${base}:${message.index}`;' },
  { id: 'reuseport-asks-primary', description: 'listen({reusePort: true}) in a worker still sends queryServer', requirements: ['LISTEN-14', 'LISTEN-15'],
    file: 'listen_in_cluster.ts',
    find: 'this[kExclusive] = options.exclusive === true || options.reusePort === true;', replace: 'this[kExclusive] = options.exclusive === true;' },
  { id: 'reuseport-without-flag', description: "an exclusive listen drops the flags, so reusePort workers can't share the port", requirements: ['LISTEN-15'],
    file: 'listen_in_cluster.ts',
    find: 'return listen2.call(this, address, port, addressType, backlog, fd, flags);', replace: 'return listen2.call(this, address, port, addressType, backlog, fd, 0);' },
  { id: 'reuseport-dgram-asks-primary', description: 'a reusePort dgram socket still binds through the primary', requirements: ['DGRAM-9', 'DGRAM-10'],
    file: 'bind_in_cluster.ts',
    find: '(state as { reusePort?: boolean }).reusePort || ', replace: '' },
  { id: 'drop-max-refuses', description: 'a worker with dropMaxConnection at maxConnections refuses the hand-off instead of dropping', requirements: ['RR-7', 'RR-8'],
    file: 'child.ts',
    find: ' && !state.dropMaxConnection', replace: '' },
  { id: 'wildcard-host-as-null', description: "a listen on '0.0.0.0' or '::' asks the primary for no host", requirements: ['LISTEN-16'],
    file: 'listen_in_cluster.ts',
    find: 'address, port, addressType, fd,\n', replace: "address: address === '0.0.0.0' || address === '::' ? null : address, port, addressType, fd,\n" },
  { id: 'host-name-sent', description: 'the worker asks for the host name it was given instead of the looked-up address', requirements: ['LISTEN-17'],
    file: 'listen_in_cluster.ts',
    find: 'address, port, addressType, fd,\n', replace: "address: address === '127.0.0.1' || address === '::1' ? 'localhost' : address, port, addressType, fd,\n" },
  { id: 'mapped-address-unmapped', description: 'the worker unmaps an IPv4-mapped host before asking the primary', requirements: ['LISTEN-18'],
    file: 'listen_in_cluster.ts',
    find: 'address, port, addressType, fd,\n', replace: "address: address?.startsWith('::ffff:') ? address.slice(7) : address, port, addressType, fd,\n" },
  { id: 'rr-ignores-ipv6only', description: "the round-robin primary's socket ignores ipv6Only (dual-stack)", requirements: ['LISTEN-19'],
    file: 'round_robin_handle.ts',
    find: 'ipv6Only: Boolean((flags ?? 0) & UV_TCP_IPV6ONLY), ', replace: '' },
  { id: 'shared-drops-flags', description: 'a shared handle is bound without the query flags (ipv6Only lost)', requirements: ['LISTEN-19', 'DGRAM-14'],
    file: 'shared_handle.ts',
    find: 'createBoundHandle(address, query.port, query.addressType, query.fd, query.flags);', replace: 'createBoundHandle(address, query.port, query.addressType, query.fd, 0);' },
  { id: 'flags-zero', description: 'a TCP queryServer always says flags 0', requirements: ['QUERY-11', 'LISTEN-19'],
    file: 'listen_in_cluster.ts',
    find: 'flags: isTcpPort ? flags ?? 0 : flags,', replace: 'flags: isTcpPort ? 0 : flags,' },
  { id: 'rr-default-backlog', description: "the round-robin primary listens with the default backlog, not the first query's", requirements: ['LISTEN-20'],
    file: 'round_robin_handle.ts',
    find: 'ipv6Only: Boolean((flags ?? 0) & UV_TCP_IPV6ONLY), backlog });', replace: 'ipv6Only: Boolean((flags ?? 0) & UV_TCP_IPV6ONLY) });' },
  { id: 'shared-default-backlog', description: "a worker listens on a shared handle with the default backlog, not its own", requirements: ['LISTEN-21'],
    file: 'listen_in_cluster.ts',
    find: 'listen2.call(server, address, port, addressType, backlog, fd, flags);', replace: 'listen2.call(server, address, port, addressType, undefined, fd, flags);' },
  { id: 'query-without-backlog', description: 'the queryServer leaves the backlog out', requirements: ['QUERY-12', 'LISTEN-20'],
    file: 'listen_in_cluster.ts',
    find: '      backlog,\n', replace: '' },
  { id: 'pipe-exclusive-ignored', description: 'an exclusive listen on a Unix socket path still asks the primary', requirements: ['LISTEN-22'],
    file: 'listen_in_cluster.ts',
    find: 'this[kExclusive] = options.exclusive === true || options.reusePort === true;',
    replace: 'this[kExclusive] = (options.exclusive === true && options.path === undefined) || options.reusePort === true;' },
  { id: 'signal-dropped', description: "the worker's listen drops the signal option", requirements: ['LISTEN-23', 'LISTEN-24'],
    file: 'listen_in_cluster.ts',
    find: 'return (listen as (...a: unknown[]) => net.Server).apply(this, args);',
    replace: "if (options.signal) args[0] = { ...options, signal: undefined };\n    return (listen as (...a: unknown[]) => net.Server).apply(this, args);" },
  { id: 'handle-asks-primary', description: 'listen(handle) in a worker asks the primary', requirements: ['LISTEN-25'],
    file: 'listen_in_cluster.ts',
    find: 'if (this._handle || this[kExclusive]) {', replace: 'if (this[kExclusive]) {' },
  { id: 'fd-exclusive', description: 'listen({fd}) in a worker opens the fd itself instead of asking the primary', requirements: ['QUERY-13'],
    file: 'listen_in_cluster.ts',
    find: 'this[kExclusive] = options.exclusive === true || options.reusePort === true;',
    replace: "this[kExclusive] = options.exclusive === true || options.reusePort === true || typeof options.fd === 'number';" },
  { id: 'dgram-address-ignored', description: 'bind(port, address) in a worker asks the primary for the wildcard address', requirements: ['DGRAM-11'],
    file: 'bind_in_cluster.ts',
    find: "let address = options ? options.address || '' : typeof second === 'function' ? '' : (second as string) || '';",
    replace: "let address = options ? options.address || '' : '';" },
  { id: 'dgram-exclusive-ignored', description: 'an exclusive dgram bind still goes through the primary', requirements: ['DGRAM-12', 'DGRAM-4'],
    file: 'bind_in_cluster.ts',
    find: 'if (isHandle(first) || options?.exclusive || ', replace: 'if (isHandle(first) || ' },
  { id: 'implicit-bind-shared', description: "send()'s implicit bind in a worker goes through the primary", requirements: ['DGRAM-13'],
    file: 'bind_in_cluster.ts',
    find: 'if (isHandle(first) || options?.exclusive || ', replace: 'if (isHandle(first) || (options?.exclusive && args[1] !== null) || ' },
  { id: 'dgram-ipv6only-dropped', description: 'a worker leaves UV_UDP_IPV6ONLY out of its queryServer flags', requirements: ['DGRAM-14'],
    file: 'bind_in_cluster.ts',
    find: 'if (state.ipv6Only) flags |= UV_UDP_IPV6ONLY;', replace: '' },
];

export interface FaultResult {
  id: string;
  description: string;
  caught: boolean;
  caught_by: string[];
  duration_ms: number;
}

/** A copy of dist/reference with one fault written in; returns its entry point. */
export function injectFault(fault: Fault, into: string): string {
  const source = path.join(ROOT, 'dist', 'reference');
  rmSync(into, { recursive: true, force: true });
  mkdirSync(path.dirname(into), { recursive: true });
  cpSync(source, into, { recursive: true });
  const file = path.join(into, fault.file);
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(fault.find);
  if (at === -1 || text.indexOf(fault.find, at + 1) !== -1) {
    throw new Error(`fault ${fault.id}: its text must occur exactly once in dist/reference/${fault.file}`);
  }
  writeFileSync(file, text.slice(0, at) + fault.replace + text.slice(at + fault.find.length));
  return path.join(into, 'index.js');
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const faults = only ? FAULTS.filter((fault) => fault.id === only) : FAULTS;
  if (faults.length === 0) throw new Error(`no fault named ${only}`);
  const results: FaultResult[] = [];
  for (const fault of faults) {
    const started = Date.now();
    process.env.CLUSTER_REFERENCE_ENTRY = injectFault(fault, path.join(ROOT, '.cache', 'faults', fault.id));
    const target = await resolveTarget('reference');
    const report = await runCatalogue(target, { reporters: ['dot'], bail: 1, testTimeout: 10_000 });
    const caughtBy = report.results.filter((result) => result.status === 'fail').map((result) => result.id);
    results.push({ id: fault.id, description: fault.description, caught: caughtBy.length > 0, caught_by: caughtBy, duration_ms: Date.now() - started });
    process.stdout.write(`${caughtBy.length > 0 ? 'caught  ' : 'MISSED  '} ${fault.id}: ${fault.description}${caughtBy.length > 0 ? ` (by ${caughtBy[0]})` : ''}\n`);
  }
  delete process.env.CLUSTER_REFERENCE_ENTRY;
  rmSync(path.join(ROOT, '.cache', 'faults'), { recursive: true, force: true });
  const missed = results.filter((result) => !result.caught);
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(path.join(REPORTS, 'faults.json'), `${JSON.stringify({ schema: 1, faults: results }, null, 2)}\n`);
  process.stdout.write(`${results.length - missed.length} passed, ${missed.length} failed: faults caught by the catalogue, of ${results.length}\n`);
  process.exitCode = missed.length > 0 ? 1 : 0;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.join(ROOT, 'dist', 'conformance', 'harness', 'faults.js');
if (isMain) await main();
