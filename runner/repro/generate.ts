// `cluster-conformance repro`: one test, or every test of a requirement, as
// one self-contained CommonJS script. The script carries:
//   - a header: the requirement, its source and Node range, how to run it;
//   - the test as the suite has it (tsc's output of conformance/*.test.ts:
//     the test's statement, the helpers it uses, its imports);
//   - the case programs it starts (fixtures/), unpacked at run time;
//   - the harness the test uses (CaseRun, loopback clients, assertions), with
//     stand-ins for vitest (bundle.ts), bundled by esbuild.
// It runs on the runtime that runs it (node, bun, deno run -A) and needs
// nothing else: not this package, not vitest.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { FIXTURES, REFERENCE_ENTRY, ROOT, SUITE_VERSION } from '../../conformance/harness/paths.js';
import { requirement } from '../../spec/catalogue.js';
import { type ExpectationEntry, loadExpectations } from '../results/expectations.js';
import { REFERENCE_CLAIMS_NODE } from '../targets/kinds/reference.js';
import { TEST_TIMEOUT_MS } from '../targets/target.js';
import { bundleOptions, loadEsbuild } from './bundle.js';
import type { CatalogueTest, TestFile } from './catalogue_tests.js';
import type { ReproFacts, ReproFiles, ReproRequirement } from './facts.js';
import { MATCHERS } from './runtime/expect.js';
import { type ImportBinding, isBuiltin, mentions } from './source.js';

const RUNTIME_RUN = path.join(ROOT, 'dist', 'runner', 'repro', 'runtime', 'run.js');
/** As conformance_test.ts: waits give up this long before a test's timeout. */
const DEADLINE_MARGIN_MS = 1500;
/** The `to...` methods of JavaScript's own objects ((8).toString()), which are not matchers. */
const JS_METHODS = new Set(
  [Object, String, Number, BigInt, Symbol, Date, Array, RegExp, Error, Function, Buffer].flatMap((type) =>
    Object.getOwnPropertyNames(type.prototype),
  ),
);

/** Names the script itself declares at its top level. */
const SCRIPT_NAMES = ['REPRO', 'harness', 'loadHarness', 'caseFiles'];

/** The oldest Node a script runs on: its harness part is ES2021 (the case programs run anywhere). */
export const SCRIPT_NODE = '16.0.0';

/**
 * Which runtime a target runs its cases with, and how a script is run there;
 * undefined for a target a script cannot stand for (containers, adapters,
 * Node releases older than SCRIPT_NODE).
 */
export function scriptRuntime(target: string): { runtime: 'node' | 'bun' | 'deno'; command: string } | undefined {
  if (target === 'bun' || target.startsWith('bun@')) return { runtime: 'bun', command: 'bun' };
  if (target === 'deno' || target.startsWith('deno@')) return { runtime: 'deno', command: 'deno run -A' };
  const release = /^(?:reference@)?node@?(.*)$/.exec(target)?.[1];
  if (target === 'node' || target === 'reference' || target === 'reference-interop' || target === 'reference@node')
    return { runtime: 'node', command: 'node' };
  if (release === undefined || release === '') return undefined;
  const lowest = semver.validRange(release) === null ? null : semver.minVersion(release);
  if (lowest === null || semver.lt(lowest, SCRIPT_NODE)) return undefined;
  return { runtime: 'node', command: 'node' };
}

