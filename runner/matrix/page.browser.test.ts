// The matrix page in headless Chromium (Debian's), built from the real reports
// in reports/: it renders, its totals are the reports' totals, its filters
// hide the right rows, failure messages show, the history view lists what
// changed between two runs, and it requests nothing from the network.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS } from '../../conformance/harness/paths.js';
import { skipWithoutTool } from '../../conformance/harness/system_tools.js';
import { areas, requirements } from '../../spec/catalogue.js';
import { type ConformanceReport, type ResultEntry, reportPath, summarize } from '../results/reporter.js';
import { archiveRun, loadHistory, readReports } from './history.js';
import { renderMatrixPage, writeMatrixPage } from './page.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = path.join(REPORTS, 'artifacts', 'matrix.png');
const FAILURE_MESSAGE = 'made to fail by the matrix page test';

type Kind = 'pass' | 'xfail' | 'unexpected' | 'skip';

/** The oracle: what a requirement's cell must show, from the report alone. */
function expectedKind(report: ConformanceReport, reqId: string): Kind {
  const tests = report.results.filter((r) => r.requirements.includes(reqId));
  const listed = new Set(report.unexpected.map((u) => u.id));
  if (tests.some((t) => t.status !== t.expected || listed.has(t.id))) return 'unexpected';
  if (tests.some((t) => t.status === 'fail')) return 'xfail';
  return tests.some((t) => t.status === 'pass') ? 'pass' : 'skip';
}

function writeReport(dir: string, report: ConformanceReport): string {
  const file = path.join(dir, path.basename(reportPath(report.run_info.target)));
  writeFileSync(file, JSON.stringify(report));
  return file;
}

/** A copy of the report with one result failing, its summary recounted. */
function withFailure(
  report: ConformanceReport,
  result: ResultEntry,
  target = report.run_info.target,
): ConformanceReport {
  const results = report.results.map((r) =>
    r === result ? { ...r, status: 'fail' as const, verdict: 'unexpected' as const, message: FAILURE_MESSAGE } : r,
  );
  return {
    ...report,
    run_info: { ...report.run_info, target },
    results,
    summary: summarize(results, report.summary.unexpected + 1),
  };
}

/** A passing test whose requirements pass on that target with nothing unexpected: failing it changes exactly them. */
function cleanPass(report: ConformanceReport): ResultEntry | undefined {
  return report.results.find(
    (r) =>
      r.status === 'pass' &&
      r.requirements.length > 0 &&
      r.requirements.every((id) => expectedKind(report, id) === 'pass'),
  );
}

/**
 * The report's summary; for a report written against an older catalogue (a
 * leftover in reports/), its results recounted against the current one.
 */
function summaryOf(report: ConformanceReport): ConformanceReport['summary'] {
  return report.summary.requirements_total === requirements.length
    ? report.summary
    : summarize(report.results, report.summary.unexpected);
}

async function countVisibleRows(page: Page): Promise<number> {
  return page.locator('tr.req:visible').count();
}

const noChromium = skipWithoutTool('the matrix page test', CHROMIUM, existsSync(CHROMIUM), 'apt-get install chromium');

