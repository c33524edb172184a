// A timeout that counts only the time the harness itself ran. A test worker
// held up (starved on a loaded machine, a paused VM) wakes in the timers phase,
// before the poll phase reads what arrived meanwhile: a plain timer would then
// fail a wait whose answer is already there.

const TICK_MS = 100;

/**
 * Calls `expire` once `ms` of the harness's running time have passed: a tick
 * that comes late counts as two ticks at most, and `expire` runs after the
 * pending I/O (setImmediate). Returns a function that cancels it.
 */
export function patientTimeout(ms: number, expire: () => void): () => void {
  let waited = 0;
  let last = Date.now();
  let immediate: NodeJS.Immediate | undefined;
  const timer = setInterval(() => {
    const now = Date.now();
    waited += Math.min(now - last, 2 * TICK_MS);
    last = now;
    if (waited < ms) return;
    clearInterval(timer);
    immediate = setImmediate(expire);
  }, TICK_MS);
  return () => {
    clearInterval(timer);
    if (immediate !== undefined) clearImmediate(immediate);
  };
}
