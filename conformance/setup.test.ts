// SETUP-*: settings, setupPrimary, 'setup', and what reaches a worker (fixtures/setup.js).
import path from 'node:path';
import { expect } from 'vitest';
import { conformanceTest } from './harness/conformance_test.js';
import { expectCleanEnd } from './harness/assertions.js';
import { FIXTURES } from './harness/paths.js';

conformanceTest(['SETUP-1'], 'settings start empty; the first setupPrimary() sets the defaults', async ({ start }) => {
  const run = start('setup', { args: ['defaults'] });
  const [before] = await run.waitFor('before');
  const [after] = await run.waitFor('after');
  expect(before!.keys).toEqual([]);
  expect(Object.keys(after!.settings as object).sort()).toEqual(['args', 'exec', 'execArgv', 'silent']);
  expect(after!.settings).toMatchObject({ args: after!.argvTail, exec: after!.argv1, silent: false });
  expect(after!.execArgvIsProcessExecArgv).toBe(true);
  await expectCleanEnd(run);
});

conformanceTest(['SETUP-2'], 'setupPrimary() merges into the settings', async ({ start }) => {
  const run = start('setup', { args: ['defaults'] });
  const [cumulative] = await run.waitFor('cumulative');
  const [after] = await run.waitFor('after');
  expect(cumulative!.settings).toEqual({ ...(after!.settings as object), args: ['a'], silent: true });
  await expectCleanEnd(run);
});

conformanceTest(['SETUP-3'], "'setup' is emitted asynchronously for every setupPrimary() and every fork()", async ({ start }) => {
  const defaults = start('setup', { args: ['defaults'] });
  const [after] = await defaults.waitFor('after');
  expect(after!.setupSync, "'setup' events before setupPrimary() returned").toBe(0);
  const done = await expectCleanEnd(defaults);
  expect(done.setups).toBe(3);
  const setups = defaults.all('setup');
  expect(setups.map((fact) => fact.count)).toEqual([1, 2, 3]);
  expect(setups[2]!.settings).toMatchObject({ args: ['a'], silent: true });

  const forks = start('setup', { args: ['fork'] });
  const forked = await expectCleanEnd(forks);
  expect(forked.setups, 'one setupPrimary() and two forks').toBe(3);
});

conformanceTest(['SETUP-4'], "a worker gets the settings' args and cwd", async ({ start }) => {
  const run = start('setup', { args: ['fork'] });
  const workers = await run.waitFor('worker', 2);
  for (const worker of workers) {
    expect(worker.argv).toEqual(['from-settings', 'x']);
    expect(worker.cwd).toBe(path.join(FIXTURES, 'support'));
  }
  await expectCleanEnd(run);
});