describe.skipIf(noChromium)('the matrix page', () => {
  let browser: Browser | undefined;
  let page: Page;
  let dir: string;
  let reports: ConformanceReport[];
  let changed: { target: string; requirements: string[] };
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: install Debian's chromium (apt-get install chromium)`);
    const real = existsSync(REPORTS) ? readReports(REPORTS) : [];
    if (real.length === 0) {
      throw new Error(
        `no conformance-*.json in ${REPORTS}: run a target first (node dist/runner/cli/cli.js --target reference)`,
      );
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'matrix-page-'));
    reports = [...real];
    for (const report of real) writeReport(dir, report);
    // Make sure there is a failure whose message the page must show.
    if (!real.some((report) => report.results.some((r) => r.status === 'fail'))) {
      const source = real.find((report) => cleanPass(report) !== undefined);
      if (!source) throw new Error('no report has a passing test to turn into a failure');
      const failing = withFailure(source, cleanPass(source)!, `${source.run_info.target}-with-a-failure`);
      writeReport(dir, failing);
      reports.push(failing);
    }
    // Two past runs: the reports as they are, then one test of one target failing.
    const changedSource = reports.find((report) => cleanPass(report) !== undefined);
    if (!changedSource) throw new Error('no report has a passing test to change between two runs');
    const changedResult = cleanPass(changedSource)!;
    changed = { target: changedSource.run_info.target, requirements: changedResult.requirements };
    const staging = mkdtempSync(path.join(dir, 'staging-'));
    const runFiles = reports.map((report) => writeReport(staging, report));
    archiveRun(runFiles, dir, new Date('2026-01-01T00:00:00Z'));
    writeReport(staging, withFailure(changedSource, changedResult)); // replaces that target's file
    archiveRun(runFiles, dir, new Date('2026-01-02T00:00:00Z'));

    const written = writeMatrixPage({ reports: dir, out: path.join(dir, 'matrix.html') });
    expect(written).toEqual({ path: path.join(dir, 'matrix.html'), targets: reports.length, runs: 2 });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(pathToFileURL(written.path).href);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders one row per requirement and one column per target', async () => {
    await expect(page.title()).resolves.toContain('compatibility matrix');
    const columns = await page
      .locator('#matrix thead th.target')
      .evaluateAll((ths) => ths.map((th) => (th as HTMLElement).dataset.target));
    expect(new Set(columns)).toEqual(new Set(reports.map((r) => r.run_info.target)));
    expect(columns).toHaveLength(reports.length);
    if (columns.includes('reference') && columns.includes('node'))
      expect(columns.indexOf('reference')).toBeLessThan(columns.indexOf('node'));
    expect(await page.locator('tr.req').count()).toBe(requirements.length);
    expect(await page.locator('td.cell').count()).toBe(requirements.length * reports.length);
    expect(await page.locator('#shown-count').getAttribute('data-shown')).toBe(String(requirements.length));
  });

  it('shows every cell as the reports say', async () => {
    for (const report of reports) {
      const target = report.run_info.target;
      const shown = await page
        .locator(`td.cell[data-target="${target}"]`)
        .evaluateAll((tds) =>
          Object.fromEntries(tds.map((td) => [(td as HTMLElement).dataset.req, (td as HTMLElement).dataset.kind])),
        );
      expect(shown, target).toEqual(
        Object.fromEntries(requirements.map((req) => [req.id, expectedKind(report, req.id)])),
      );
    }
  });

  it("shows totals per target equal to the reports' summaries", async () => {
    for (const report of reports) {
      const cell = page.locator(`#target-totals td[data-target="${report.run_info.target}"]`);
      const s = summaryOf(report);
      expect(await cell.getAttribute('data-pass')).toBe(String(s.requirements_passed));
      expect(await cell.getAttribute('data-fail')).toBe(String(s.requirements_failed));
      expect(await cell.getAttribute('data-skip')).toBe(String(s.requirements_skipped));
      expect(await cell.innerText()).toContain(
        `${s.requirements_passed}✓ ${s.requirements_failed}✗ ${s.requirements_skipped}–`,
      );
      const unexpectedTests = page.locator(`#unexpected-tests td[data-target="${report.run_info.target}"]`);
      expect(await unexpectedTests.innerText()).toBe(String(s.unexpected));
    }
    const overall = page.locator('#overall-totals');
    expect(await overall.getAttribute('data-pass')).toBe(
      String(reports.reduce((n, r) => n + summaryOf(r).requirements_passed, 0)),
    );
    expect(await overall.getAttribute('data-fail')).toBe(
      String(reports.reduce((n, r) => n + summaryOf(r).requirements_failed, 0)),
    );
  });

  it('marks a report written against another catalogue, whose totals it recounts', async () => {
    for (const report of reports) {
      const stale = report.summary.requirements_total !== requirements.length;
      const th = page.locator(`#matrix thead th.target[data-target="${report.run_info.target}"]`);
      expect(await th.getAttribute('data-stale'), report.run_info.target).toBe(stale ? '' : null);
    }
  });

  it("shows totals per area that add up to the reports' summaries", async () => {
    for (const report of reports) {
      const target = report.run_info.target;
      const sum = { pass: 0, fail: 0, skip: 0 };
      for (const area of areas) {
        const status = (id: string): 'pass' | 'fail' | 'skip' => {
          const tests = report.results.filter((r) => r.requirements.includes(id));
          return tests.some((t) => t.status === 'fail')
            ? 'fail'
            : tests.some((t) => t.status === 'pass')
              ? 'pass'
              : 'skip';
        };
        const counts = { pass: 0, fail: 0, skip: 0 };
        for (const req of area.requirements) counts[status(req.id)]++;
        const cell = page.locator(`tr.area-row td[data-area="${area.id}"][data-target="${target}"]`);
        const shown = {
          pass: Number(await cell.getAttribute('data-pass')),
          fail: Number(await cell.getAttribute('data-fail')),
          skip: Number(await cell.getAttribute('data-skip')),
        };
        expect(shown, `${area.id} on ${target}`).toEqual(counts);
        sum.pass += counts.pass;
        sum.fail += counts.fail;
        sum.skip += counts.skip;
      }
      const s = summaryOf(report);
      expect(sum).toEqual({ pass: s.requirements_passed, fail: s.requirements_failed, skip: s.requirements_skipped });
    }
  });

  it('filters by area, tag and status', async () => {
    const env = areas.find((a) => a.id === 'ENV')!;
    await page.selectOption('#filter-area', 'ENV');
    expect(await countVisibleRows(page)).toBe(env.requirements.length);
    expect(
      await page
        .locator('tr.req:visible')
        .evaluateAll((rows) => rows.every((r) => (r as HTMLElement).dataset.area === 'ENV')),
    ).toBe(true);
    expect(await page.locator('tbody.area:visible').count()).toBe(1);
    await page.selectOption('#filter-area', '');

    await page.selectOption('#filter-tag', 'dgram');
    const dgram = requirements.filter((req) => (req.tags as string[]).includes('dgram'));
    expect(dgram.length).toBeGreaterThan(0);
    expect(await countVisibleRows(page)).toBe(dgram.length);
    await page.selectOption('#filter-tag', '');

    for (const kind of ['pass', 'xfail', 'unexpected', 'skip'] as const) {
      await page.selectOption('#filter-status', kind);
      const matching = requirements.filter((req) => reports.some((report) => expectedKind(report, req.id) === kind));
      expect(await countVisibleRows(page), kind).toBe(matching.length);
      expect(await page.locator('#shown-count').getAttribute('data-shown')).toBe(String(matching.length));
    }
    await page.selectOption('#filter-area', 'ENV');
    const bothFilters = env.requirements.filter((req) =>
      reports.some((report) => expectedKind(report, req.id) === 'skip'),
    );
    expect(await countVisibleRows(page)).toBe(bothFilters.length);

    await page.selectOption('#filter-area', '');
    await page.selectOption('#filter-status', '');
    expect(await countVisibleRows(page)).toBe(requirements.length);
  });

  it('shows a failure message on hover and on click', async () => {
    const report = reports.find((r) => r.results.some((x) => x.status === 'fail'))!;
    const failure = report.results.find((x) => x.status === 'fail' && x.requirements.length > 0)!;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes in a message
    const firstLine = failure.message.replace(/\x1b\[[0-9;]*m/g, '').split('\n')[0]!;
    const cell = page.locator(
      `td.cell[data-target="${report.run_info.target}"][data-req="${failure.requirements[0]}"]`,
    );
    expect(await cell.getAttribute('title')).toContain(firstLine);
    await expect(page.locator('#details').isVisible()).resolves.toBe(false);
    await cell.click();
    await expect(page.locator('#details').isVisible()).resolves.toBe(true);
    expect(await page.locator('#details').innerText()).toContain(firstLine);
    expect(await page.locator('#details h3').allInnerTexts()).toContain(failure.id);
    await page.click('#details-close');
    await expect(page.locator('#details').isVisible()).resolves.toBe(false);
  });

  it('lists the requirements whose result changed between two runs', async () => {
    const rows = await page.locator('#history-changes tr.change').evaluateAll((trs) =>
      trs.map((tr) => [
        (tr as HTMLElement).dataset.target,
        (tr as HTMLElement).dataset.req,
        ...Array.from(tr.children)
          .slice(3)
          .map((td) => td.textContent),
      ]),
    );
    const inCatalogueOrder = requirements.filter((req) => changed.requirements.includes(req.id));
    expect(rows).toEqual(inCatalogueOrder.map((req) => [changed.target, req.id, 'pass', 'unexpected result']));
    expect(await page.locator('#history-summary').getAttribute('data-changed')).toBe(String(inCatalogueOrder.length));
    // The same run on both sides: nothing changed.
    await page.selectOption('#history-from', { index: 1 });
    expect(await page.locator('#history-changes tr.change').count()).toBe(0);
    expect(await page.locator('#history-summary').getAttribute('data-changed')).toBe('0');
    await page.selectOption('#history-from', { index: 0 });
  });

  it('lists the failures that belong to no requirement', async () => {
    const unowned = reports.flatMap((r) => r.results.filter((x) => x.status === 'fail' && x.requirements.length === 0));
    expect(await page.locator('#unowned-failures li').count()).toBe(unowned.length);
  });

  it('keeps a screenshot', async () => {
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it('requests nothing from the network and reports no error', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('says so when there are fewer than two runs', async () => {
    const single = path.join(dir, 'single.html');
    writeFileSync(
      single,
      renderMatrixPage({ reports, history: loadHistory(dir, areas).slice(0, 1), generatedAt: 'now' }),
    );
    await page.goto(pathToFileURL(single).href);
    expect(await page.locator('#history-empty').innerText()).toContain('at least two are needed');
    expect(await page.locator('#history-changes').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
