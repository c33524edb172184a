// `cluster-conformance leftovers`, the last step of `npm test` and CI: fails
// if a process of this checkout (a case program, a worker, a reference
// worker) is still running.
import { checkoutProcesses } from '../../conformance/harness/process_table.js';

export function leftoversCommand(): number {
  const left = checkoutProcesses();
  if (left.length > 0) {
    process.stderr.write(
      `processes left behind by the run:\n${left.map((entry) => `${entry.pid} ${entry.args}`).join('\n')}\n`,
    );
    return 1;
  }
  process.stdout.write('no process of this checkout is left running\n');
  return 0;
}