/** The tests a `repro` argument names: a requirement ID's tests, one test by its full name, or by a unique part of it. */
export function selectTests(tests: CatalogueTest[], query: string): CatalogueTest[] | string {
  if (/^[A-Z]+-\d+$/.test(query)) {
    if (requirement(query) === undefined) return `unknown requirement ${query} (see cluster-conformance list)`;
    const cited = tests.filter((test) => test.ids.includes(query));
    return cited.length > 0 ? cited : `no test checks ${query}`;
  }
  const exact = tests.filter((test) => test.name === query);
  if (exact.length > 0) return exact;
  const partial = tests.filter((test) => test.name.includes(query));
  if (partial.length === 1) return partial;
  if (partial.length === 0)
    return `no test is named ${JSON.stringify(query)} (a requirement ID, or a test's name or part of it)`;
  return `${partial.length} tests match ${JSON.stringify(query)}; name one: ${partial
    .slice(0, 3)
    .map((t) => JSON.stringify(t.name))
    .join(', ')}${partial.length > 3 ? ', ...' : ''}`;
}

/** What a reproduction keeps of one test file: the selected statements, the helpers they use, the imports those use. */
interface FilePart {
  file: TestFile;
  statements: number[];
  imports: { specifier: string; bindings: ImportBinding[] }[];
  code: string;
}

function filePart(file: TestFile, selected: readonly number[], testStatements: ReadonlySet<number>): FilePart {
  const { statements } = file.source;
  const kept = new Set(selected);
  // Statements with effects of their own stay; a declaration stays when kept code uses what it declares.
  statements.forEach((statement, i) => {
    if (!testStatements.has(i) && statement.declares.length === 0) kept.add(i);
  });
  for (let grew = true; grew; ) {
    grew = false;
    const text = [...kept].map((i) => statements[i]!.code).join('\n');
    statements.forEach((statement, i) => {
      if (kept.has(i) || testStatements.has(i) || statement.declares.length === 0) return;
      if (statement.declares.some((name) => mentions(text, name))) {
        kept.add(i);
        grew = true;
      }
    });
  }
  const order = [...kept].sort((a, b) => a - b);
  const code = order.map((i) => [...statements[i]!.comments, statements[i]!.code].join('\n')).join('\n');
  const imports = file.source.imports
    .map((statement) => ({
      specifier: statement.specifier,
      bindings: statement.bindings.filter((b) => mentions(code, b.local)),
    }))
    .filter((statement) => statement.bindings.length > 0);
  return { file, statements: order, imports, code };
}

function fileParts(tests: CatalogueTest[], all: CatalogueTest[]): FilePart[] {
  const files = [...new Set(tests.map((test) => test.file))];
  return files.map((file) => {
    const testStatements = new Set(all.filter((test) => test.file === file).map((test) => test.statement));
    const selected = [...new Set(tests.filter((test) => test.file === file).map((test) => test.statement))];
    return filePart(file, selected, testStatements);
  });
}

/** Why these tests cannot be made into a script (one line), or undefined when they can. */
export function whyNotReproducible(tests: CatalogueTest[], all: CatalogueTest[]): string | undefined {
  for (const part of fileParts(tests, all)) {
    const where = part.file.file;
    for (const statement of part.imports) {
      if (statement.specifier === 'vitest') {
        const other = statement.bindings.filter((b) => b.imported !== 'expect');
        if (other.length > 0)
          return `${where} uses vitest's ${other.map((b) => b.imported).join(', ')}, which a script has no stand-in for`;
      }
    }
    for (const { specifier } of part.imports) {
      if (
        isBuiltin(specifier) ||
        specifier === 'vitest' ||
        !specifier.startsWith('.') ||
        specifier.startsWith('./harness/')
      )
        continue;
      return `${where} imports ${specifier}, which is not part of the harness a script carries`;
    }
    // A case program may require only Node's own modules and the fixtures' own files: a script carries no node_modules.
    for (const [name, text] of Object.entries(caseFiles(part.code))) {
      const packages = [...text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)]
        .map((m) => m[1]!)
        .filter((id) => !id.startsWith('.') && !isBuiltin(id));
      if (packages.length > 0)
        return `its case program ${name} requires ${[...new Set(packages)].join(', ')}, which a script cannot carry`;
    }
    const used = new Set([...part.code.matchAll(/\.(?:not\.)?(to[A-Z]\w*)\(/g)].map((m) => m[1]!));
    const unknown = [...used].filter(
      (name) => !(MATCHERS as readonly string[]).includes(name) && !JS_METHODS.has(name),
    );
    if (unknown.length > 0)
      return `${where} uses expect().${unknown.join(', ')}, which the script's expect() does not have`;
    if (/\.(resolves|rejects)\b/.test(part.code))
      return `${where} uses expect().resolves/rejects, which the script's expect() does not have`;
    const clash = part.file.source.statements
      .flatMap((s, i) => (part.statements.includes(i) ? s.declares : []))
      .filter((n) => SCRIPT_NAMES.includes(n));
    if (clash.length > 0) return `${where} declares ${clash.join(', ')}, a name the script uses itself`;
  }
  return undefined;
}

