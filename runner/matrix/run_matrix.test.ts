// A twin target (one that would run what another runs: node and node@20 on a
// Node 20 harness) takes the other's results, judged against its own
// expectations, in all three report files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { buildReport, reportPath } from '../results/reporter.js';
import { exitCodeOf } from '../results/verdict.js';
import { standInTarget } from '../targets/stand_in_target.js';
import { minutesAndSeconds, twinRow, unexpectedLines } from './run_matrix.js';

const ID = 'ENV-1: each worker starts with the identity variable set to its id';
const target = standInTarget;

const expectations = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-twin-'));
const previous = process.env.CLUSTER_EXPECTATIONS;
afterAll(() => {
  rmSync(expectations, { recursive: true, force: true });
  for (const ext of ['json', 'xml', 'md']) rmSync(reportPath('twin-copy').replace(/json$/, ext), { force: true });
  if (previous === undefined) delete process.env.CLUSTER_EXPECTATIONS;
  else process.env.CLUSTER_EXPECTATIONS = previous;
});

test("a twin's results are judged against its own expectations, and every report file says so", () => {
  process.env.CLUSTER_EXPECTATIONS = expectations;
  writeFileSync(path.join(expectations, 'twin-source.json'), JSON.stringify({ target: 'twin-source', entries: {} }));
  writeFileSync(
    path.join(expectations, 'twin-copy.json'),
    JSON.stringify({ target: 'twin-copy', entries: { [ID]: { status: 'fail', reason: 'known', message: 'boom' } } }),
  );
  const failed = { id: ID, requirements: ['ENV-1'], status: 'fail' as const, message: 'boom', duration_ms: 5 };
  const source = buildReport(
    target('twin-source'),
    [failed],
    { target: 'twin-source', entries: {} },
    true,
    new Date(0),
    new Date(1000),
  );
  expect(source.summary.unexpected).toBe(1);
  const row = twinRow(target('twin-copy'), { target: 'twin-source', exit: 1, report: source, note: '', seconds: 1 });
  expect(row.report!.summary.unexpected).toBe(0);
  expect(row.exit).toBe(exitCodeOf(0));
  expect(row.report!.run_info).toMatchObject({ target: 'twin-copy', duration_ms: 1000 });
  expect(JSON.parse(readFileSync(reportPath('twin-copy'), 'utf8'))).toEqual(row.report);
  const junit = readFileSync(reportPath('twin-copy').replace(/json$/, 'xml'), 'utf8');
  expect(junit).toContain('twin-copy');
  expect(junit).not.toContain('<failure');
  expect(readFileSync(reportPath('twin-copy').replace(/json$/, 'md'), 'utf8')).toContain('twin-copy');
});

test('the matrix names every unexpected result of every target, with its message', () => {
  const failed = { id: ID, requirements: ['ENV-1'], status: 'fail' as const, message: 'boom\nmore', duration_ms: 5 };
  const report = buildReport(target('t'), [failed], { target: 't', entries: {} }, true, new Date(0), new Date(1));
  expect(unexpectedLines([{ target: 't', exit: 1, report, note: '', seconds: 1 }])).toEqual([
    `[unexpected] t ${ID}: fail, expected pass (boom)`,
  ]);
});

test("the matrix's closing line gives its time in minutes and seconds", () => {
  expect(minutesAndSeconds(291_000)).toBe('4 min 51 s');
  expect(minutesAndSeconds(59_400)).toBe('59 s');
  expect(minutesAndSeconds(300_000)).toBe('5 min 0 s');
});
