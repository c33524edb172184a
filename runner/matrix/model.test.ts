import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultEntry } from '../results/reporter.js';
import { verdictOf } from '../results/verdict.js';
import { archiveRun, HISTORY_DIR, runName } from './history.js';
import { cellOf, compareTargets } from './model.js';

function result(
  status: ResultEntry['status'],
  expected: ResultEntry['expected'],
  id = `ENV-1: ${status}`,
): ResultEntry {
  return {
    id,
    requirements: ['ENV-1'],
    status,
    expected,
    verdict: verdictOf({ status, expected }),
    message: status === 'pass' ? '' : `\x1b[31m${status}ed\x1b[39m`,
    duration_ms: 1,
  };
}

describe('matrix cells', () => {
  it('orders columns: reference, interop, node, majors by number, bun, deno, containers, adapters', () => {
    const shuffled = [
      'my-adapter',
      'docker:node',
      'deno',
      'node@26',
      'bun',
      'node@12',
      'reference-interop',
      'node',
      'node@9',
      'reference',
      'docker:bun',
      'reference@node26',
      'reference@node20',
    ];
    expect(shuffled.sort(compareTargets)).toEqual([
      'reference',
      'reference@node20',
      'reference@node26',
      'reference-interop',
      'node',
      'node@9',
      'node@12',
      'node@26',
      'bun',
      'deno',
      'docker:bun',
      'docker:node',
      'my-adapter',
    ]);
  });

  it('derives the cell from its tests as the summary does, and marks what the expectations did not say', () => {
    const none: [] = [];
    expect(cellOf([result('pass', 'pass'), result('skip', 'skip')], none)).toMatchObject({
      status: 'pass',
      kind: 'pass',
    });
    expect(cellOf([result('pass', 'pass'), result('fail', 'fail')], none)).toMatchObject({
      status: 'fail',
      kind: 'xfail',
    });
    expect(cellOf([result('pass', 'pass'), result('fail', 'pass')], none)).toMatchObject({
      status: 'fail',
      kind: 'unexpected',
    });
    expect(cellOf([result('pass', 'fail')], none)).toMatchObject({ status: 'pass', kind: 'unexpected' });
    expect(cellOf([result('skip', 'skip')], none)).toMatchObject({ status: 'skip', kind: 'skip' });
    expect(cellOf([], none)).toMatchObject({ status: 'skip', kind: 'skip', tests: [] });
    // A known failure whose message is not the expected one has the verdict 'unexpected'.
    expect(cellOf([{ ...result('fail', 'fail', 'ENV-1: x'), verdict: 'unexpected' }], none)).toMatchObject({
      kind: 'unexpected',
    });
    // A stale entry naming the requirement marks its cell.
    const stale = { id: 'ENV-1: gone', status: 'skip' as const, expected: 'fail' as const, advice: 'stale entry' };
    expect(cellOf([result('pass', 'pass')], [stale])).toMatchObject({ status: 'pass', kind: 'unexpected' });
  });

  it('keeps messages without terminal colours', () => {
    expect(cellOf([result('fail', 'pass')]).tests[0]!.message).toBe('failed');
  });
});

describe('matrix history', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("copies a run's reports into a folder named after its time, which sorts by time", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'matrix-history-'));
    const report = path.join(dir, 'conformance-node.json');
    writeFileSync(report, '{}');
    const folder = archiveRun([report], dir, new Date('2026-03-04T05:06:07.089Z'));
    expect(folder).toBe(path.join(dir, HISTORY_DIR, '2026-03-04T05-06-07-089Z'));
    expect(readdirSync(folder)).toEqual(['conformance-node.json']);
    expect(runName(new Date('2026-03-04T05:06:07.089Z')) < runName(new Date('2026-03-04T05:06:08Z'))).toBe(true);
  });
});
