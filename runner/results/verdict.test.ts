// One verdict, every output: for each kind of result, the exit code, the JSON
// summary and unexpected list, JUnit, Markdown, the progress view and the
// matrix cell must tell the same story.
import { describe, expect, test } from 'vitest';
import type { TestCase } from 'vitest/node';
import { areas } from '../../spec/catalogue.js';
import { cellsOf } from '../matrix/model.js';
import { standInTarget } from '../targets/stand_in_target.js';
import type { ExpectationFile } from './expectations.js';
import ProgressReporter from './progress.js';
import { toJUnit, toMarkdown } from './report_views.js';
import { buildReport, type ConformanceReport, type TestResult } from './reporter.js';
import { exitCodeOf, type Verdict } from './verdict.js';

const target = standInTarget('verdict-table', 'a table row');

const ID = 'ENV-1: each worker starts with the identity variable set to its id';

interface Row {
  name: string;
  status: TestResult['status'];
  message?: string;
  entry?: ExpectationFile['entries'][string];
  /** Run with --filter. */
  filtered?: boolean;
  /** The test did not run at all (a renamed test leaves its entry behind). */
  absent?: boolean;
  outOfRange?: boolean;
  verdict: Verdict | 'none';
  unexpected: boolean;
}

const rows: Row[] = [
  { name: 'pass', status: 'pass', verdict: 'pass', unexpected: false },
  {
    name: 'expected fail',
    status: 'fail',
    message: 'boom',
    entry: { status: 'fail', reason: 'known' },
    verdict: 'expected-fail',
    unexpected: false,
  },
  { name: 'unexpected fail', status: 'fail', message: 'boom', verdict: 'unexpected', unexpected: true },
  {
    name: 'unexpected pass',
    status: 'pass',
    entry: { status: 'fail', reason: 'known' },
    verdict: 'unexpected',
    unexpected: true,
  },
  {
    name: 'fail with another message',
    status: 'fail',
    message: 'timed out',
    entry: { status: 'fail', reason: 'known', message: 'boom' },
    verdict: 'unexpected',
    unexpected: true,
  },
  {
    name: 'fail with the second of two pinned messages',
    status: 'fail',
    message: 'case stalled with 0 facts',
    entry: { status: 'fail', reason: 'known', message: ['boom', 'stalled with 0'] },
    verdict: 'expected-fail',
    unexpected: false,
  },
  {
    name: 'fail with neither of two pinned messages',
    status: 'fail',
    message: 'timed out',
    entry: { status: 'fail', reason: 'known', message: ['boom', 'stalled with 0'] },
    verdict: 'unexpected',
    unexpected: true,
  },
  {
    name: 'fail with the pinned message',
    status: 'fail',
    message: 'it went boom',
    entry: { status: 'fail', reason: 'known', message: 'boom' },
    verdict: 'expected-fail',
    unexpected: false,
  },
  {
    name: 'flaky, passing',
    status: 'pass',
    entry: { status: 'flaky', reason: 'races' },
    verdict: 'pass',
    unexpected: false,
  },
  {
    name: 'flaky, failing',
    status: 'fail',
    message: 'boom',
    entry: { status: 'flaky', reason: 'races' },
    verdict: 'expected-fail',
    unexpected: false,
  },
  {
    name: 'stale entry',
    status: 'pass',
    absent: true,
    entry: { status: 'fail', reason: 'renamed' },
    verdict: 'none',
    unexpected: true,
  },
  {
    name: 'stale entry, filtered run',
    status: 'pass',
    absent: true,
    filtered: true,
    entry: { status: 'fail', reason: 'renamed' },
    verdict: 'none',
    unexpected: false,
  },
  {
    name: 'out of range',
    status: 'skip',
    message: 'outside its Node range',
    outOfRange: true,
    verdict: 'skip',
    unexpected: false,
  },
  { name: 'capability skip', status: 'skip', message: 'needs wire-tap', verdict: 'skip', unexpected: false },
  {
    name: 'skipped known failure',
    status: 'skip',
    message: 'needs wire-tap',
    entry: { status: 'fail', reason: 'known' },
    verdict: 'unexpected',
    unexpected: true,
  },
  {
    name: 'skipped known failure, filtered run',
    status: 'skip',
    message: 'needs wire-tap',
    filtered: true,
    entry: { status: 'fail', reason: 'known' },
    verdict: 'skip',
    unexpected: false,
  },
];

