// `cluster-conformance repro`: the catalogue as the generator sees it, what
// a script carries, the script's expect() against vitest's own, and scripts
// run on this Node. (expectations.repro.test.ts, the `repro` project, runs a
// script for every known failure of Bun and Deno.)
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { CLI_ENTRY, REFERENCE_ENTRY } from '../../conformance/harness/paths.js';
import { requirement } from '../../spec/catalogue.js';
import { listCatalogueTests } from '../run/catalogue.js';
import { DIST_CONFORMANCE } from './bundle.js';
import { catalogueTests, testFiles } from './catalogue_tests.js';
import { reproducibility } from './command.js';
import { generateRepro, reproFileName, scriptRuntime, selectTests, whyNotReproducible } from './generate.js';
import { expect as reproExpect } from './runtime/expect.js';
import { isBuiltin } from './source.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'repro-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const catalogue = await catalogueTests();

async function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd: work,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

async function written(query: string, target = 'node'): Promise<string> {
  const tests = selectTests(catalogue, query);
  if (typeof tests === 'string') throw new Error(tests);
  const repro = await generateRepro(tests, catalogue, target);
  const file = path.join(work, `${target}-${repro.fileName}`);
  writeFileSync(file, repro.text);
  return file;
}

describe('the catalogue as repro sees it', () => {
  test('every test vitest collects is found, with the statement that declares it', async () => {
    const listed = await listCatalogueTests();
    expect(catalogue.map((t) => t.name).sort()).toEqual(listed.map((t) => t.name).sort());
    for (const test of catalogue) {
      const statement = test.file.source.statements[test.statement]!;
      expect(statement.code, test.name).toContain('conformanceTest(');
    }
  }, 60_000);

  test('every catalogue test can be made into a script, unless its case program needs npm packages', () => {
    const { reproducible, not } = reproducibility(catalogue);
    expect(
      not.filter((test) => !/^its case program \S+ requires .*, which a script cannot carry$/.test(test.why)),
    ).toEqual([]);
    expect(reproducible + not.length).toBe(catalogue.length);
    expect(reproducible).toBeGreaterThan(0);
  });

  test('a test with a matcher the script lacks cannot, and says why in one line', async () => {
    // A test file beside the harness, as the compiled ones are.
    const dir = path.join(work, 'conformance');
    mkdirSync(dir);
    symlinkSync(path.join(DIST_CONFORMANCE, 'harness'), path.join(dir, 'harness'));
    writeFileSync(
      path.join(dir, 'odd.test.js'),
      [
        "import { expect } from 'vitest';",
        "import { conformanceTest } from './harness/conformance_test.js';",
        "conformanceTest(['LIFE-1'], 'throws', async () => {",
        '    expect(() => { throw new Error(); }).toThrow();',
        '});',
        "conformanceTest(['LIFE-1'], 'plain', async () => {",
        "    expect((8).toString(8)).toBe('10');",
        '});',
        "import { helper } from './helper.js';",
        "conformanceTest(['LIFE-1'], 'helped', async () => {",
        '    expect(helper()).toBe(1);',
        '});',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'helper.js'), 'export function helper() { return 1; }\n');
    const odd = await catalogueTests(testFiles(dir));
    expect(odd.map((t) => t.name)).toEqual(['LIFE-1: throws', 'LIFE-1: plain', 'LIFE-1: helped']);
    expect(whyNotReproducible([odd[2]!], odd)).toBe(
      'conformance/odd.test.ts imports ./helper.js, which is not part of the harness a ' + 'script carries',
    );
    const why = whyNotReproducible([odd[0]!], odd);
    expect(why).toBe("conformance/odd.test.ts uses expect().toThrow, which the script's expect() does not have");
    expect(whyNotReproducible([odd[1]!], odd), '(8).toString() is not a matcher').toBeUndefined();
    await expect(generateRepro([odd[0]!], odd, 'node')).rejects.toThrow(/^cannot be made into a script: /);
  });

  test("every test's script has a file name of its own", () => {
    const names = catalogue.map((test) => reproFileName([test], catalogue));
    expect(names.length - new Set(names).size).toBe(0);
    const listen24 = catalogue.filter((t) => t.ids.includes('LISTEN-24'));
    expect(listen24.length).toBeGreaterThan(1);
    expect(reproFileName(listen24, catalogue)).toBe('repro-LISTEN-24.cjs');
    expect(reproFileName([listen24[1]!], catalogue)).toMatch(
      /^repro-LISTEN-24-2-a-listen-whose-signal-is-aborted-[a-z-]+\.cjs$/,
    );
  });

  test('a script stands for the runtime that runs it: Node 16 and newer, Bun, Deno, the reference', () => {
    for (const target of [
      'node',
      'node@16',
      'node@22.12',
      'reference',
      'reference-interop',
      'reference@node24',
      'bun',
      'bun@1.4',
      'deno',
    ]) {
      expect(scriptRuntime(target), target).toBeDefined();
    }
    for (const target of ['node@14', 'node@0.10', 'reference@node12', 'docker:bun', './adapter.mjs', 'nodes']) {
      expect(scriptRuntime(target), target).toBeUndefined();
    }
    expect(scriptRuntime('deno')!.command).toBe('deno run -A');
  });

  test('selecting: an ID takes all its tests, a name or a unique part of one takes that test', () => {
    const port3 = selectTests(catalogue, 'PORT-3');
    expect(Array.isArray(port3) && port3.map((t) => t.name)).toEqual(
      catalogue.filter((t) => t.ids.includes('PORT-3')).map((t) => t.name),
    );
    expect(selectTests(catalogue, 'PORT-30')).toMatch(/^unknown requirement PORT-30/);
    const one = catalogue.find((t) => t.ids.includes('LIFE-3'))!;
    expect(selectTests(catalogue, one.name)).toEqual([one]);
    expect(selectTests(catalogue, 'serves its open connection')).toEqual([one]);
    expect(selectTests(catalogue, 'listen(')).toMatch(/^\d+ tests match/);
  });
});

