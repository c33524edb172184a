// docker:<runtime>[@<range>] builds a FROM-scratch image from a runtime
// binary and its libraries; any other docker:<image> is used as it is, with
// `node` on its PATH. Cases run in the container with host networking.
import { hostCapabilities } from '../capabilities.js';
import { claimsOf, ensureRuntime, RUNTIMES, type RuntimeKind } from '../runtimes.js';
import type { TargetDescription, TargetKind } from '../target.js';

/** A runtime binary on this machine, for a docker:<runtime> image. */
function localRuntime(spec: string): { kind: RuntimeKind; binary: string; version: string } {
  if (spec === 'node') return { kind: 'node', binary: process.execPath, version: process.versions.node };
  const at = spec.indexOf('@');
  const kind = (at === -1 ? spec : spec.slice(0, at)) as RuntimeKind;
  const runtime = ensureRuntime(RUNTIMES[kind].pkg, at === -1 ? 'latest' : spec.slice(at + 1));
  return { kind, binary: runtime.binary, version: runtime.version };
}

async function describeContainer(name: string): Promise<TargetDescription> {
  const spec = name.slice('docker:'.length);
  const { IMAGE_BINARY_DIR, requireDockerEngine, scratchImage, versionInImage } = await import('../container.js');
  await requireDockerEngine();
  const base = { name, command: 'docker' };
  if (/^(node|bun|deno)(@.+)?$/.test(spec)) {
    const local = localRuntime(spec);
    const image = await scratchImage(local.binary, local.kind, local.version);
    const claims = claimsOf(local.kind, local.binary, local.version);
    return {
      ...base,
      capabilities: hostCapabilities(claims, 'container'),
      description: `${local.kind} ${local.version} in a container (${image}, FROM scratch)`,
      runtime: local.kind,
      runtimeVersion: local.version,
      claimsNodeVersion: claims,
      container: { image, command: [`${IMAGE_BINARY_DIR}/${local.kind}`, ...RUNTIMES[local.kind].commandArgs] },
    };
  }
  const version = await versionInImage(spec);
  return {
    ...base,
    capabilities: hostCapabilities(version, 'container'),
    description: `node ${version} in the image ${spec}`,
    runtime: 'node',
    runtimeVersion: version,
    claimsNodeVersion: version,
    container: { image: spec, command: ['node'] },
  };
}

export const docker: TargetKind = {
  syntax: 'docker:<runtime or image>',
  summary: 'a runtime in a container (a Docker engine is needed)',
  matches: (name) => name.startsWith('docker:') && name.length > 'docker:'.length,
  describe: describeContainer,
  matrix: ['docker:node', 'docker:bun', 'docker:deno'],
  systemTool: 'a Docker engine',
  matrixSeconds: 20,
};
