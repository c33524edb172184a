// docker:<image> targets: case programs run in a container started with
// testcontainers, on the host network, with the project mounted read-only
// at its own path (so CLUSTER_IMPL and fixture paths stay valid) and the
// temp directory shared (for Unix sockets).
//
// No registry is reachable here, so docker:node@<major>, docker:bun,
// docker:deno and docker:node build a local image FROM scratch out of the
// runtime binary and the shared libraries it links (ldd).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, Wait } from 'testcontainers';
import { ROOT } from '../../conformance/harness/paths.js';
import { TargetError } from './target.js';

/** Inside a scratch image, the runtime lives here. */
export const IMAGE_BINARY_DIR = '/usr/local/bin';

/** Fails with a clear message when no Docker engine can be reached. */
export async function requireDockerEngine(): Promise<void> {
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    const where = process.env.DOCKER_HOST ? `DOCKER_HOST=${process.env.DOCKER_HOST}` : '/var/run/docker.sock';
    throw new TargetError(
      `no Docker engine reachable at ${where} (${(error as Error).message.split('\n')[0]}): ` +
        'install docker.io and start dockerd --bridge=none --iptables=false --ip-masq=false, or set DOCKER_HOST',
    );
  }
}

/** Files a binary needs at run time, as `ldd` lists them. */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const libraries: string[] = [];
  for (const line of out.split('\n')) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (match) libraries.push(match[1]!);
  }
  return libraries;
}

/**
 * Builds (once) an image FROM scratch holding `binary` as /usr/local/bin/<name>
 * and its shared libraries; returns the image name.
 */