/** What the progress view printed and counted for the row's test, fed as vitest would. */
function progressOf(row: Row, expectations: ExpectationFile): { unexpected: number; printed: string } {
  let printed = '';
  const out = {
    isTTY: false,
    columns: 80,
    write: (text: string) => {
      printed += text;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  const previous = process.env.CLUSTER_FILTER;
  if (row.filtered) process.env.CLUSTER_FILTER = 'ENV-1';
  else delete process.env.CLUSTER_FILTER;
  try {
    const reporter = new ProgressReporter(target.name, out);
    (reporter as unknown as { expectations: ExpectationFile }).expectations = expectations;
    reporter.onTestRunStart();
    if (!row.absent) {
      const state = row.status === 'pass' ? 'passed' : row.status === 'fail' ? 'failed' : 'skipped';
      const testCase = {
        fullName: ID,
        options: { mode: 'run' },
        result: () => ({ state, errors: row.message && row.status === 'fail' ? [{ message: row.message }] : [] }),
      } as unknown as TestCase;
      reporter.onTestCaseReady(testCase);
      reporter.onTestCaseResult(testCase);
    }
    reporter.onTestRunEnd();
    const unexpected = (reporter as unknown as { counts: { unexpected: number } }).counts.unexpected;
    return { unexpected, printed };
  } finally {
    if (previous === undefined) delete process.env.CLUSTER_FILTER;
    else process.env.CLUSTER_FILTER = previous;
  }
}

function junitFailures(xml: string): number {
  return Number(/<testsuites [^>]*failures="(\d+)"/.exec(xml)![1]);
}

describe('one verdict for every output', () => {
  test.each(rows)('$name', (row) => {
    const expectations: ExpectationFile = { target: target.name, entries: row.entry ? { [ID]: row.entry } : {} };
    const results: TestResult[] = row.absent
      ? []
      : [
          {
            id: ID,
            requirements: ['ENV-1'],
            status: row.status,
            message: row.message ?? '',
            duration_ms: 5,
            ...(row.outOfRange ? { out_of_range: { status: 'pass' as const, message: '' } } : {}),
          },
        ];
    const report: ConformanceReport = buildReport(
      target,
      results,
      expectations,
      !row.filtered,
      new Date(0),
      new Date(1000),
    );

    // The JSON: the result's verdict, the summary and the unexpected list.
    if (row.verdict !== 'none') expect(report.results[0]!.verdict).toBe(row.verdict);
    expect(report.summary.unexpected).toBe(row.unexpected ? 1 : 0);
    expect(report.unexpected).toHaveLength(row.unexpected ? 1 : 0);
    // The exit code.
    expect(exitCodeOf(report.summary.unexpected)).toBe(row.unexpected ? 1 : 0);
    // JUnit: a failure exactly when the run is red.
    expect(junitFailures(toJUnit(report))).toBe(row.unexpected ? 1 : 0);
    // Markdown.
    const markdown = toMarkdown(report);
    if (row.unexpected) {
      expect(markdown).toContain('**1 unexpected result.**');
      expect(markdown).toContain(ID);
    } else {
      expect(markdown).toContain('**All results as expected.**');
    }
    // The progress view.
    const progress = progressOf(row, expectations);
    expect(progress.unexpected).toBe(row.unexpected ? 1 : 0);
    expect(progress.printed.includes('UNEXPECTED')).toBe(row.unexpected);
    // The matrix cell.
    const cell = cellsOf(report, areas)['ENV-1']!;
    expect(cell.kind === 'unexpected').toBe(row.unexpected);
    if (row.verdict === 'expected-fail') expect(cell.kind).toBe('xfail');
    if (row.verdict === 'pass') expect(cell.kind).toBe('pass');
    if (row.verdict === 'skip') expect(cell.kind).toBe('skip');
  });
});