/** The import lines of the test part: Node's own modules by require(), the rest from the bundled harness. */
function importLines(parts: FilePart[]): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    for (const { specifier, bindings } of part.imports) {
      const named = bindings.filter((b) => b.imported !== 'default' && b.imported !== '*');
      const whole = bindings.filter((b) => b.imported === 'default' || b.imported === '*');
      const source = isBuiltin(specifier)
        ? `require(${JSON.stringify(specifier)})`
        : `harness.modules[${JSON.stringify(specifier)}]`;
      for (const binding of whole) {
        const line = `const ${binding.local} = ${source}${binding.imported === 'default' && !isBuiltin(specifier) ? '.default' : ''};`;
        if (!seen.has(line)) lines.push(line);
        seen.add(line);
      }
      if (named.length > 0) {
        const names = named.map((b) => (b.local === b.imported ? b.local : `${b.imported}: ${b.local}`)).join(', ');
        const line = `const { ${names} } = ${source};`;
        if (!seen.has(line)) lines.push(line);
        seen.add(line);
      }
    }
  }
  return lines;
}

/** The harness entry: what the test imports (outside Node's own modules), and the run-time part. */
function harnessEntry(parts: FilePart[]): string {
  const bySpecifier = new Map<string, { resolved: string; bindings: Map<string, string> }>();
  for (const part of parts) {
    for (const { specifier, bindings } of part.imports) {
      if (isBuiltin(specifier)) continue;
      const resolved = specifier.startsWith('.')
        ? path.resolve(path.dirname(part.file.distFile), specifier)
        : specifier;
      const entry = bySpecifier.get(specifier) ?? { resolved, bindings: new Map() };
      for (const binding of bindings) entry.bindings.set(binding.imported, binding.imported);
      bySpecifier.set(specifier, entry);
    }
  }
  const lines = [`import { setUp } from ${JSON.stringify(RUNTIME_RUN)};`];
  const modules: string[] = [];
  [...bySpecifier].forEach(([specifier, { resolved, bindings }], i) => {
    const fields: string[] = [];
    const named: string[] = [];
    for (const imported of bindings.keys()) {
      const local = `m${i}_${imported === '*' ? 'all' : imported}`;
      if (imported === '*') lines.push(`import * as ${local} from ${JSON.stringify(resolved)};`);
      else if (imported === 'default') lines.push(`import ${local} from ${JSON.stringify(resolved)};`);
      else named.push(`${imported} as ${local}`);
      if (imported !== '*') fields.push(`${imported}: ${local}`);
    }
    if (named.length > 0) lines.push(`import { ${named.join(', ')} } from ${JSON.stringify(resolved)};`);
    modules.push(
      bindings.has('*')
        ? `${JSON.stringify(specifier)}: { ...m${i}_all, ${fields.join(', ')} }`
        : `${JSON.stringify(specifier)}: { ${fields.join(', ')} }`,
    );
  });
  lines.push('export function load(facts, files) {');
  lines.push('  const { run } = setUp(facts, files);');
  lines.push(`  return { run, modules: { ${modules.join(', ')} } };`);
  lines.push('}');
  return lines.join('\n');
}

