// reports/matrix.html: the compatibility matrix as one static page (style,
// data and script inlined; it loads nothing), built from the reports in
// reports/ and the past runs in reports/history/.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { REPORTS, SUITE_VERSION } from '../../conformance/harness/paths.js';
import { type Area, CAPABILITIES, areas as catalogueAreas, type Requirement } from '../../spec/catalogue.js';
import type { ConformanceReport } from '../results/reporter.js';
import { type HistoryRun, loadHistory, readReports } from './history.js';
import {
  buildMatrix,
  CELL_KINDS,
  type Cell,
  type CellKind,
  type Counts,
  countCells,
  type MatrixModel,
  sumCounts,
} from './model.js';
import { type ClientData, matrixPageClient } from './page_client.js';
import { MATRIX_PAGE_CSS } from './page_style.js';

export interface MatrixPageInput {
  reports: readonly ConformanceReport[];
  history: readonly HistoryRun[];
  generatedAt: string;
  areas?: readonly Area[];
}

const SYMBOL: Record<CellKind, string> = { pass: '✓', xfail: '✗', unexpected: '!', skip: '–' };
const TITLE_MESSAGE_CHARS = 600;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script>: nothing in it may close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function countsAttributes(counts: Counts): string {
  return `data-pass="${counts.pass}" data-fail="${counts.fail}" data-skip="${counts.skip}" data-unexpected="${counts.unexpected}"`;
}

function countsCell(counts: Counts, attributes: string): string {
  const unexpected =
    counts.unexpected > 0 ? ` <span class="n-unexpected" title="unexpected">${counts.unexpected}!</span>` : '';
  return (
    `<td class="totals" ${attributes} ${countsAttributes(counts)} title="passed, failed, skipped">` +
    `<span class="n-pass">${counts.pass}✓</span> <span class="n-fail">${counts.fail}✗</span> <span class="n-skip">${counts.skip}–</span>${unexpected}</td>`
  );
}

/** The hover text: the verdict, then each test that did not pass with its message. */
function cellTitle(target: string, req: Requirement, cell: Cell): string {
  const lines = [`${req.id} on ${target}: ${CELL_KINDS[cell.kind]}`];
  if (cell.tests.length === 0) lines.push('no test of this requirement ran');
  for (const test of cell.tests) {
    if (test.verdict === 'pass') continue;
    const verdict =
      test.verdict === 'unexpected' ? `unexpected: ${test.status}, expected ${test.expected}` : test.verdict;
    const message =
      test.message.length > TITLE_MESSAGE_CHARS ? `${test.message.slice(0, TITLE_MESSAGE_CHARS)}…` : test.message;
    lines.push('', `${test.id} (${verdict})`, ...(message ? [message] : []));
  }
  return lines.join('\n');
}

/** A report written against another version of the catalogue: its cells are recounted against this one. */
function staleNote(model: MatrixModel, target: string, requirementCount: number): string | undefined {
  const total = model.summaries[target]!.requirements_total;
  return total === requirementCount
    ? undefined
    : `its report counts ${total} requirements, the catalogue has ${requirementCount}: an older run, recounted here; run the target again`;
}

function header(model: MatrixModel, requirementCount: number): string {
  const columns = model.targets.map((info) => {
    const stale = staleNote(model, info.target, requirementCount);
    const title = `${info.runtime} ${info.runtime_version}, claims Node ${info.claims_node_version}; ${info.started_at}${stale ? `\n${stale}` : ''}`;
    return (
      `<th class="target${stale ? ' stale' : ''}" data-target="${escapeHtml(info.target)}"${stale ? ' data-stale' : ''} title="${escapeHtml(title)}">` +
      `${escapeHtml(info.target)}${stale ? ' ⚠' : ''}<small>${escapeHtml(`${info.runtime} ${info.runtime_version}`)}</small></th>`
    );
  });
  return `<thead><tr><th>requirement</th><th>statement</th>${columns.join('')}<th title="over every target">all targets</th></tr></thead>`;
}

