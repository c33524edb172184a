// Every kind of target, in the order the matrix shows them. `--help`, the
// unknown-target error and the matrix's columns are derived from this list.
import { adapter } from './kinds/adapter.js';
import { bun } from './kinds/bun.js';
import { deno } from './kinds/deno.js';
import { docker } from './kinds/docker.js';
import { node, nodeRelease } from './kinds/node.js';
import { reference, referenceInterop, referenceRelease } from './kinds/reference.js';
import { DEFAULT_TARGET, type Target, TargetError, type TargetKind, toTarget } from './target.js';

export const TARGET_KINDS: readonly TargetKind[] = [
  reference,
  referenceRelease,
  referenceInterop,
  node,
  nodeRelease,
  bun,
  deno,
  docker,
  adapter,
];

/** Every target the matrix (`all`) runs, in column order. */
export const MATRIX_TARGETS: readonly string[] = TARGET_KINDS.flatMap((kind) => kind.matrix);

export function kindOf(name: string): TargetKind | undefined {
  return TARGET_KINDS.find((kind) => kind.matches(name));
}

/** How each kind of target is written, for --help and the unknown-target error. */
export function targetSyntaxes(): string[] {
  return TARGET_KINDS.map((kind) => kind.syntax);
}

export async function resolveTarget(name: string = process.env.CLUSTER_TARGET || DEFAULT_TARGET): Promise<Target> {
  const kind = kindOf(name);
  if (kind === undefined)
    throw new TargetError(`unknown target "${name}"; known targets: ${targetSyntaxes().join(', ')}, or all`);
  return toTarget(name, await kind.describe(name), name, `${kind.label ?? 'target'} ${name}`);
}
