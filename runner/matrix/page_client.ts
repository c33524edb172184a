// The matrix page's script: filters, the details panel and the history view.
// It runs in the browser, inlined with Function#toString, so it must not use
// anything from outside its own body.

import type { HistoryRun } from './history.js';
import type { Cell } from './model.js';

export interface ClientData {
  kinds: Record<string, string>;
  statements: Record<string, string>;
  /** cells[target][requirement id] */
  cells: Record<string, Record<string, Omit<Cell, 'status'>>>;
}

export function matrixPageClient(): void {
  const element = <T extends HTMLElement>(id: string): T => {
    const found = document.getElementById(id);
    if (!found) throw new Error(`matrix page: no #${id}`);
    return found as T;
  };
  const make = (tag: string, text?: string, className?: string): HTMLElement => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  };
  const data = JSON.parse(element('matrix-data').textContent ?? '{}') as ClientData;
  const runs = JSON.parse(element('history-data').textContent ?? '[]') as HistoryRun[];

  // Filters: a requirement row shows when it matches the area, the tag and has a cell of the status.
  const area = element<HTMLSelectElement>('filter-area');
  const tag = element<HTMLSelectElement>('filter-tag');
  const status = element<HTMLSelectElement>('filter-status');
  const shownCount = element('shown-count');
  const rows = Array.from(document.querySelectorAll<HTMLTableRowElement>('tr.req'));
  const applyFilters = (): void => {
    let shown = 0;
    for (const row of rows) {
      const visible =
        (area.value === '' || row.dataset.area === area.value) &&
        (tag.value === '' || (row.dataset.tags ?? '').split(' ').includes(tag.value)) &&
        (status.value === '' || (row.dataset.kinds ?? '').split(' ').includes(status.value));
      row.hidden = !visible;
      if (visible) shown++;
    }
    for (const body of Array.from(document.querySelectorAll<HTMLElement>('tbody.area'))) {
      body.hidden = body.querySelector('tr.req:not([hidden])') === null;
    }
    shownCount.dataset.shown = String(shown);
    shownCount.textContent = `${shown} of ${rows.length} requirements shown`;
  };
  for (const select of [area, tag, status]) select.addEventListener('change', applyFilters);
  applyFilters();

  // A click on a cell (or Enter on it) opens its tests, with their messages, in the details panel.
  const details = element('details');
  const detailsBody = element('details-body');
  const showCell = (cellNode: HTMLElement): void => {
    const target = cellNode.dataset.target ?? '';
    const req = cellNode.dataset.req ?? '';
    const cell = data.cells[target]?.[req];
    if (!cell) return;
    detailsBody.replaceChildren();
    detailsBody.append(
      make('h2', `${req} on ${target}`),
      make('p', data.statements[req] ?? ''),
      make('p', data.kinds[cell.kind] ?? cell.kind, `badge kind-${cell.kind}`),
    );
    if (cell.tests.length === 0) detailsBody.append(make('p', 'No test of this requirement ran on this target.'));
    for (const test of cell.tests) {
      const block = make('section', undefined, 'test');
      const verdict = test.status === test.expected ? test.status : `${test.status} (expected ${test.expected})`;
      block.append(make('h3', test.id), make('p', verdict, `verdict status-${test.status}`));
      if (test.message) block.append(make('pre', test.message, 'message'));
      if (test.out_of_range) {
        block.append(make('p', `outside its Node range, it ran anyway: ${test.out_of_range.status}`));
        if (test.out_of_range.message) block.append(make('pre', test.out_of_range.message, 'message'));
      }
      detailsBody.append(block);
    }
    details.hidden = false;
  };
  const table = document.getElementById('matrix') ?? document.body;
  table.addEventListener('click', (event) => {
    const cellNode = (event.target as HTMLElement).closest<HTMLElement>('td.cell');
    if (cellNode) showCell(cellNode);
  });
  table.addEventListener('keydown', (event) => {
    const cellNode = (event.target as HTMLElement).closest<HTMLElement>('td.cell');
    if (cellNode && event.key === 'Enter') showCell(cellNode);
  });
  element('details-close').addEventListener('click', () => {
    details.hidden = true;
  });

  // History: the requirements whose cell changed between two archived runs, per target.
  if (runs.length < 2) return;
  const from = element<HTMLSelectElement>('history-from');
  const to = element<HTMLSelectElement>('history-to');
  const changes = element('history-changes');
  const summary = element('history-summary');
  const compare = (): void => {
    const older = runs[from.selectedIndex];
    const newer = runs[to.selectedIndex];
    if (!older || !newer) return;
    changes.replaceChildren();
    let changed = 0;
    const onlyIn = (a: HistoryRun, b: HistoryRun): string[] => Object.keys(a.targets).filter((t) => !(t in b.targets));
    for (const [target, newCells] of Object.entries(newer.targets)) {
      const oldCells = older.targets[target];
      if (!oldCells) continue;
      for (const [req, kind] of Object.entries(newCells)) {
        const before = oldCells[req];
        if (before === kind) continue;
        changed++;
        const row = document.createElement('tr');
        row.className = 'change';
        row.dataset.target = target;
        row.dataset.req = req;
        const cells = [
          make('td', target),
          make('td', req),
          make('td', data.statements[req] ?? ''),
          make('td', before ? (data.kinds[before] ?? before) : 'not in the older run', `kind-${before ?? 'none'}`),
          make('td', data.kinds[kind] ?? kind, `kind-${kind}`),
        ];
        row.append(...cells);
        changes.append(row);
      }
    }
    const notes = [
      `${changed} requirement result${changed === 1 ? '' : 's'} changed from ${older.name} to ${newer.name}`,
    ];
    const added = onlyIn(newer, older);
    const removed = onlyIn(older, newer);
    if (added.length > 0) notes.push(`only in the newer run: ${added.join(', ')}`);
    if (removed.length > 0) notes.push(`only in the older run: ${removed.join(', ')}`);
    summary.dataset.changed = String(changed);
    summary.textContent = `${notes.join('; ')}.`;
  };
  from.addEventListener('change', compare);
  to.addEventListener('change', compare);
  compare();
}
