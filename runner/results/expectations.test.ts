// The expectations gate: unexpected failures and unexpected passes both count,
// and the advice names the entry to change.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  type ExpectationFile,
  expectationsDir,
  loadExpectations,
  type RunResult,
  updateExpectations,
  writeExpectations,
} from './expectations.js';
import { judgeRun } from './verdict.js';

const judge = (results: RunResult[], expectations: ExpectationFile, complete: boolean) =>
  judgeRun(results, expectations, complete).unexpected;

const file: ExpectationFile = {
  target: 'example',
  entries: {
    'A-1: fails here': { status: 'fail', reason: 'known bug' },
    'A-2: fails this way': { status: 'fail', reason: 'known bug', message: 'expected 1' },
  },
};

const run = (
  overrides: Partial<Record<string, RunResult['status']>> = {},
  message = 'expected 1 to be 2',
): RunResult[] => [
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
      expect.stringMatching(/stale entry/),
      expect.stringMatching(/stale entry/),
    ]);
    expect(judge(partial, file, false)).toEqual([]);
  });

  test('a flaky entry accepts a pass and a failure, and survives an update', () => {
    const flaky: ExpectationFile = {
      target: 'example',
      entries: { 'A-3: passes': { status: 'flaky', reason: 'races' } },
    };
    expect(judge(run(), { ...flaky, entries: { ...file.entries, ...flaky.entries } }, true)).toEqual([]);
    expect(judge(run({ 'A-3': 'fail' }), { ...flaky, entries: { ...file.entries, ...flaky.entries } }, true)).toEqual(
      [],
    );
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

describe('inheritance', () => {
  let dir: string;
  const previous = process.env.CLUSTER_EXPECTATIONS;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'expectations-'));
    process.env.CLUSTER_EXPECTATIONS = dir;
    writeFileSync(
      path.join(dir, 'rt.json'),
      JSON.stringify({
        target: 'rt',
        entries: {
          'A-1: fails here': { status: 'fail', reason: 'rt bug' },
          'A-2: needs pids': { status: 'fail', reason: 'rt bug' },
          'A-4: renamed': { status: 'fail', reason: 'rt bug' },
        },
      }),
    );
    writeFileSync(
      path.join(dir, 'docker_rt.json'),
      JSON.stringify({
        target: 'docker:rt',
        inherits: 'rt',
        entries: {
          'A-3: only in the container': { status: 'fail', reason: 'container bug' },
        },
      }),
    );
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.CLUSTER_EXPECTATIONS;
    else process.env.CLUSTER_EXPECTATIONS = previous;
  });

  test("a file inherits its runtime's entries and adds its own", () => {
    const loaded = loadExpectations('docker:rt');
    expect(Object.keys(loaded.entries).sort()).toEqual([
      'A-1: fails here',
      'A-2: needs pids',
      'A-3: only in the container',
      'A-4: renamed',
    ]);
    expect([...loaded.inherited!].sort()).toEqual(['A-1: fails here', 'A-2: needs pids', 'A-4: renamed']);
  });

  test('an inherited entry of a skipped test is not held against the target, nor is a stale one', () => {
    const loaded = loadExpectations('docker:rt');
    const results: RunResult[] = [
      { id: 'A-1: fails here', status: 'fail', message: 'x' },
      { id: 'A-2: needs pids', status: 'skip', message: 'needs host-pids' },
      { id: 'A-3: only in the container', status: 'fail', message: 'y' },
    ];
    expect(judge(results, loaded, true)).toEqual([]);
    // The same skip against an entry of its own is unexpected.
    expect(judge(results, { ...loaded, inherited: new Set() }, true).map((u) => u.id)).toEqual([
      'A-2: needs pids',
      'A-4: renamed',
    ]);
  });

  test('rewriting keeps only what differs from the inherited file', () => {
    const loaded = loadExpectations('docker:rt');
    const updated = updateExpectations(
      [
        { id: 'A-1: fails here', status: 'fail', message: 'x' },
        { id: 'A-3: only in the container', status: 'pass', message: '' },
        { id: 'A-5: new', status: 'fail', message: 'z' },
      ],
      loaded,
      'fails on rt',
      false,
    );
    writeExpectations(updated);
    const written = JSON.parse(readFileSync(path.join(dir, 'docker_rt.json'), 'utf8')) as ExpectationFile;
    expect(written.inherits).toBe('rt');
    expect(Object.keys(written.entries)).toEqual(['A-5: new']);
  });

  test('a message is a text or a non-empty list of texts', () => {
    const withMessage = (message: unknown) =>
      writeFileSync(
        path.join(dir, 'rt.json'),
        JSON.stringify({ target: 'rt', entries: { 'A-1: fails here': { status: 'fail', reason: 'r', message } } }),
      );
    withMessage(['boom', 'stalled']);
    expect(loadExpectations('rt').entries['A-1: fails here']!.message).toEqual(['boom', 'stalled']);
    for (const bad of [[], [1], 7]) {
      withMessage(bad);
      expect(() => loadExpectations('rt')).toThrow(/neither a text nor a list of texts/);
    }
  });

  test('a cycle is an error', () => {
    writeFileSync(path.join(dir, 'rt.json'), JSON.stringify({ target: 'rt', inherits: 'docker:rt', entries: {} }));
    expect(() => loadExpectations('docker:rt')).toThrow(/inherits it back/);
  });
});
