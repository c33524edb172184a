// The CLI as a user meets it: commands, exit codes, the filter, and the
// report formats (JSON against its schema, JUnit, Markdown).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { CLI_ENTRY as CLI, ROOT } from '../../conformance/harness/paths.js';
import { requirements } from '../../spec/catalogue.js';
import { REPORT_SCHEMA } from '../results/report_schema.js';
import { toJUnit, toMarkdown } from '../results/report_views.js';
import type { ConformanceReport, ResultEntry } from '../results/reporter.js';
import { verdictOf } from '../results/verdict.js';
import { filterPattern } from '../run/filter.js';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('commands and exit codes', () => {
  test('--help names every command; --version the package version', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const command of ['run', 'matrix', 'list', 'explain', 'schema'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const version = await cli('--version');
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  }, 30_000);

  test('usage errors exit 2 with one line on stderr', async () => {
    const cases = [
      ['bogus'],
      ['run', '--reporter', 'nope'],
      ['run', '--filter', 'NOPE-1'],
      ['explain'],
      ['explain', 'NOPE-1'],
      ['run', '--target', 'bogus'],
    ];
    const results = await Promise.all(cases.map((args) => cli(...args)));
    results.forEach((result, i) => {
      const args = cases[i]!.join(' ');
      expect(result.code, args).toBe(2);
      expect(result.stderr.trim().split('\n'), args).toHaveLength(1);
      expect(result.stderr, args).toMatch(/^cluster-conformance: /);
    });
  }, 30_000);

  test('list prints every requirement with its level', async () => {
    const list = await cli('list');
    expect(list.code).toBe(0);
    for (const req of requirements) expect(list.stdout).toContain(`${req.id.padEnd(10)} ${req.level}`);
    const json = JSON.parse((await cli('list', '--json')).stdout) as { requirements: unknown[] }[];
    expect(json.flatMap((area) => area.requirements)).toHaveLength(requirements.length);
  }, 30_000);

  test('list --json reaches a slow reader whole, though it is longer than a pipe holds', async () => {
    // The reader starts a second late, as a `| jq` may: by then the CLI has exited, and what it wrote must be whole.
    const { stdout } = await promisify(execFile)(
      'sh',
      ['-c', `"${process.execPath}" "${CLI}" list --json | (sleep 1; cat)`],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(stdout.length).toBeGreaterThan(65_536);
    expect((JSON.parse(stdout) as { requirements: unknown[] }[]).flatMap((area) => area.requirements)).toHaveLength(
      requirements.length,
    );
  }, 30_000);

  test('explain gives the statement, the source and the tests that check a requirement', async () => {
    const req = requirements.find((r) => r.id === 'PORT-3')!;
    const explained = await cli('explain', 'PORT-3');
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain(req.statement);
    expect(explained.stdout).toContain(req.source.docs!);
    expect(explained.stdout).toMatch(/^tests \(2\):\n {2}PORT-3: listen\(0\) gives every worker the same port \(rr\)/m);
  }, 60_000);
});

describe('--filter', () => {
  const matches = (filter: string, name: string) => new RegExp(filterPattern(filter)).test(name);

  test('an ID selects the tests citing it, and no longer ID', () => {
    expect(matches('PORT-3', 'PORT-3: listen(0) gives every worker the same port (rr)')).toBe(true);
    expect(matches('PORT-3', 'PORT-1 PORT-3: both')).toBe(true);
    expect(matches('LIFE-1', 'LIFE-13: an uncaught exception')).toBe(false);
    expect(matches('LIFE-1', 'LIFE-13: mentions LIFE-1 in its title')).toBe(false);
  });

  test('an area selects all of its tests; lists combine', () => {
    expect(matches('EXIT', 'EXIT-4: no death event')).toBe(true);
    expect(matches('EXIT', 'LIFE-2: exits')).toBe(false);
    expect(matches('EXIT,LIFE-2', 'LIFE-2: online')).toBe(true);
  });

  test('unknown areas and IDs are errors; other text is a name pattern', () => {
    expect(() => filterPattern('NOPE')).toThrow(/names no area or requirement: NOPE/);
    expect(() => filterPattern('PORT-999')).toThrow(/PORT-999/);
    expect(filterPattern('listen\\(0\\)')).toBe('listen\\(0\\)');
  });
});

function result(
  id: string,
  status: ResultEntry['status'],
  expected: ResultEntry['status'],
  message = '',
  reason?: string,
): ResultEntry {
  return {
    id,
    requirements: [id.split(':')[0]!],
    status,
    expected,
    verdict: verdictOf({ status, expected }),
    message,
    duration_ms: 12,
    ...(reason ? { reason } : {}),
  };
}

const sample: ConformanceReport = {
  schema: 1,
  run_info: {
    target: 'bun',
    runtime: 'bun',
    runtime_version: '1.4.5',
    claims_node_version: '26.3.0',
    os: 'linux',
    arch: 'x64',
    suite_version: '0.1.0',
    started_at: '2026-11-25T00:00:00.000Z',
    duration_ms: 1234,
  },
  summary: {
    total: 5,
    passed: 2,
    failed: 2,
    skipped: 1,
    requirements_total: 121,
    requirements_passed: 2,
    requirements_failed: 2,
    requirements_skipped: 117,
    unexpected: 2,
  },
  results: [
    result('ENV-1: a', 'pass', 'pass'),
    result('ENV-2: b <x> & "y"', 'fail', 'fail', 'still there', 'Bun leaves NODE_UNIQUE_ID'),
    result('PORT-1: c', 'fail', 'pass', 'expected 2 workers\nreceived 1'),
    result('PORT-2: d', 'pass', 'fail'),
    result('LIFE-7: e', 'skip', 'skip', 'needs host-pids'),
  ],
  unexpected: [
    { id: 'PORT-1: c', status: 'fail', expected: 'pass', advice: 'unexpected failure: fix it' },
    { id: 'PORT-2: d', status: 'pass', expected: 'fail', advice: 'unexpected pass: remove it' },
  ],
};

describe('report formats', () => {
  test('JUnit: only unexpected results are failures; an expected failure is skipped with its reason', () => {
    const xml = toJUnit(sample);
    expect(xml).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="cluster-conformance bun" tests="5" failures="2" errors="0" skipped="2"/,
    );
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
    expect(xml).toContain('name="ENV-2: b &lt;x&gt; &amp; &quot;y&quot;"');
    expect(xml).toContain('<skipped message="expected failure on bun: Bun leaves NODE_UNIQUE_ID"/>');
    expect(xml).toContain('type="UnexpectedFailure">expected 2 workers\nreceived 1</failure>');
    expect(xml).toContain('type="UnexpectedPass">');
    expect(xml.match(/<testsuite /g)?.length).toBe(xml.match(/<\/testsuite>/g)?.length);
  });

  test('Markdown: unexpected results first, with their messages, then counts per area', () => {
    const md = toMarkdown(sample);
    expect(md).toContain('**2 unexpected results.**');
    expect(md.indexOf('### Unexpected results')).toBeLessThan(md.indexOf('### By area'));
    expect(md).toContain('| PORT-1: c | fail | pass | unexpected failure: fix it | expected 2 workers<br>received 1 |');
    expect(md).toContain('| PORT | 0 | 0 | 2 | 0 |');
    expect(md).toContain('| ENV | 1 | 1 | 0 | 0 |');
    expect(md).toContain('| **total** | 1 | 1 | 2 | 1 |');
  });

  test('the JSON schema accepts the sample and rejects a broken report', () => {
    const validate = new Ajv({ strict: false }).compile(REPORT_SCHEMA);
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...sample, results: [{ ...sample.results[0], status: 'passed' }] })).toBe(false);
    expect(validate({ ...sample, schema: 2 })).toBe(false);
  }, 30_000); // Compiling the schema took over 5 s on a loaded machine.
});
