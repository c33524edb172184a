// reference/ has no import cycle, not even through a type-only import: each
// file can be read before the files that use it, and a role that needs
// another's types takes them from a file below both (protocol.ts, worker.ts,
// server_handle.ts). The scanner reads every form of import TypeScript has
// (import … from, import type, export … from, a bare import, import(),
// require(), import x = require()) and skips comments, strings and regular
// expressions, so an import written in a comment is not one.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT } from './paths.js';

const REFERENCE = path.join(ROOT, 'reference');

type Token = { kind: 'word' | 'string' | 'punct' | 'other'; value: string };

const REGEX_AFTER_WORD = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'instanceof',
  'yield',
  'await',
]);

/** A small lexer: enough of TypeScript to tell code from comments, strings, templates and regular expressions. */
function tokens(source: string): Token[] {
  const out: Token[] = [];
  const templates: number[] = []; // Brace depth at each open `${`.
  let depth = 0;
  let at = 0;
  const regexMayStart = () => {
    const last = out[out.length - 1];
    if (last === undefined) return true;
    if (last.kind === 'word') return REGEX_AFTER_WORD.has(last.value);
    return last.kind === 'punct' && !/[)\]}]/.test(last.value);
  };
  const template = () => {
    // From after a backtick or a `}` that closes `${`; returns after the closing backtick or `${`.
    while (at < source.length) {
      const char = source[at++];
      if (char === '\\') at++;
      else if (char === '`') return;
      else if (char === '$' && source[at] === '{') {
        at++;
        templates.push(depth);
        return;
      }
    }
  };
  while (at < source.length) {
    const char = source[at]!;
    if (/\s/.test(char)) {
      at++;
    } else if (source.startsWith('//', at)) {
      at = source.indexOf('\n', at) === -1 ? source.length : source.indexOf('\n', at);
    } else if (source.startsWith('/*', at)) {
      at = source.indexOf('*/', at + 2) === -1 ? source.length : source.indexOf('*/', at + 2) + 2;
    } else if (char === '"' || char === "'") {
      let value = '';
      at++;
      while (at < source.length && source[at] !== char) {
        if (source[at] === '\\') at++;
        value += source[at++];
      }
      at++;
      out.push({ kind: 'string', value });
    } else if (char === '`') {
      at++;
      template();
      out.push({ kind: 'other', value: 'template' });
    } else if (char === '/' && regexMayStart()) {
      let inClass = false;
      at++;
      while (at < source.length && (source[at] !== '/' || inClass)) {
        if (source[at] === '\\') at++;
        else if (source[at] === '[') inClass = true;
        else if (source[at] === ']') inClass = false;
        at++;
      }
      at++;
      while (/\w/.test(source[at] ?? '')) at++;
      out.push({ kind: 'other', value: 'regex' });
    } else if (/[\w$]/.test(char)) {
      const word = /^[\w$]+/.exec(source.slice(at))![0];
      at += word.length;
      out.push({ kind: 'word', value: word });
    } else {
      at++;
      if (char === '{') depth++;
      if (char === '}') {
        if (templates.length > 0 && templates[templates.length - 1] === depth) {
          templates.pop();
          template();
          continue;
        }
        depth--;
      }
      out.push({ kind: 'punct', value: char });
    }
  }
  return out;
}

/** The module specifiers a source imports, type-only imports included, in order. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const list = tokens(source);
  list.forEach((token, i) => {
    if (token.kind !== 'string') return;
    const before = list[i - 1];
    const call = list[i - 2];
    const isWord = (t: Token | undefined, ...words: string[]) => t?.kind === 'word' && words.includes(t.value);
    if (
      isWord(before, 'from', 'import') ||
      (before?.value === '(' && isWord(call, 'import', 'require') && list[i + 1]?.value === ')')
    )
      found.push(token.value);
  });
  return found;
}

/** Each .ts file under dir (relative name) and the files under dir it imports. */
function importGraph(dir: string): Map<string, string[]> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .sort();
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = importsOf(readFileSync(path.join(dir, file), 'utf8'))
      .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'))
      .map((specifier) => path.relative(dir, path.resolve(path.dirname(path.join(dir, file)), specifier)))
      .map((target) => target.replace(/\.js$/, '.ts'))
      .map((target) =>
        target.endsWith('.ts')
          ? target
          : files.includes(`${target}.ts`)
            ? `${target}.ts`
            : path.join(target, 'index.ts'),
      )
      .filter((target) => files.includes(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * The import cycles a depth-first walk closes, as `a.ts → b.ts → a.ts`, each starting from its first
 * file by name: none exactly when the graph has no cycle (not every cycle of a tangle is listed).
 */
function cyclesOf(graph: Map<string, string[]>): string[] {
  const cycles = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const first = cycle.indexOf([...cycle].sort()[0]!);
        const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
        cycles.add([...rotated, rotated[0]].join(' → '));
      } else if (state.get(next) === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return [...cycles].sort();
}

test('reference/ has no import cycle, type-only imports included', () => {
  const graph = importGraph(REFERENCE);
  // The scanner sees the imports: the router takes its types from protocol.ts, the primary its handles.
  expect(graph.size).toBeGreaterThan(15);
  expect(graph.get('utils.ts')).toContain('protocol.ts');
  expect(graph.get('primary.ts')).toEqual(
    expect.arrayContaining(['round_robin_handle.ts', 'shared_handle.ts', 'server_handle.ts']),
  );
  expect(cyclesOf(graph), 'import cycles in reference/').toEqual([]);
});

describe('the cycle check can fail', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-conformance-imports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('every import form counts, and nothing in comments, strings or regular expressions', () => {
    const source = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "import {\n  c,\n  type C,\n} from './c.js';",
      "export { d } from './d.js';",
      "export * from './e.js';",
      "import './f.js';",
      "const g = require('./g.js');",
      "type H = typeof import('./h.js');",
      "import i = require('./i.js');",
      "// import x from './comment.js';",
      "/* import y from './block.js'; */",
      'const s = "import z from \'./string.js\'";',
      "const t = `${`from './template.js'`} ${require('./in-template.js')}`;",
      "const r = /from '.\\/regex.js'/;",
      "const u = 1 / 2; import('./after-division.js');",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      './a.js',
      './b.js',
      './c.js',
      './d.js',
      './e.js',
      './f.js',
      './g.js',
      './h.js',
      './i.js',
      './in-template.js',
      './after-division.js',
    ]);
  });

  test('a cycle through a type-only import is reported, and a file outside it is not', () => {
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './sub/b.js';\nexport const a = 1;\n");
    writeFileSync(path.join(dir, 'sub', 'b.ts'), "import { a } from '../a.js';\nexport type B = typeof a;\n");
    writeFileSync(path.join(dir, 'c.ts'), "import { a } from './a.js';\nimport path from 'node:path';\n");
    writeFileSync(path.join(dir, 'self.ts'), "export type { Self } from './self';\nexport type Self = 1;\n");
    expect(cyclesOf(importGraph(dir))).toEqual(['a.ts → sub/b.ts → a.ts', 'self.ts → self.ts']);
  });
});
