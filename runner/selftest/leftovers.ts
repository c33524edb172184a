// `cluster-conformance leftovers`, the last step of `npm test` and CI: fails
// if a process of this checkout (a case program, a worker, a reference
// worker) is still running, or a case container of this checkout still exists.
import { checkoutProcesses } from '../../conformance/harness/process_table.js';
import { caseContainers } from '../targets/container.js';

export async function leftoversCommand(): Promise<number> {
  const left = checkoutProcesses().map((entry) => `${entry.pid} ${entry.args}`);
  const containers = await caseContainers();
  if (left.length > 0) process.stderr.write(`processes left behind by the run:\n${left.join('\n')}\n`);
  if (containers.length > 0) process.stderr.write(`containers left behind by the run:\n${containers.join('\n')}\n`);
  if (left.length > 0 || containers.length > 0) return 1;
  process.stdout.write('no process or container of this checkout is left\n');
  return 0;
}
