// Loads the built reference and the runtime's own cluster side by side, in a
// primary and in a worker, and lists every member whose presence or type
// differs. `cluster-conformance surface` prints the comparison; exit 1 on a difference.
import { CaseRun, type Fact } from '../../conformance/harness/case_run.js';
import { resolveTarget } from '../targets/registry.js';

export interface MemberDifference {
  where: string;
  member: string;
  reference: string;
  node: string;
}

async function membersOf(targetName: string): Promise<Map<string, Record<string, string>>> {
  const run = new CaseRun(await resolveTarget(targetName), 'support/members');
  try {
    const facts: Fact[] = await run.waitFor('members', 2);
    const byPlace = new Map<string, Record<string, string>>();
    for (const fact of facts) {
      byPlace.set(`${fact.role} module`, fact.module as Record<string, string>);
      byPlace.set(`${fact.role} Worker`, fact.worker as Record<string, string>);
    }
    await run.waitFor('done');
    return byPlace;
  } finally {
    await run.dispose();
  }
}

export async function compareSurface(): Promise<{
  places: Map<string, Record<string, string>>;
  differences: MemberDifference[];
}> {
  const [reference, node] = await Promise.all([membersOf('reference'), membersOf('node')]);
  const differences: MemberDifference[] = [];
  for (const [where, nodeMembers] of node) {
    const referenceMembers = reference.get(where) ?? {};
    for (const member of new Set([...Object.keys(nodeMembers), ...Object.keys(referenceMembers)])) {
      const a = referenceMembers[member] ?? 'absent';
      const b = nodeMembers[member] ?? 'absent';
      if (a !== b) differences.push({ where, member, reference: a, node: b });
    }
  }
  return { places: node, differences };
}

/** Prints the comparison; exit code 1 on a difference. */
export async function surfaceCommand(): Promise<number> {
  const { places, differences } = await compareSurface();
  for (const [where, members] of places) {
    process.stdout.write(
      `${where}: ${Object.entries(members)
        .map(([name, type]) => `${name}:${type}`)
        .join(' ')}\n`,
    );
  }
  if (differences.length === 0) {
    process.stdout.write('reference and node:cluster expose the same members with the same types\n');
    return 0;
  }
  for (const d of differences)
    process.stdout.write(`DIFFERENT ${d.where}.${d.member}: reference ${d.reference}, node ${d.node}\n`);
  return 1;
}
