// SETUP-*: settings, setupPrimary, 'setup', and what reaches a worker (fixtures/setup.js).
import path from 'node:path';
import { expect } from 'vitest';
import { expectCleanEnd, only } from './harness/assertions.js';
import { conformanceTest } from './harness/conformance_test.js';
import { FIXTURES } from './harness/paths.js';

conformanceTest(['SETUP-1'], 'settings start empty; the first setupPrimary() sets the defaults', async ({ shared }) => {
  const run = shared('setup', { args: ['defaults'] });
  const [before] = await run.waitFor('before');
  const [after] = await run.waitFor('after');
  expect(before!.keys).toEqual([]);
  expect(Object.keys(after!.settings as object).sort()).toEqual(['args', 'exec', 'execArgv', 'silent']);
  expect(after!.settings).toMatchObject({ args: after!.argvTail, exec: after!.argv1, silent: false });
  expect(after!.execArgvIsProcessExecArgv).toBe(true);
  await expectCleanEnd(run);
});

conformanceTest(['SETUP-2'], 'setupPrimary() merges into the settings', async ({ shared }) => {
  const run = shared('setup', { args: ['defaults'] });
  const [cumulative] = await run.waitFor('cumulative');
  const [after] = await run.waitFor('after');
  expect(cumulative!.settings).toEqual({ ...(after!.settings as object), args: ['a'], silent: true });
  await expectCleanEnd(run);
});

conformanceTest(
  ['SETUP-3'],
  "'setup' is emitted asynchronously for every setupPrimary() and every fork()",
  async ({ shared }) => {
    const defaults = shared('setup', { args: ['defaults'] });
    const [after] = await defaults.waitFor('after');
    expect(after!.setupSync, "'setup' events before setupPrimary() returned").toBe(0);
    const done = await expectCleanEnd(defaults);
    expect(done.setups).toBe(3);
    const setups = defaults.all('setup');
    expect(setups.map((fact) => fact.count)).toEqual([1, 2, 3]);
    expect(setups[2]!.settings).toMatchObject({ args: ['a'], silent: true });

    const forks = shared('setup', { args: ['fork'] });
    const forked = await expectCleanEnd(forks);
    expect(forked.setups, 'one setupPrimary() and two forks').toBe(3);
  },
);

conformanceTest(['SETUP-4'], "a worker gets the settings' args and cwd", async ({ shared }) => {
  const run = shared('setup', { args: ['fork'] });
  const workers = await run.waitFor('worker', 2);
  for (const worker of workers) {
    expect(worker.argv).toEqual(['from-settings', 'x']);
    expect(worker.cwd).toBe(path.join(FIXTURES, 'support'));
  }
  await expectCleanEnd(run);
});

conformanceTest(['SETUP-5'], "fork(env) adds variables and overrides the primary's", async ({ shared }) => {
  const run = shared('setup', { args: ['fork'] });
  const workers = await run.waitFor('worker', 2);
  for (const worker of workers) expect(worker.env).toEqual({ CASE_FROM_PRIMARY: 'yes', CASE_OVERRIDDEN: 'fork-env' });
  await expectCleanEnd(run);
});

conformanceTest(['SETUP-6'], "silent: true pipes the worker's stdout to the primary", async ({ start }) => {
  const run = start('setup', { args: ['silent'] });
  const [silent] = await run.waitFor('silent');
  expect(silent!.hasStdout).toBe(true);
  const done = await expectCleanEnd(run);
  expect(run.all('worker'), 'the worker fact went to the pipe, not to our stdout').toHaveLength(0);
  expect(String(done.piped)).toContain('"fact":"worker"');
});

conformanceTest(
  ['SETUP-7'],
  "fork() throws ERR_CHILD_PROCESS_IPC_REQUIRED without 'ipc' in stdio",
  async ({ start }) => {
    const run = start('setup', { args: ['no-ipc'] });
    const done = await expectCleanEnd(run);
    expect(done).toMatchObject({ threw: true, name: 'Error', code: 'ERR_CHILD_PROCESS_IPC_REQUIRED' });
  },
);

