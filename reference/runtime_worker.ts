// When the runtime set up its own worker side first. Node does, before any
// user code, whenever a process starts with NODE_UNIQUE_ID and a main module
// (pre_execution.js initializeClusterIPC): its cluster has then said
// 'online' with seq 0 and listens on process. A reference worker starts that
// way (worker_entry), so the reference takes the worker side over from it:
// it removes Node's listeners, and tells net and dgram, which ask Node's
// cluster whether to bind through the primary, to bind locally; the
// reference's own listen and bind (listen_in_cluster, bind_in_cluster) ask
// the primary instead.

/** Node's cluster listener on process: utils.js internal() returns a function of this name. */
const RUNTIME_LISTENER = 'onInternalMessage';

/** True when the runtime's worker side was there and is now detached; it announced itself if connected. */
export function takeOverFromRuntime(): boolean {
  const listeners = process.listeners('internalMessage' as 'message');
  const runtime = listeners[listeners.length - 1];
  if (runtime === undefined || runtime.name !== RUNTIME_LISTENER) return false;
  process.removeListener('internalMessage' as 'message', runtime);
  // Its only other listener: exit when the channel closes (the reference child has its own, LIFE-7).
  for (const listener of process.rawListeners('disconnect'))
    process.removeListener('disconnect', listener as () => void);
  const builtin = require('node:cluster') as { isWorker: boolean; isMaster: boolean; isPrimary: boolean };
  Object.assign(builtin, { isWorker: false, isMaster: true, isPrimary: true });
  return true;
}
