// A container's launcher under faults, in a real container (docker:node's image of this Node).
import path from 'node:path';
import pWaitFor from 'p-wait-for';
import { getContainerRuntimeClient } from 'testcontainers';
import { afterEach, expect, test } from 'vitest';
import { FIXTURES } from '../../conformance/harness/paths.js';
import { skipWithoutTool } from '../../conformance/harness/system_tools.js';
import { caseContainers, containerRunId, cpuCgroup, Launcher, scratchImage } from './container.js';

const noDocker = skipWithoutTool(
  'the container launcher test',
  'a Docker engine',
  await getContainerRuntimeClient().then(
    () => true,
    () => false,
  ),
  'apt-get install docker.io, start dockerd and set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1',
);

const launchers: Launcher[] = [];
afterEach(async () => {
  for (const launcher of launchers.splice(0)) {
    try {
      if (launcher.pid !== undefined) process.kill(launcher.pid, 'SIGCONT');
    } catch {
      // Gone already.
    }
    await launcher.remove();
  }
});

test.skipIf(noDocker)(
  'a launcher shares the harness CPU cgroup; one that stops answering is lost at once: its case ends with the reason, and its container goes',
  { timeout: 60_000 },
  async () => {
    const image = await scratchImage(process.execPath, 'node', process.versions.node);
    const launcher = await Launcher.start(image, ['node']);
    launchers.push(launcher);
    const started = await launcher.startCase([path.join(FIXTURES, 'support', 'hang.js')], {});
    let output = '';
    started.output.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    expect(launcher.pid).toBeGreaterThan(0);
    // As root under cgroup v1, the launcher shares this process's CPU cgroup (else docker's stays).
    const own = cpuCgroup('self');
    if (own !== undefined && process.getuid?.() === 0) expect(cpuCgroup(launcher.pid!)?.path).toBe(own.path);
    const stoppedAt = Date.now();
    process.kill(launcher.pid!, 'SIGSTOP');
    expect(await started.exited).toEqual({ code: null, signal: null });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(output).toMatch(
      /container lost: its launcher has not answered for \d+ ms, with 1 cases running \(its process \d+ here: state T/,
    );
    await launcher.ended;
    await pWaitFor(async () => (await caseContainers(containerRunId())).length === 0, { timeout: 10_000 });
    await expect(launcher.startCase([path.join(FIXTURES, 'support', 'hang.js')], {})).rejects.toThrow(/not answered/);
  },
);