/**
 * The case programs the kept code names ('lifecycle', "plain-worker"), with
 * common.js and every support file (a few hundred bytes each: case programs
 * name them by path, as an exec or a cwd).
 */
function caseFiles(code: string): ReproFiles {
  const list = (dir: string) =>
    readdirSync(path.join(FIXTURES, dir))
      .filter((name) => name.endsWith('.js'))
      .sort()
      .map((name) => path.posix.join(dir, name));
  const programs = list('.').filter((name) => name !== 'common.js');
  const files: ReproFiles = {};
  const add = (name: string) => {
    files[`fixtures/${name}`] = readFileSync(path.join(FIXTURES, name), 'utf8');
  };
  add('package.json');
  add('common.js');
  for (const name of programs) {
    const bare = name.replace(/\.js$/, '');
    if (code.includes(`'${bare}'`) || code.includes(`"${bare}"`)) add(name);
  }
  for (const name of list('support')) add(name);
  return files;
}

/** The reference's files and environment, for a script written for a reference target. */
function referenceFiles(
  target: string,
): { files: ReproFiles; reference: NonNullable<ReproFacts['reference']> } | undefined {
  if (!target.startsWith('reference')) return undefined;
  const dir = path.dirname(REFERENCE_ENTRY);
  const files: ReproFiles = {};
  for (const name of ['cluster.cjs', 'worker_bootstrap.cjs']) {
    const file = path.join(dir, name);
    if (!existsSync(file)) throw new Error(`the reference is not built (${file} is missing): run npm run build`);
    files[`reference/${name}`] = readFileSync(file, 'utf8');
  }
  const env: Record<string, string> = { CLUSTER_IMPL: '{{dir}}/reference/cluster.cjs' };
  const interop = target === 'reference-interop';
  if (interop) Object.assign(env, { CLUSTER_WORKER_IMPL: 'cluster', CLUSTER_REFERENCE_WORKER_SIDE: 'runtime' });
  return {
    files,
    reference: { env, claimsNodeVersion: REFERENCE_CLAIMS_NODE, workerSide: interop ? 'runtime' : 'reference' },
  };
}

function reproRequirement(id: string): ReproRequirement {
  const req = requirement(id)!;
  return {
    id,
    level: req.level,
    statement: req.statement,
    nodeVersions: req.nodeVersions,
    tags: [...req.tags],
    ...(req.side ? { side: req.side } : {}),
    ...(req.source.docs ? { docs: req.source.docs } : {}),
    ...(req.source.observed ? { observed: req.source.observed } : {}),
  };
}