conformanceTest(['SETUP-8'], 'fork() throws ERR_SOCKET_BAD_PORT for inspectPort null', async ({ start }) => {
  const run = start('setup', { args: ['bad-inspect-port'] });
  const done = await expectCleanEnd(run);
  expect(done).toMatchObject({ threw: true, name: 'RangeError', code: 'ERR_SOCKET_BAD_PORT', isRangeError: true });
});

for (const [env, expected] of [
  [undefined, 2],
  ['none', 1],
  ['rr', 2],
] as const) {
  conformanceTest(
    ['SETUP-9'],
    `schedulingPolicy is ${expected} with NODE_CLUSTER_SCHED_POLICY=${env ?? '(unset)'}`,
    async ({ shared }) => {
      const run = shared('surface', { args: ['primary-only'], env: env ? { NODE_CLUSTER_SCHED_POLICY: env } : {} });
      const [surface] = await run.waitFor('surface', 1, (fact) => fact.role === 'primary');
      expect(surface!.schedulingPolicy).toBe(expected);
      await expectCleanEnd(run);
    },
  );
}

conformanceTest(['SETUP-10'], "a worker's process.execArgv is settings.execArgv", async ({ shared }) => {
  const run = shared('setup', { args: ['fork'] });
  const workers = await run.waitFor('worker', 2);
  for (const worker of workers) expect(worker.execArgv).toEqual(['--no-deprecation']);
  await expectCleanEnd(run);
});

conformanceTest(['SETUP-11'], 'settings changed after a fork apply to later forks only', async ({ shared }) => {
  const run = shared('setup', { args: ['later'] });
  await expectCleanEnd(run);
  const argv = Object.fromEntries(run.all('worker').map((fact) => [fact.id, fact.argv]));
  expect(argv).toEqual({ 1: ['first'], 2: ['second'] });
});

conformanceTest(['SETUP-12'], "'fork' is emitted after fork() returns", async ({ shared }) => {
  const run = shared('setup', { args: ['later'] });
  const [returned] = await run.waitFor('fork-returned');
  expect(returned!.forkEvents).toBe(0);
  await expectCleanEnd(run);
});

conformanceTest(['SETUP-14'], 'an inspected primary gives each worker the next --inspect-port', async ({ shared }) => {
  const run = shared('setup', { args: ['inspect'] });
  const done = await expectCleanEnd(run);
  const debugPort = done.debugPort as number;
  const execArgv = Object.fromEntries(run.all('worker').map((fact) => [fact.id, fact.execArgv]));
  expect(execArgv[1]).toEqual(['--inspect-port=0', `--inspect-port=${debugPort + 1}`]);
  expect(execArgv[2]).toEqual(['--inspect-port=0', `--inspect-port=${debugPort + 2}`]);
});

conformanceTest(['SETUP-15'], 'inspectPort, a number or a function, sets --inspect-port', async ({ shared }) => {
  const run = shared('setup', { args: ['inspect'] });
  await expectCleanEnd(run);
  const execArgv = Object.fromEntries(run.all('worker').map((fact) => [fact.id, fact.execArgv]));
  expect(execArgv[3]).toEqual(['--inspect-port=0', '--inspect-port=7000']);
  expect(execArgv[4]).toEqual(['--inspect-port=0', '--inspect-port=7001']);
});

conformanceTest(['SETUP-16'], 'settings.exec is the script the worker runs', async ({ shared }) => {
  const run = shared('plain-worker');
  await expectCleanEnd(run);
  expect(run.all('idle-worker')).toHaveLength(1);
});

conformanceTest(['SETUP-17'], "by default a worker writes to the primary's stdout", async ({ shared }) => {
  const run = shared('setup', { args: ['fork'] });
  await expectCleanEnd(run);
  const workers = run.all('worker');
  expect(workers).toHaveLength(2);
  expect(new Set(workers.map((fact) => fact.pid)).size).toBe(2);
});

