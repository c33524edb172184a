// The expectations gate: unexpected failures and unexpected passes both count,
// and the advice names the entry to change.
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { expectationsDir, loadExpectations, updateExpectations, type ExpectationFile, type RunResult } from './expectations.js';
import { judgeRun } from './verdict.js';

const judge = (results: RunResult[], expectations: ExpectationFile, complete: boolean) => judgeRun(results, expectations, complete).unexpected;

const file: ExpectationFile = {
  target: 'example',
  entries: {
    'A-1: fails here': { status: 'fail', reason: 'known bug' },
    'A-2: fails this way': { status: 'fail', reason: 'known bug', message: 'expected 1' },
  },
};

const run = (overrides: Partial<Record<string, RunResult['status']>> = {}, message = 'expected 1 to be 2'): RunResult[] => [
  { id: 'A-1: fails here', status: overrides['A-1'] ?? 'fail', message },
  { id: 'A-2: fails this way', status: overrides['A-2'] ?? 'fail', message },
  { id: 'A-3: passes', status: overrides['A-3'] ?? 'pass', message: '' },
];

describe('judge', () => {
  test('a run that matches its expectations has nothing unexpected', () => {
    expect(judge(run(), file, true)).toEqual([]);
  });

  test('an unexpected pass names the entry to remove', () => {
    const [u] = judge(run({ 'A-1': 'pass' }), file, true);
    expect(u).toMatchObject({ id: 'A-1: fails here', status: 'pass', expected: 'fail' });
    expect(u!.advice).toMatch(/remove "A-1: fails here" from expectations\/example\.json/);
  });

  test('an unexpected failure names the entry to add', () => {
    const [u] = judge(run({ 'A-3': 'fail' }), file, true);
    expect(u).toMatchObject({ id: 'A-3: passes', status: 'fail', expected: 'pass' });
    expect(u!.advice).toMatch(/add "A-3: passes"/);
  });

  test('a failure with another message than the entry pins is unexpected', () => {
    const unexpected = judge(run({}, 'timed out'), file, true);
    expect(unexpected.map((u) => u.id)).toEqual(['A-2: fails this way']);
  });

  test('entries for tests that did not run are stale, unless the run was filtered', () => {
    const partial = run().slice(2);
    expect(judge(partial, file, true).map((u) => u.advice)).toEqual([
      expect.stringMatching(/stale entry/), expect.stringMatching(/stale entry/),
    ]);
    expect(judge(partial, file, false)).toEqual([]);
  });

  test('a flaky entry accepts a pass and a failure, and survives an update', () => {
    const flaky: ExpectationFile = { target: 'example', entries: { 'A-3: passes': { status: 'flaky', reason: 'races' } } };
    expect(judge(run(), { ...flaky, entries: { ...file.entries, ...flaky.entries } }, true)).toEqual([]);
    expect(judge(run({ 'A-3': 'fail' }), { ...flaky, entries: { ...file.entries, ...flaky.entries } }, true)).toEqual([]);
    expect(updateExpectations(run(), flaky, 'x').entries).toMatchObject({ 'A-3: passes': { status: 'flaky' } });
  });

  test('--update-expectations keeps known reasons and adds new failures', () => {
    const updated = updateExpectations(run({ 'A-1': 'pass', 'A-3': 'fail' }), file, 'fails on x 1.0');
    expect(Object.keys(updated.entries).sort()).toEqual(['A-2: fails this way', 'A-3: passes']);
    expect(updated.entries['A-2: fails this way']).toEqual(file.entries['A-2: fails this way']);
    expect(updated.entries['A-3: passes']!.reason).toMatch(/^fails on x 1\.0: /);
  });

  test('--update-expectations after a filtered run keeps the entries of the tests it did not run', () => {
    const onlyA1 = run({ 'A-1': 'pass' }).slice(0, 1);
    expect(Object.keys(updateExpectations(onlyA1, file, 'x', false).entries)).toEqual(['A-2: fails this way']);
    expect(Object.keys(updateExpectations(onlyA1, file, 'x').entries)).toEqual([]);
  });
});

test('every shipped expectations file loads, and every entry has a reason', () => {
  const files = readdirSync(expectationsDir()).filter((name) => name.endsWith('.json'));
  expect(files.length).toBeGreaterThan(5);
  for (const name of files) {
    const target = name.replace(/\.json$/, '').replace(/^docker_/, 'docker:');
    expect(() => loadExpectations(target), name).not.toThrow();
  }
});
