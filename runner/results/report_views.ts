// What a report says, in the shapes other tools read: JUnit XML for CI
// systems, and Markdown for a CI step summary. Both are made from the JSON
// report alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { REPORTS } from '../../conformance/harness/paths.js';
import { type ConformanceReport, type ResultEntry, reportPath } from './reporter.js';
import { type Unexpected, type Verdict, verdictOf } from './verdict.js';

/** A result's area: its first requirement's prefix (ENV-3 → ENV). */
function areaOf(result: ResultEntry): string {
  return result.requirements[0]?.replace(/-\d+$/, '') ?? 'COLLECT';
}

function groupByArea(results: ResultEntry[]): Map<string, ResultEntry[]> {
  const groups = new Map<string, ResultEntry[]>();
  for (const result of results) groups.set(areaOf(result), [...(groups.get(areaOf(result)) ?? []), result]);
  return groups;
}

function xml(text: string): string {
  return (
    stripVTControlCharacters(text)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function junitCase(report: ConformanceReport, result: ResultEntry): string {
  const target = report.run_info.target;
  const head = `    <testcase classname="cluster-conformance.${xml(target)}.${areaOf(result)}" name="${xml(result.id)}" time="${seconds(result.duration_ms)}">`;
  const properties = result.requirements.map((id) => `        <property name="requirement" value="${id}"/>`);
  const body = properties.length > 0 ? [`      <properties>`, ...properties, `      </properties>`] : [];
  const verdict = verdictOf(result);
  if (verdict === 'unexpected') {
    const kind = `unexpected ${result.status} (expected ${result.expected})`;
    body.push(
      `      <failure message="${xml(kind)}" type="${result.status === 'pass' ? 'UnexpectedPass' : 'UnexpectedFailure'}">${xml(result.message || kind)}</failure>`,
    );
  } else if (verdict === 'expected-fail') {
    body.push(`      <skipped message="${xml(`expected failure on ${target}: ${result.reason ?? ''}`)}"/>`);
    body.push(`      <system-out>${xml(result.message)}</system-out>`);
  } else if (verdict === 'skip') {
    body.push(`      <skipped message="${xml(result.message || 'skipped')}"/>`);
  }
  return [head, ...body, '    </testcase>'].join('\n');
}

/** An unexpected result that no test reported: a stale expectation entry. */
function staleCase(report: ConformanceReport, stale: Unexpected): string {
  return [
    `    <testcase classname="cluster-conformance.${xml(report.run_info.target)}.EXPECTATIONS" name="${xml(stale.id)}" time="0">`,
    `      <failure message="${xml(stale.advice)}" type="StaleExpectation">${xml(stale.advice)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/** Unexpected entries of the report that are not results of a test (stale entries). */
function unreported(report: ConformanceReport): Unexpected[] {
  const ids = new Set(report.results.map((r) => r.id));
  return report.unexpected.filter((u) => !ids.has(u.id));
}

/**
 * JUnit XML: one testsuite per area. Only unexpected results are failures;
 * an expected failure is reported as skipped, with its reason, so a CI system
 * goes red exactly when the suite's exit code does.
 */
export function toJUnit(report: ConformanceReport): string {
  const { run_info: info } = report;
  const suites: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const [area, results] of groupByArea(report.results)) {
    const areaFailures = results.filter((r) => verdictOf(r) === 'unexpected').length;
    const areaSkipped = results.filter((r) => verdictOf(r) === 'skip' || verdictOf(r) === 'expected-fail').length;
    failures += areaFailures;
    skipped += areaSkipped;
    const time = results.reduce((sum, r) => sum + r.duration_ms, 0);
    suites.push(
      [
        `  <testsuite name="${xml(`${info.target} ${area}`)}" tests="${results.length}" failures="${areaFailures}" errors="0" skipped="${areaSkipped}" time="${seconds(time)}" timestamp="${info.started_at}">`,
        '    <properties>',
        `      <property name="target" value="${xml(info.target)}"/>`,
        `      <property name="runtime" value="${xml(`${info.runtime} ${info.runtime_version}`)}"/>`,
        `      <property name="claims_node_version" value="${xml(info.claims_node_version)}"/>`,
        '    </properties>',
        ...results.map((result) => junitCase(report, result)),
        '  </testsuite>',
      ].join('\n'),
    );
  }
  const stale = unreported(report);
  if (stale.length > 0) {
    failures += stale.length;
    suites.push(
      [
        `  <testsuite name="${xml(`${info.target} EXPECTATIONS`)}" tests="${stale.length}" failures="${stale.length}" errors="0" skipped="0" time="0" timestamp="${info.started_at}">`,
        ...stale.map((u) => staleCase(report, u)),
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(`cluster-conformance ${info.target}`)}" tests="${report.results.length + stale.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(info.duration_ms)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function cell(text: string): string {
  return stripVTControlCharacters(text).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Markdown for a CI step summary: unexpected results first, then counts per area. */
export function toMarkdown(report: ConformanceReport): string {
  const { run_info: info, summary } = report;
  const unexpected = report.unexpected;
  const messageOf = (id: string) => report.results.find((r) => r.id === id)?.message ?? '';
  const lines = [
    `## cluster-conformance: ${info.target}`,
    '',
    `${info.runtime} ${info.runtime_version}, claims Node ${info.claims_node_version}. ` +
      `${unexpected.length === 0 ? '**All results as expected.**' : `**${unexpected.length} unexpected result${unexpected.length === 1 ? '' : 's'}.**`} ` +
      `Requirements: ${summary.requirements_passed} passed, ${summary.requirements_failed} failed, ` +
      `${summary.requirements_skipped} not run, of ${summary.requirements_total}.`,
    '',
  ];
  if (unexpected.length > 0) {
    lines.push(
      '### Unexpected results',
      '',
      '| test | result | expected | what to change | message |',
      '|---|---|---|---|---|',
    );
    for (const u of unexpected) {
      lines.push(
        `| ${cell(u.id)} | ${u.status} | ${u.expected} | ${cell(u.advice)} | ${cell(messageOf(u.id).split('\n').slice(0, 6).join('\n'))} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    '### By area',
    '',
    '| area | passed | expected fail | unexpected | skipped |',
    '|---|---:|---:|---:|---:|',
  );
  const count = (results: ResultEntry[], verdict: Verdict) => results.filter((r) => verdictOf(r) === verdict).length;
  const row = (name: string, results: ResultEntry[]) =>
    `| ${name} | ${count(results, 'pass')} | ${count(results, 'expected-fail')} | ${count(results, 'unexpected')} | ${count(results, 'skip')} |`;
  for (const [area, results] of groupByArea(report.results)) lines.push(row(area, results));
  lines.push(row('**total**', report.results), '');
  const expectedFailures = report.results.filter((r) => verdictOf(r) === 'expected-fail');
  if (expectedFailures.length > 0) {
    lines.push('<details><summary>Expected failures</summary>', '', '| test | reason |', '|---|---|');
    for (const r of expectedFailures) lines.push(`| ${cell(r.id)} | ${cell(r.reason ?? '')} |`);
    lines.push('', '</details>', '');
  }
  return lines.join('\n');
}

/** The JUnit and Markdown views beside the JSON report. */
export function writeViews(report: ConformanceReport): { junit: string; markdown: string } {
  const json = reportPath(report.run_info.target);
  const views = { junit: toJUnit(report), markdown: toMarkdown(report) };
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(json.replace(/\.json$/, '.xml'), views.junit);
  writeFileSync(json.replace(/\.json$/, '.md'), views.markdown);
  return views;
}