conformanceTest(['SETUP-18'], 'fork() throws ERR_INVALID_ARG_VALUE for a bad serialization', async ({ start }) => {
  const run = start('bad-input', { args: ['serialization'] });
  await expectCleanEnd(run);
  const results = run.all('result');
  expect(results).toHaveLength(2);
  for (const result of results)
    expect(result).toMatchObject({ threw: true, name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', isTypeError: true });
});

conformanceTest(
  ['SETUP-19'],
  'fork() throws ERR_SOCKET_BAD_PORT for an inspectPort that is not a port',
  async ({ start }) => {
    const run = start('bad-input', { args: ['inspect-port'] });
    await expectCleanEnd(run);
    const results = Object.fromEntries(
      run
        .all('result')
        .map(({ label, threw, name, code, isRangeError }) => [label, { threw, name, code, isRangeError }]),
    );
    const badPort = { threw: true, name: 'RangeError', code: 'ERR_SOCKET_BAD_PORT', isRangeError: true };
    expect(results).toEqual({ string: badPort, tooLarge: badPort, negative: badPort, fromFunction: badPort });
  },
);

conformanceTest(['SETUP-20'], 'fork(env) spreads an env that is not an object', async ({ start }) => {
  const run = start('bad-input', { args: ['env'] });
  await expectCleanEnd(run);
  const results = Object.fromEntries(
    run.all('result').map(({ label, threw, numbered }) => [label, { threw, numbered }]),
  );
  expect(results).toEqual({
    string: { threw: false, numbered: ['0', '1'] },
    number: { threw: false, numbered: [] },
    array: { threw: false, numbered: ['0', '1'] },
  });
});

conformanceTest(['SETUP-21'], "each 'setup' gets the settings of its own call", async ({ start }) => {
  const run = start('settings', { args: ['setup-args'] });
  const done = await expectCleanEnd(run);
  expect(run.all('setup').map(({ args, isCurrent }) => ({ args, isCurrent }))).toEqual([
    { args: ['a'], isCurrent: false },
    { args: ['b'], isCurrent: true },
  ]);
  expect(done.distinct).toBe(true);
});

conformanceTest(['SETUP-22'], 'silent: true pipes stdin, stdout and stderr', async ({ start }) => {
  const run = start('settings', { args: ['silent-stdio'] });
  const done = await expectCleanEnd(run);
  expect(only(run.all('streams'), 'streams')).toMatchObject({ stdin: true, stdout: true, stderr: true });
  expect(done).toMatchObject({ out: 'out:hello\n', err: 'err:hello\n' });
});

conformanceTest(['SETUP-23'], 'stdio overrides silent', async ({ start }) => {
  const run = start('settings', { args: ['stdio-overrides-silent'] });
  await expectCleanEnd(run);
  expect(only(run.all('streams'), 'streams')).toMatchObject({ stdout: true, stderr: true });
  expect(run.all('worker-out'), "the worker's fact reached our stdout").toHaveLength(1);
});

conformanceTest(['SETUP-24'], "a stdio pipe after 'ipc' reaches the worker as fd 4", async ({ start }) => {
  const run = start('settings', { args: ['extra-pipe'] });
  const done = await expectCleanEnd(run);
  expect(only(run.all('streams'), 'streams')).toMatchObject({ count: 5, extra: true });
  expect(done.extra).toBe('through fd 4\n');
});

conformanceTest(['SETUP-25'], 'settings.env does not reach the worker; fork(env) does', async ({ start }) => {
  const run = start('settings', { args: ['settings-env'] });
  await expectCleanEnd(run);
  expect(only(run.all('worker'), 'worker').env).toEqual({ CASE_SETTINGS_ENV: null, CASE_FORK_ENV: 'from-fork' });
});

conformanceTest(
  ['SETUP-26'],
  "settings.uid and gid set the worker's ids",
  async ({ start }) => {
    const run = start('settings', { args: ['uid-gid'] });
    const done = await expectCleanEnd(run);
    const worker = only(run.all('worker'), 'worker');
    expect({ uid: worker.uid, gid: worker.gid }).toEqual(done.wanted);
  },
  { skipIf: () => (process.platform === 'win32' ? 'no uid/gid on Windows' : undefined) },
);

conformanceTest(
  ['SETUP-27'],
  'fork() throws ERR_INVALID_ARG_TYPE for a uid or gid given as a name',
  async ({ start }) => {
    const run = start('settings', { args: ['bad-uid-gid'] });
    const done = await expectCleanEnd(run);
    const results = done.results as Record<string, { threw: boolean; code: string; isTypeError: boolean }>;
    // The name is 'TypeError [ERR_INVALID_ARG_TYPE]' before Node 12: the class and the code are what is specified.
    const invalid = { threw: true, code: 'ERR_INVALID_ARG_TYPE', isTypeError: true };
    // A fraction (results.fraction) is a TypeError before Node 26 and a RangeError (ERR_OUT_OF_RANGE) from it: not specified.
    for (const label of ['uid', 'gid']) expect(results[label], label).toMatchObject(invalid);
    expect(done.workers).toBe(0);
  },
);

conformanceTest(['SETUP-28'], 'inspectPort adds nothing to a worker without the inspector', async ({ start }) => {
  const run = start('settings', { args: ['inspect-port-unused'] });
  await expectCleanEnd(run);
  expect(only(run.all('worker'), 'worker').execArgv).toEqual([]);
});

conformanceTest(['SETUP-29'], "a relative exec is resolved against the worker's cwd", async ({ start }) => {
  const run = start('settings', { args: ['relative-exec'] });
  const done = await expectCleanEnd(run);
  expect(run.all('idle-worker')).toHaveLength(1);
  expect(done).toMatchObject({ code: 0, signal: null });
});

conformanceTest(['SETUP-30'], 'setupPrimary() rejects a bad schedulingPolicy', async ({ start }) => {
  const run = start('settings', { args: ['bad-policy'] });
  const done = await expectCleanEnd(run);
  expect(done).toMatchObject({ threw: true, name: 'Error', code: 'ERR_INTERNAL_ASSERTION' });
  expect(String(done.message).startsWith('Bad cluster.schedulingPolicy: 3')).toBe(true);
});

conformanceTest(['SETUP-31'], 'the first setupPrimary() freezes the policy before any fork', async ({ start }) => {
  const run = start('settings', { args: ['freeze-setup'] });
  await expectCleanEnd(run);
  const reply = only(
    run.all(
      'wire',
      (fact) =>
        fact.from === 'primary' &&
        typeof (fact.message as { ack?: unknown }).ack === 'number' &&
        'errno' in (fact.message as object),
    ),
    'queryServer reply',
  );
  expect((reply.message as { errno: unknown }).errno, 'an RR reply').toBeNull();
  expect(reply.handle, 'an RR reply carries no handle').toBeNull();
});

conformanceTest(['SETUP-32'], 'an unknown NODE_CLUSTER_SCHED_POLICY gives the default policy', async ({ shared }) => {
  const run = shared('surface', { args: ['primary-only'], env: { NODE_CLUSTER_SCHED_POLICY: 'roundrobin' } });
  const [surface] = await run.waitFor('surface', 1, (fact) => fact.role === 'primary');
  expect(surface!.schedulingPolicy).toBe(process.platform === 'win32' ? 1 : 2);
  await expectCleanEnd(run);
});

conformanceTest(
  ['SETUP-33'],
  '--prof in execArgv gets --logfile=v8-%p.log unless a logfile is given',
  async ({ start }) => {
    const run = start('settings', { args: ['prof'] });
    const done = await expectCleanEnd(run);
    expect(done.added).toEqual(['--prof', '--logfile=v8-%p.log']);
    expect(done.kept).toEqual(['--prof', '--logfile=own.log']);
  },
);