conformanceTest(['SETUP-5'], "fork(env) adds variables and overrides the primary's", async ({ start }) => {
  const run = start('setup', { args: ['fork'] });
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

conformanceTest(['SETUP-7'], "fork() throws ERR_CHILD_PROCESS_IPC_REQUIRED without 'ipc' in stdio", async ({ start }) => {
  const run = start('setup', { args: ['no-ipc'] });
  const done = await expectCleanEnd(run);
  expect(done).toMatchObject({ threw: true, name: 'Error', code: 'ERR_CHILD_PROCESS_IPC_REQUIRED' });
});

conformanceTest(['SETUP-8'], 'fork() throws ERR_SOCKET_BAD_PORT for inspectPort null', async ({ start }) => {
  const run = start('setup', { args: ['bad-inspect-port'] });
  const done = await expectCleanEnd(run);
  expect(done).toMatchObject({ threw: true, name: 'RangeError', code: 'ERR_SOCKET_BAD_PORT', isRangeError: true });
});

for (const [env, expected] of [[undefined, 2], ['none', 1], ['rr', 2]] as const) {
  conformanceTest(['SETUP-9'], `schedulingPolicy is ${expected} with NODE_CLUSTER_SCHED_POLICY=${env ?? '(unset)'}`, async ({ start }) => {
    const run = start('surface', { env: env ? { NODE_CLUSTER_SCHED_POLICY: env } : {} });
    const [surface] = await run.waitFor('surface', 1, (fact) => fact.role === 'primary');
    expect(surface!.schedulingPolicy).toBe(expected);
    await expectCleanEnd(run);
  });
}

conformanceTest(['SETUP-10'], "a worker's process.execArgv is settings.execArgv", async ({ start }) => {
  const run = start('setup', { args: ['fork'] });
  const workers = await run.waitFor('worker', 2);
  for (const worker of workers) expect(worker.execArgv).toEqual(['--no-deprecation']);
  await expectCleanEnd(run);
});

conformanceTest(['SETUP-11'], 'settings changed after a fork apply to later forks only', async ({ start }) => {
  const run = start('setup', { args: ['later'] });
  await expectCleanEnd(run);
  const argv = Object.fromEntries(run.all('worker').map((fact) => [fact.id, fact.argv]));
  expect(argv).toEqual({ 1: ['first'], 2: ['second'] });
});

conformanceTest(['SETUP-12'], "'fork' is emitted after fork() returns", async ({ start }) => {
  const run = start('setup', { args: ['later'] });
  const [returned] = await run.waitFor('fork-returned');
  expect(returned!.forkEvents).toBe(0);
  await expectCleanEnd(run);
});

conformanceTest(['SETUP-14'], 'an inspected primary gives each worker the next --inspect-port', async ({ start }) => {
  const run = start('setup', { args: ['inspect'] });
  const done = await expectCleanEnd(run);
  const debugPort = done.debugPort as number;
  const execArgv = Object.fromEntries(run.all('worker').map((fact) => [fact.id, fact.execArgv]));
  expect(execArgv[1]).toEqual(['--inspect-port=0', `--inspect-port=${debugPort + 1}`]);
  expect(execArgv[2]).toEqual(['--inspect-port=0', `--inspect-port=${debugPort + 2}`]);
});

conformanceTest(['SETUP-15'], 'inspectPort, a number or a function, sets --inspect-port', async ({ start }) => {
  const run = start('setup', { args: ['inspect'] });
  await expectCleanEnd(run);
  const execArgv = Object.fromEntries(run.all('worker').map((fact) => [fact.id, fact.execArgv]));
  expect(execArgv[3]).toEqual(['--inspect-port=0', '--inspect-port=7000']);
  expect(execArgv[4]).toEqual(['--inspect-port=0', '--inspect-port=7001']);
});

conformanceTest(['SETUP-16'], 'settings.exec is the script the worker runs', async ({ start }) => {
  const run = start('plain-worker');
  await expectCleanEnd(run);
  expect(run.all('idle-worker')).toHaveLength(1);
});

conformanceTest(['SETUP-17'], "by default a worker writes to the primary's stdout", async ({ start }) => {
  const run = start('setup', { args: ['fork'] });
  await expectCleanEnd(run);
  const workers = run.all('worker');
  expect(workers).toHaveLength(2);
  expect(new Set(workers.map((fact) => fact.pid)).size).toBe(2);
});

conformanceTest(['SETUP-18'], "fork() throws ERR_INVALID_ARG_VALUE for a bad serialization", async ({ start }) => {
  const run = start('bad-input', { args: ['serialization'] });
  await expectCleanEnd(run);
  const results = run.all('result');
  expect(results).toHaveLength(2);
  for (const result of results) expect(result).toMatchObject({ threw: true, name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', isTypeError: true });
});

conformanceTest(['SETUP-19'], 'fork() throws ERR_SOCKET_BAD_PORT for an inspectPort that is not a port', async ({ start }) => {
  const run = start('bad-input', { args: ['inspect-port'] });
  await expectCleanEnd(run);
  const results = Object.fromEntries(run.all('result').map(({ label, threw, name, code, isRangeError }) => [label, { threw, name, code, isRangeError }]));
  const badPort = { threw: true, name: 'RangeError', code: 'ERR_SOCKET_BAD_PORT', isRangeError: true };
  expect(results).toEqual({ string: badPort, tooLarge: badPort, negative: badPort, fromFunction: badPort });
});

conformanceTest(['SETUP-20'], "fork(env) spreads an env that is not an object", async ({ start }) => {
  const run = start('bad-input', { args: ['env'] });
  await expectCleanEnd(run);
  const results = Object.fromEntries(run.all('result').map(({ label, threw, numbered }) => [label, { threw, numbered }]));
  expect(results).toEqual({
    string: { threw: false, numbered: ['0', '1'] },
    number: { threw: false, numbered: [] },
    array: { threw: false, numbered: ['0', '1'] },
  });
});
