// A runtime from the npm registry that brings its own node:cluster (Bun,
// Deno): one kind of target, <runtime>[@<range>].
import { hostCapabilities } from '../capabilities.js';
import { RUNTIMES, type RuntimeKind, runtimeRelease } from '../runtimes.js';
import type { TargetKind } from '../target.js';

export function runtimeKind(kind: Exclude<RuntimeKind, 'node'>, title: string): TargetKind {
  return {
    syntax: `${kind}[@<range>]`,
    summary: `node:cluster of ${title} (${RUNTIMES[kind].pkg}, installed on first use)`,
    matches: (name) => name === kind || name.startsWith(`${kind}@`),
    matrixSeconds: 30,
    describe(name) {
      const release = runtimeRelease(kind, name);
      return {
        description: `node:cluster of ${title} ${release.version} (${RUNTIMES[kind].pkg})`,
        runtime: kind,
        runtimeVersion: release.version,
        claimsNodeVersion: release.claims,
        capabilities: hostCapabilities(release.claims),
        command: release.binary,
        commandArgs: RUNTIMES[kind].commandArgs,
      };
    },
    matrix: [kind],
  };
}