export async function scratchImage(binary: string, name: string, version: string): Promise<string> {
  const image = `cluster-conformance/${name}:${version}`;
  const client = await getContainerRuntimeClient();
  if (await client.image.exists(imageName(image))) return image;
  process.stderr.write(`cluster-conformance: building ${image} FROM scratch (first use)\n`);
  const context = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-image-'));
  try {
    const rootfs = path.join(context, 'rootfs');
    for (const library of sharedLibraries(binary)) {
      mkdirSync(path.join(rootfs, path.dirname(library)), { recursive: true });
      copyFileSync(library, path.join(rootfs, library));
    }
    mkdirSync(path.join(rootfs, IMAGE_BINARY_DIR), { recursive: true });
    copyFileSync(binary, path.join(rootfs, IMAGE_BINARY_DIR, name));
    mkdirSync(path.join(rootfs, 'tmp'), { recursive: true });
    writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/local/bin\n');
    await GenericContainer.fromDockerfile(context).build(image, { deleteOnExit: false });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return image;
}

function imageName(image: string) {
  // testcontainers' ImageName, without importing its internals.
  const [repository, tag] = image.split(':');
  return { string: image, registry: undefined, image: repository!, tag: tag ?? 'latest' } as never;
}

export interface ContainerProcess {
  id: string;
  /** The host's pid of the container's first process (the case's primary), where Docker says. */
  hostPid: number | undefined;
  stdout: Readable;
  exited: Promise<{ code: number | null; signal: null }>;
  stop(): Promise<void>;
}

/** Every case container carries these labels: the checkout's path, and the run (a run beside it keeps its own). */
const CHECKOUT_LABEL = 'cluster-conformance.checkout';
const RUN_LABEL = 'cluster-conformance.run';

/** The run this process belongs to: the CLI that started the catalogue sets it for its test workers. */
export function containerRunId(): string {
  process.env.CLUSTER_CONTAINER_RUN ??= `${process.pid}-${Date.now()}`;
  return process.env.CLUSTER_CONTAINER_RUN;
}

/** Case containers of this checkout (of one run, if named) that still exist, in any state, as `id state`. */
export async function caseContainers(run?: string): Promise<string[]> {
  const client = await getContainerRuntimeClient().catch(() => undefined);
  if (client === undefined) return [];
  const label = [`${CHECKOUT_LABEL}=${ROOT}`, ...(run === undefined ? [] : [`${RUN_LABEL}=${run}`])];
  const found = await client.container.dockerode.listContainers({ all: true, filters: { label } });
  return found.map((info) => `${info.Id.slice(0, 12)} ${info.State}`);
}

/** Removes a run's case containers: a test stopped mid-start can leave one created and never started. */
export async function removeCaseContainers(run: string): Promise<void> {
  const client = await getContainerRuntimeClient().catch(() => undefined);
  if (client === undefined) return;
  for (const entry of await caseContainers(run)) {
    await client.container.dockerode
      .getContainer(entry.split(' ')[0]!)
      .remove({ force: true })
      .catch(() => undefined);
  }
}

/** Containers that may be starting at once in this process: many starting together outlast a test's timeout. */
const STARTING_AT_ONCE = 2;
let starting = 0;
const waitingToStart: (() => void)[] = [];

async function oneStartAtATime<T>(start: () => Promise<T>): Promise<T> {
  while (starting >= STARTING_AT_ONCE) await new Promise<void>((resolve) => waitingToStart.push(resolve));
  starting++;
  try {
    return await start();
  } finally {
    starting--;
    waitingToStart.shift()?.();
  }
}

/** Starts `command` in `image` and streams its output. */
export async function startInContainer(
  image: string,
  command: string[],
  env: Record<string, string>,
): Promise<ContainerProcess> {
  const started: StartedTestContainer = await oneStartAtATime(() =>
    new GenericContainer(image)
      .withNetworkMode('host')
      .withBindMounts([
        { source: ROOT, target: ROOT, mode: 'ro' },
        { source: os.tmpdir(), target: os.tmpdir(), mode: 'rw' },
      ])
      .withEnvironment(env)
      .withLabels({ [CHECKOUT_LABEL]: ROOT, [RUN_LABEL]: containerRunId() })
      .withWorkingDir(path.join(ROOT, 'fixtures'))
      .withCommand(command)
      // Started is enough (no ports: the host network): the output is followed, and read whole at the exit.
      .withWaitStrategy(Wait.forListeningPorts())
      .withStartupTimeout(30_000)
      .start(),
  );
  const client = await getContainerRuntimeClient();
  const container = client.container.getById(started.getId());
  const follow = await started.logs();
  const output = new PassThrough();
  let received = '';
  let following = true;
  follow.setEncoding('utf8');
  follow.on('data', (chunk: string) => {
    if (!following) return;
    received += chunk;
    output.write(chunk);
  });
  // A followed log can stop short, or end empty, when the container exits
  // quickly: once it has exited, stop following, read the whole log again and
  // pass on what the follow missed.
  const exited = container.wait().then(async (result: { StatusCode: number }) => {
    following = false;
    follow.destroy();
    const whole = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    const all = demultiplex(whole);
    output.write(all.startsWith(received) ? all.slice(received.length) : linesMissing(all, received));
    output.end();
    return { code: result.StatusCode, signal: null };
  });
  const state = (await container.inspect().catch(() => undefined)) as { State?: { Pid?: number } } | undefined;
  return {
    id: started.getId(),
    hostPid: state?.State?.Pid || undefined,
    stdout: output,
    exited,
    async stop() {
      await started.stop({ timeout: 0, remove: true }).catch(() => undefined);
    },
  };
}

/** The Node version `node` reports inside a plain image. */
export async function versionInImage(image: string): Promise<string> {
  const run = await startInContainer(image, ['node', '-p', 'process.versions.node'], {});
  let out = '';
  run.stdout.setEncoding('utf8');
  run.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  await run.exited;
  await run.stop();
  const version = /\d+\.\d+\.\d+/.exec(out)?.[0];
  if (!version) throw new TargetError(`the image ${image} has no usable node (printed ${JSON.stringify(out.trim())})`);
  return version;
}

/** Whole lines of `all` that `received` lacks (when the follow lost lines in the middle). */
function linesMissing(all: string, received: string): string {
  const seen = new Map<string, number>();
  for (const line of received.split('\n')) seen.set(line, (seen.get(line) ?? 0) + 1);
  const missing: string[] = [];
  for (const line of all.split('\n').slice(0, -1)) {
    const count = seen.get(line) ?? 0;
    if (count > 0) seen.set(line, count - 1);
    else missing.push(`${line}\n`);
  }
  return missing.join('');
}

/** Docker's multiplexed log format: frames of [stream, 0, 0, 0, size (uint32 BE)] then the payload. */
function demultiplex(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(at + 4);
    parts.push(buffer.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