function areaBody(model: MatrixModel, area: Area): string {
  const targets = model.targets.map((info) => info.target);
  const totals = targets.map((target) => model.areaTotals[area.id]![target]!);
  const areaRow =
    `<tr class="area-row"><th colspan="2">${escapeHtml(`${area.id}: ${area.title}`)}</th>` +
    totals
      .map((counts, i) => countsCell(counts, `data-area="${area.id}" data-target="${escapeHtml(targets[i]!)}"`))
      .join('') +
    countsCell(sumCounts(totals), `data-area="${area.id}" data-all-targets`) +
    '</tr>';
  const rows = area.requirements.map((req) => {
    const cells = targets.map((target) => ({ target, cell: model.cells[target]![req.id]! }));
    const kinds = [...new Set(cells.map(({ cell }) => cell.kind))].join(' ');
    const rowTotal = countCells(cells.map(({ cell }) => cell));
    const tds = cells.map(
      ({ target, cell }) =>
        `<td class="cell kind-${cell.kind}" tabindex="0" data-target="${escapeHtml(target)}" ` +
        `data-req="${req.id}" data-kind="${cell.kind}" title="${escapeHtml(cellTitle(target, req, cell))}">${SYMBOL[cell.kind]}</td>`,
    );
    return (
      `<tr class="req" data-req="${req.id}" data-area="${area.id}" data-tags="${req.tags.join(' ')}" data-kinds="${kinds}">` +
      `<th class="req-id" scope="row">${req.id}<small>${req.level}</small></th>` +
      `<td class="statement" title="${escapeHtml(`${req.statement}\nNode ${req.nodeVersions}${req.tags.length ? `; needs ${req.tags.join(', ')}` : ''}`)}">${escapeHtml(req.statement)}</td>` +
      tds.join('') +
      countsCell(rowTotal, `data-req="${req.id}"`) +
      '</tr>'
    );
  });
  return `<tbody class="area" data-area="${area.id}">${areaRow}${rows.join('')}</tbody>`;
}

function footer(model: MatrixModel): string {
  const targets = model.targets.map((info) => info.target);
  const totals = targets.map((target) => model.targetTotals[target]!);
  const unexpectedTests = targets.map(
    (target) =>
      `<td class="totals" data-target="${escapeHtml(target)}" data-unexpected-tests="${model.summaries[target]!.unexpected}">` +
      `${model.summaries[target]!.unexpected}</td>`,
  );
  return (
    '<tfoot><tr id="target-totals"><th colspan="2">requirements per target: passed, failed, skipped</th>' +
    totals.map((counts, i) => countsCell(counts, `data-target="${escapeHtml(targets[i]!)}"`)).join('') +
    countsCell(sumCounts(totals), 'id="overall-totals"') +
    '</tr>' +
    `<tr id="unexpected-tests"><th colspan="2">tests with an unexpected result</th>${unexpectedTests.join('')}<td></td></tr></tfoot>`
  );
}

/** [value, label, title] */
/** Failures no requirement owns (a test file that did not load): the cells cannot show them. */
function unownedFailures(reports: readonly ConformanceReport[]): string {
  const items = reports.flatMap((report) =>
    report.results
      .filter((result) => result.status === 'fail' && result.requirements.length === 0)
      .map(
        (result) =>
          `<li><b>${escapeHtml(report.run_info.target)}</b>: ${escapeHtml(result.id)}<pre class="message">` +
          `${escapeHtml(stripVTControlCharacters(result.message))}</pre></li>`,
      ),
  );
  return items.length === 0
    ? ''
    : `<h2>Failures of no requirement</h2><ul id="unowned-failures">${items.join('')}</ul>`;
}

function options(values: readonly (readonly [string, string, string?])[]): string {
  return values
    .map(
      ([value, label, title]) =>
        `<option value="${escapeHtml(value)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(label)}</option>`,
    )
    .join('');
}

function filters(areas: readonly Area[]): string {
  const tags = [...new Set(areas.flatMap((area) => area.requirements.flatMap((req) => req.tags)))].sort();
  return (
    '<form class="filters" onsubmit="return false">' +
    `<label>area <select id="filter-area">${options([['', 'all areas'], ...areas.map((a) => [a.id, `${a.id}: ${a.title}`] as const)])}</select></label>` +
    `<label>tag <select id="filter-tag">${options([['', 'any tag'], ...tags.map((t) => [t, t, CAPABILITIES[t]] as const)])}</select></label>` +
    `<label>status <select id="filter-status">${options([['', 'any status'], ...Object.entries(CELL_KINDS).map(([k, label]) => [k, `has ${label}`] as const)])}</select></label>` +
    '<output id="shown-count"></output></form>'
  );
}