function wrapComment(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\*\//g, '*\\/').split(/\s+/).filter(Boolean)) {
    if (line && ` * ${indent}${line} ${word}`.length > width) {
      lines.push(` * ${indent}${line}`);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(` * ${indent}${line}`);
  return lines;
}

/** The comment block a script starts with: the text of an upstream bug report. */
function header(facts: ReproFacts, fileName: string, target: string, known: Map<string, ExpectationEntry>): string {
  const lines = ['/*'];
  const ids = Object.keys(facts.requirements);
  lines.push(
    ` * Reproduction of ${ids.join(', ')}: Node.js cluster behaviour, checked as cluster-conformance checks it.`,
  );
  for (const id of ids) {
    const req = facts.requirements[id]!;
    lines.push(' *');
    lines.push(...wrapComment(`${id} (${req.level}): ${req.statement}`, ''));
    if (req.docs) lines.push(` *   docs:     ${req.docs}`);
    if (req.observed) lines.push(...wrapComment(`observed: ${req.observed}`, '  '));
    lines.push(` *   holds for Node ${req.nodeVersions}${req.side ? ` (its ${req.side} side)` : ''}`);
  }
  lines.push(' *');
  lines.push(
    ` * ${facts.tests.length === 1 ? 'The test' : 'The tests'} (${[...new Set(Object.values(facts.files))].join(', ')}):`,
  );
  for (const name of facts.tests) lines.push(...wrapComment(`"${name}"`, '  '));
  const entries = facts.tests
    .map((name) => [name, known.get(name)] as const)
    .filter(([, entry]) => entry !== undefined);
  if (entries.length > 0) {
    lines.push(' *');
    lines.push(` * Known on ${target} (expectations/${target}.json):`);
    for (const [name, entry] of entries) {
      const how = `${entry!.status === 'flaky' ? 'flaky' : 'fails'}${entry!.kind ? ` (looks like ${entry!.kind === 'bug' ? 'a bug' : 'a deliberate difference'})` : ''}`;
      const seen = entry!.seen ? `, seen on ${entry!.seen}` : '';
      const reason = entry!.reason.replace(/^fails on [\w.:@-]+ [\w.-]+: /, '');
      lines.push(
        ...wrapComment(`${facts.tests.length > 1 ? `${name.split(':')[0]}: ` : ''}${how}${seen}: ${reason}`, '  '),
      );
    }
  }
  const command = scriptRuntime(target)!.command;
  lines.push(' *');
  lines.push(' * Run it:');
  lines.push(` *   ${command} ${fileName}`);
  lines.push(' * It unpacks the case programs below into a temporary folder, runs them on the runtime that runs');
  lines.push(' * it, drives them over loopback (127.0.0.1, ::1) as the test does, checks what the test checks,');
  lines.push(' * and says what was expected and what happened. Exit code 0: passed; 1: failed; 3: does not');
  lines.push(' * apply to this runtime (its Node version or a capability). It needs nothing but the runtime:');
  lines.push(` *   node ${fileName}   bun ${fileName}   deno run -A ${fileName}`);
  if (facts.reference) {
    lines.push(' * It carries the cluster-conformance reference implementation and runs it (CLUSTER_IMPL);');
    lines.push(' * CLUSTER_IMPL=/path/to/another/cluster.js runs that instead.');
  } else {
    lines.push(" * The cluster module is the runtime's own; CLUSTER_IMPL=/path/to/cluster.js runs another");
    lines.push(' * (CLUSTER_CLAIMS_NODE=<version> says which Node it behaves like).');
  }
  lines.push(' *');
  lines.push(
    ` * Written by cluster-conformance ${SUITE_VERSION} (repro ${facts.tests.length === 1 ? JSON.stringify(facts.tests[0]) : ids[0]} --target ${target}).`,
  );
  lines.push(' */');
  return lines.join('\n');
}

/** A text as a template literal: the case program reads as it is. */
function templateLiteral(text: string): string {
  return `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

export interface WrittenRepro {
  fileName: string;
  text: string;
  tests: string[];
}

/**
 * The script's file name: repro-<ID>.cjs for all of a requirement's tests;
 * for one of several, repro-<ID>-<its place among them>-<its title>.cjs.
 */
export function reproFileName(tests: CatalogueTest[], all: CatalogueTest[]): string {
  const first = tests[0]!;
  const id = first.ids[0]!;
  const ofId = all.filter((test) => test.ids.includes(id));
  if (ofId.length === tests.length && ofId.every((test) => tests.includes(test))) return `repro-${id}.cjs`;
  const title = first.name.slice(first.name.indexOf(': ') + 2);
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '');
  return `repro-${id}-${ofId.indexOf(first) + 1}-${slug}.cjs`;
}

/** Writes the script for `tests` (all from `all`, the catalogue), for `target`. */
export async function generateRepro(
  tests: CatalogueTest[],
  all: CatalogueTest[],
  target: string,
): Promise<WrittenRepro> {
  if (scriptRuntime(target) === undefined) {
    throw new Error(
      `a script runs on the runtime that runs it: --target must be node, node@<${SCRIPT_NODE.split('.')[0]} ` +
        `or newer>, bun, deno or a reference target, not ${target}`,
    );
  }
  const why = whyNotReproducible(tests, all);
  if (why) throw new Error(`cannot be made into a script: ${why}`);
  const parts = fileParts(tests, all);
  const ids = [...new Set(tests.flatMap((test) => test.ids))];
  const carried = referenceFiles(target);
  const facts: ReproFacts = {
    generator: `cluster-conformance ${SUITE_VERSION}`,
    writtenFor: target,
    tests: tests.map((test) => test.name),
    files: Object.fromEntries(tests.map((test) => [test.name, test.file.file])),
    requirements: Object.fromEntries(ids.map((id) => [id, reproRequirement(id)])),
    timeoutMs: TEST_TIMEOUT_MS,
    deadlineMarginMs: DEADLINE_MARGIN_MS,
    ...(carried ? { reference: carried.reference } : {}),
  };
  const files = caseFiles(parts.map((part) => part.code).join('\n'));

  const esbuild = await loadEsbuild();
  const options = bundleOptions();
  let bundled: string;
  try {
    const built = await esbuild.build({
      ...options,
      format: 'iife',
      globalName: '__harness',
      stdin: {
        contents: harnessEntry(parts),
        resolveDir: path.dirname(parts[0]!.file.distFile),
        sourcefile: 'repro-harness.js',
      },
    });
    bundled = built.outputFiles![0]!.text;
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] })
      .errors?.[0];
    const detail = first
      ? `${first.location ? `${first.location.file}:${first.location.line}: ` : ''}${first.text}`
      : (error as Error).message.split('\n')[0];
    throw new Error(`cannot be made into a script: bundling its harness failed: ${detail}`);
  }

  let known = new Map<string, ExpectationEntry>();
  try {
    known = new Map(Object.entries(loadExpectations(target).entries));
  } catch {
    // A broken expectations file is the run's business, not the script's.
  }
  const fileName = reproFileName(tests, all);
  const testSection = parts.map((part) => {
    const body = parts.length > 1 ? `{\n${part.code}\n}` : part.code;
    return `// ---- The test${part.statements.length > 1 ? ' and the helpers it uses' : ''}, from ${part.file.file} (as tsc compiles it) ----\n${body}`;
  });
  const caseEntries = Object.entries(carried?.files ?? {}).map(
    ([name, text]) => `    ${JSON.stringify(name)}: ${JSON.stringify(text)},`,
  );
  const fixtureEntries = Object.entries(files).map(
    ([name, text]) => `    ${JSON.stringify(name)}: ${templateLiteral(text)},`,
  );
  const text = [
    '#!/usr/bin/env node',
    header(facts, fileName, target, known),
    "'use strict';",
    '',
    '/** What this script reproduces: the tests, their requirements, the timeout of a test. */',
    `const REPRO = ${JSON.stringify(facts, null, 2)};`,
    '',
    '// The harness (bundled at the end of this file) unpacks the case programs and runs the test.',
    'const harness = loadHarness(REPRO, caseFiles());',
    '',
    "// What the test imports: Node's own modules, and the harness's (conformance/harness, with a small",
    "// expect() standing in for vitest's).",
    ...importLines(parts),
    '',
    ...testSection,
    '',
    'harness.run();',
    '',
    '// ---- The case programs (fixtures/): plain ES5 CommonJS that prints JSON-line facts and asserts nothing ----',
    'function caseFiles() {',
    '  return {',
    ...fixtureEntries,
    ...caseEntries,
    '  };',
    '}',
    '',
    '// ---- The harness: CaseRun, the loopback clients, the assertions, a small expect(); bundled by esbuild ----',
    'function loadHarness(facts, files) {',
    bundled.trimEnd(),
    '  return __harness.load(facts, files);',
    '}',
    '',
  ].join('\n');
  return { fileName, text, tests: facts.tests };
}