describe('what a script carries', () => {
  test('a header to paste upstream, the test as compiled, its case programs, and no dependency', async () => {
    const file = await written('LIFE-3', 'bun');
    const text = readFileSync(file, 'utf8');
    const req = requirement('LIFE-3')!;
    const head = text.slice(0, text.indexOf('*/'));
    expect(head).toContain('Reproduction of LIFE-3');
    expect(head.replace(/\s+\*\s+/g, ' ')).toContain(req.statement);
    expect(head).toContain(req.source.docs!);
    expect(head).toContain(`holds for Node ${req.nodeVersions}`);
    expect(head).toContain('bun repro-LIFE-3.cjs');
    expect(head).toMatch(/Known on bun \(expectations\/bun\.json\):/);
    // The test's own statement, as tsc wrote it, not minified.
    const test = catalogue.find((t) => t.ids.includes('LIFE-3'))!;
    expect(text).toContain(test.file.source.statements[test.statement]!.code);
    expect(text).toContain('"fixtures/lifecycle.js": `');
    expect(text).not.toContain('"fixtures/listen.js"');
    // Outside the case programs, only Node's own modules are required: nothing resolves outside the script.
    const code =
      text.slice(0, text.indexOf('function caseFiles() {')) + text.slice(text.indexOf('function loadHarness('));
    const required = [...code.matchAll(/(?<![\w$])(?:__)?require\(["']([^"']+)["']\)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(3);
    expect(required.filter((name) => !isBuiltin(name))).toEqual([]);
  });

  test('written for the reference, it carries the reference bundle', async () => {
    const text = readFileSync(await written('API-3', 'reference'), 'utf8');
    expect(text).toContain('"reference/cluster.cjs": ');
    expect(text).toContain(JSON.stringify(readFileSync(REFERENCE_ENTRY, 'utf8')));
  });
});

describe('scripts on this Node', () => {
  test('a passing test: the statement, PASS, exit 0; the same with the carried reference', async () => {
    for (const target of ['node', 'reference']) {
      const result = await run(process.execPath, [await written('LIFE-1', target)]);
      expect(result.output, target).toContain(requirement('LIFE-1')!.statement.slice(0, 60));
      expect(result.output, target).toMatch(/^PASS LIFE-1: /m);
      expect(result.code, result.output).toBe(0);
    }
    const reference = await run(process.execPath, [await written('LIFE-1', 'reference')]);
    expect(reference.output).toContain('with the cluster-conformance reference carried by this script');
  }, 60_000);

  test('a failing implementation: what was expected and what was seen, exit 1', async () => {
    const broken = path.join(work, 'broken-cluster.cjs');
    writeFileSync(
      broken,
      "const cluster = require('cluster');\nmodule.exports = " +
        'Object.assign(Object.create(cluster), { setupMaster() {} });\n',
    );
    const result = await run(process.execPath, [await written('API-3')], { CLUSTER_IMPL: broken });
    expect(result.output).toContain(
      `runs on node ${process.versions.node} (claims Node ${process.versions.node}), with CLUSTER_IMPL=${broken}`,
    );
    expect(result.output).toMatch(/^FAIL API-3: setupMaster is setupPrimary/m);
    expect(result.output).toContain('failed: expected false to be true // Object.is equality');
    expect(result.output).toContain('expected: true');
    expect(result.output).toContain('saw:      false');
    expect(result.code).toBe(1);
  }, 60_000);

  test('a requirement outside this Node: not applicable, exit 3', async () => {
    const result = await run(process.execPath, [await written('LIFE-1')], { CLUSTER_CLAIMS_NODE: '0.8.0' });
    expect(result.output).toMatch(/^NOT APPLICABLE LIFE-1: .*: LIFE-1 holds for Node .*; the target claims 0\.8\.0/m);
    expect(result.code).toBe(3);
  }, 60_000);

  test('the CLI writes the script and counts; what cannot be written is one line and exit 2', async () => {
    const out = path.join(work, 'cli-out');
    const cli = (...args: string[]) => run(process.execPath, [CLI_ENTRY, 'repro', ...args]);
    const ok = await cli('ENV-5', '--target', 'bun', '--out', out);
    expect(ok.code, ok.output).toBe(0);
    expect(ok.output).toContain(`wrote ${path.join(out, 'repro-ENV-5.cjs')}`);
    expect(ok.output).toContain(`run it: bun ${path.join(out, 'repro-ENV-5.cjs')}`);
    expect(ok.output).toContain(
      `${reproducibility(catalogue).reproducible} of ${catalogue.length} catalogue tests can be made into scripts`,
    );
    for (const args of [['NOPE-1'], ['no such test name'], ['ENV-5', '--target', 'docker:bun'], []]) {
      const bad = await cli(...args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.output.trim().split('\n'), args.join(' ')).toHaveLength(args.length === 0 ? 2 : 1);
    }
  }, 60_000);
});

/** One expectation through vitest's expect and the script's: the same verdict and the same message. */
function both(check: (e: typeof expect) => void): [string | undefined, string | undefined] {
  const message = (run: () => void) => {
    try {
      run();
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  return [message(() => check(expect)), message(() => check(reproExpect as unknown as typeof expect))];
}

describe("the script's expect() words failures as vitest does", () => {
  const cases: [string, (e: typeof expect) => void][] = [
    ['toEqual, arrays', (e) => e(['--inspect-port=0']).toEqual(['--inspect-port=0', '--inspect-port=7000'])],
    [
      'toEqual, long objects',
      (e) =>
        e({ isPrimary: 'boolean', isWorker: 'boolean', a: 1, b: 2, c: 3 }).toEqual({
          isPrimary: 'boolean',
          isWorker: 'boolean',
          a: 1,
          b: 2,
        }),
    ],
    ['passes: toEqual ignores undefined properties', (e) => e({ a: 1, b: undefined }).toEqual({ a: 1 })],
    [
      'toEqual, nested',
      (e) =>
        e([
          { position: 1, inWorkers: true },
          { position: 2, inWorkers: true },
        ]).toEqual([
          { position: 1, inWorkers: true },
          { position: 2, inWorkers: false },
        ]),
    ],
    ['toEqual, expect.any', (e) => e({ key: 3 }).toEqual({ key: e.any(String) })],
    [
      'passes: toEqual, expect.objectContaining',
      (e) =>
        e([{ sameWorker: true, message: 'x', more: 1 }]).toEqual([
          e.objectContaining({ sameWorker: true, message: 'x' }),
        ]),
    ],
    ['not.toEqual', (e) => e([1]).not.toEqual([1])],
    ['toBe with a message', (e) => e(true, 'NODE_UNIQUE_ID is an own property of process.env').toBe(false)],
    [
      'toBe, long strings',
      (e) => e('bind EADDRINUSE: address already in use 127.0.0.1:4000').toBe('bind EADDRINUSE null:4000'),
    ],
    ['toBe, deep-equal values', (e) => e({ a: 1 }).toBe({ a: 1 })],
    ['not.toBe', (e) => e(1).not.toBe(1)],
    [
      'toMatchObject',
      (e) =>
        e({ fact: 'done', role: 'primary', pid: 1, threw: false }).toMatchObject({
          threw: true,
          name: 'RangeError',
          code: 'ERR_SOCKET_BAD_PORT',
        }),
    ],
    [
      'passes: toMatchObject, nested and arrays',
      (e) => e({ a: { b: [1, { c: 2, d: 3 }] } }).toMatchObject({ a: { b: [1, { c: 2 }] } }),
    ],
    ['toMatchObject, array length', (e) => e({ a: [1, 2] }).toMatchObject({ a: [1] })],
    [
      'toMatchObject, nested objects',
      (e) => e({ a: { b: 1, c: { d: 2 } }, e: { f: 1 } }).toMatchObject({ a: { b: 2 } }),
    ],
    ['toHaveLength 0', (e) => e([]).toHaveLength(2)],
    ['toHaveLength with a message', (e) => e([1, 2], "messages with act 'queryServer'").toHaveLength(1)],
    ['not.toHaveLength', (e) => e([1]).not.toHaveLength(1)],
    ['toBeGreaterThan', (e) => e(0).toBeGreaterThan(0)],
    ['toBeGreaterThanOrEqual with a message', (e) => e(-1, 'connection-ended fact').toBeGreaterThanOrEqual(0)],
    ['toBeLessThan', (e) => e(5).toBeLessThan(2)],
    ['toBeNull', (e) => e({ a: 1 }).toBeNull()],
    ['not.toBeNull', (e) => e(null).not.toBeNull()],
    ['toBeUndefined', (e) => e('x').toBeUndefined()],
    ['toBeDefined with a message', (e) => e(undefined, "worker 1's queryServer").toBeDefined()],
    ['toContain, array', (e) => e([undefined, undefined]).toContain('NODE_')],
    ['toContain, string', (e) => e('abc').toContain('d')],
    ['not.toContain', (e) => e(['a']).not.toContain('a')],
    ['toHaveProperty with a value', (e) => e({ NODE_UNIQUE_ID: '2' }).toHaveProperty('NODE_UNIQUE_ID', '1')],
    ['toHaveProperty missing', (e) => e({}).toHaveProperty('NODE_UNIQUE_ID')],
    ['not.toHaveProperty', (e) => e({ NODE_UNIQUE_ID: '1' }).not.toHaveProperty('NODE_UNIQUE_ID')],
    ['toHaveProperty, a path', (e) => e({ a: { b: 1 } }).toHaveProperty('a.b', 2)],
    ['toMatch, regex', (e) => e('Error: boom').toMatch(/^TypeError/)],
    ['toMatch, string', (e) => e('abc').toMatch('x')],
    ['passes: toEqual', (e) => e({ a: [1, { b: 'x' }] }).toEqual({ a: [1, { b: 'x' }] })],
    ['passes: toMatchObject', (e) => e({ code: 0, signal: null, extra: 1 }).toMatchObject({ code: 0, signal: null })],
    [
      'passes: stringMatching',
      (e) => e({ a: '::ffff:127.0.0.1' }).toMatchObject({ a: e.stringMatching(/127\.0\.0\.1$/) }),
    ],
  ];
  test.each(cases)('%s', (_, check) => {
    const [vitest, script] = both(check);
    const asymmetric = /expect\.any|objectContaining/.test(_);
    if (asymmetric) expect(script === undefined).toBe(vitest === undefined);
    else expect(script).toBe(vitest);
    if (_.startsWith('passes')) expect(vitest).toBeUndefined();
    else expect(vitest).toBeDefined();
  });
});