function historySection(history: readonly HistoryRun[]): string {
  const intro =
    '<h2 id="history">History</h2><p>Each <code>npm run matrix</code> keeps its ' +
    'reports in <code>reports/history/&lt;time&gt;/</code>. ' +
    'Pick two runs to see, per target, the requirements whose result changed.</p>';
  if (history.length < 2) {
    return (
      `${intro}<p id="history-empty">${history.length} run${history.length === 1 ? '' : 's'} in reports/history: ` +
      'at least two are needed to compare.</p>'
    );
  }
  const runOptions = (selected: number) =>
    history
      .map(
        (run, i) =>
          `<option value="${escapeHtml(run.name)}"${i === selected ? ' selected' : ''}>${escapeHtml(run.name)} ` +
          `(${Object.keys(run.targets).length} targets)</option>`,
      )
      .join('');
  return (
    `${intro}<form class="filters" onsubmit="return false">` +
    `<label>from <select id="history-from">${runOptions(history.length - 2)}</select></label>` +
    `<label>to <select id="history-to">${runOptions(history.length - 1)}</select></label></form>` +
    '<p id="history-summary"></p><table ' +
    'id="history-table"><thead><tr><th>target</th><th>requirement</th><th>statement</th>' +
    '<th>before</th><th>after</th></tr></thead><tbody id="history-changes"></tbody></table>'
  );
}

function clientData(model: MatrixModel): ClientData {
  const statements: Record<string, string> = {};
  for (const area of model.areas) for (const req of area.requirements) statements[req.id] = req.statement;
  const cells: ClientData['cells'] = {};
  for (const [target, byReq] of Object.entries(model.cells)) {
    cells[target] = Object.fromEntries(
      Object.entries(byReq).map(([id, cell]) => [id, { kind: cell.kind, tests: cell.tests }]),
    );
  }
  return { kinds: CELL_KINDS, statements, cells };
}

export function renderMatrixPage(input: MatrixPageInput): string {
  const areas = input.areas ?? catalogueAreas;
  const model = buildMatrix(input.reports, areas);
  const requirementCount = areas.reduce((n, area) => n + area.requirements.length, 0);
  const legend = (Object.entries(CELL_KINDS) as [CellKind, string][])
    .map(([kind, label]) => `<span class="kind-${kind}">${SYMBOL[kind]} ${label}</span>`)
    .join('');
  const body =
    model.targets.length === 0
      ? '<p id="no-reports">No reports in reports/: run <code>npm run matrix</code> or the CLI on a target first.</p>'
      : `<table id="matrix">${header(model, requirementCount)}${areas.map((area) => areaBody(model, area)).join('')}${footer(model)}</table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cluster-conformance: compatibility matrix</title>
<style>${MATRIX_PAGE_CSS}</style>
</head>
<body>
<h1>cluster-conformance: compatibility matrix</h1>
<p class="meta">suite ${escapeHtml(SUITE_VERSION)}; ${model.targets.length} targets, ${requirementCount} requirements; generated ${escapeHtml(input.generatedAt)}.
A cell is a requirement on a target: it fails if any of its tests failed, passes if they all passed, and is skipped when none ran
(out of the target's Node range or a capability it lacks). Hover over a cell for the messages, click it for its tests.</p>
<p class="legend">${legend}</p>
${filters(areas)}
${body}
${unownedFailures(input.reports)}
<aside id="details" hidden><button type="button" id="details-close">close</button><div id="details-body"></div></aside>
${historySection(input.history)}
<script type="application/json" id="matrix-data">${scriptJson(clientData(model))}</script>
<script type="application/json" id="history-data">${scriptJson(input.history)}</script>
<script>(${matrixPageClient.toString()})();</script>
</body>
</html>
`;
}

export function writeMatrixPage(options: { reports?: string; out?: string } = {}): {
  path: string;
  targets: number;
  runs: number;
} {
  const reportsDir = options.reports ?? REPORTS;
  const out = options.out ?? path.join(reportsDir, 'matrix.html');
  const reports = existsSync(reportsDir) ? readReports(reportsDir) : [];
  const history = loadHistory(reportsDir, catalogueAreas);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, renderMatrixPage({ reports, history, generatedAt: new Date().toISOString() }));
  return { path: out, targets: reports.length, runs: history.length };
}
