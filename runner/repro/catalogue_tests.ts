// Every conformance test, and the top-level statement of its compiled file
// that declares it. The test files are bundled once with the reproduction's
// stand-ins, each statement marked with its place, and run (their top level
// only declares tests): conformanceTest() records each name with the mark.
// This is how a loop that declares several tests is found as well as a
// single call.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleOptions, DIST_CONFORMANCE, loadEsbuild } from './bundle.js';
import { splitTestFile, type TestFileSource } from './source.js';

export interface TestFile {
  /** As the README names it: conformance/life.test.ts. */
  file: string;
  /** The compiled file the reproduction is made from. */
  distFile: string;
  source: TestFileSource;
}

export interface CatalogueTest {
  name: string;
  ids: string[];
  file: TestFile;
  /** The index, in file.source.statements, of the statement that declares it. */
  statement: number;
}

const RUNTIME_REGISTRY = path.join(DIST_CONFORMANCE, '..', 'runner', 'repro', 'runtime', 'conformance_test.js');

/** The compiled test files of a folder (default dist/conformance), split into statements. */
export function testFiles(dir = DIST_CONFORMANCE): TestFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => {
      const distFile = path.join(dir, name);
      return {
        file: `conformance/${name.replace(/\.js$/, '.ts')}`,
        distFile,
        source: splitTestFile(readFileSync(distFile, 'utf8')),
      };
    });
}

/** A test file's code with `globalThis.__reproAt = [file, statement]` before each statement. */
function instrumented(file: TestFile, index: number): string {
  const imports = file.source.imports.map((statement) => statement.code);
  const statements = file.source.statements.map(
    (statement, i) => `globalThis.__reproAt = [${index}, ${i}];\n${statement.code}`,
  );
  return [...imports, ...statements, 'globalThis.__reproAt = undefined;'].join('\n');
}

/** Every test the files declare, with the statement that declares it. Runs their top level in a child process. */
export async function catalogueTests(files = testFiles()): Promise<CatalogueTest[]> {
  const esbuild = await loadEsbuild();
  const entry = [
    ...files.map((_, i) => `import 'repro-instrumented:${i}';`),
    `import { recorded } from ${JSON.stringify(RUNTIME_REGISTRY)};`,
    'process.stdout.write(JSON.stringify(recorded.map((test) => ({ name: test.name, ids: test.ids, at: test.at }))));',
  ].join('\n');
  const options = bundleOptions();
  const built = await esbuild.build({
    ...options,
    format: 'cjs',
    stdin: { contents: entry, resolveDir: DIST_CONFORMANCE, sourcefile: 'list-tests.js' },
    plugins: [
      {
        name: 'repro-instrumented',
        setup(build) {
          build.onResolve({ filter: /^repro-instrumented:/ }, (args) => ({
            path: args.path,
            namespace: 'repro-instrumented',
          }));
          build.onLoad({ filter: /.*/, namespace: 'repro-instrumented' }, (args) => {
            const index = Number(args.path.split(':')[1]);
            return {
              contents: instrumented(files[index]!, index),
              resolveDir: path.dirname(files[index]!.distFile),
              loader: 'js',
            };
          });
        },
      },
      ...(options.plugins ?? []),
    ],
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-repro-list-'));
  try {
    const script = path.join(dir, 'list-tests.cjs');
    writeFileSync(script, built.outputFiles![0]!.text);
    const listed = spawnSync(process.execPath, [script], { encoding: 'utf8', cwd: dir, timeout: 30_000 });
    if (listed.status !== 0)
      throw new Error(`listing the catalogue's tests failed: ${listed.stderr || listed.error?.message}`);
    const tests = JSON.parse(listed.stdout) as { name: string; ids: string[]; at?: [number, number] }[];
    return tests.map((test) => {
      if (test.at === undefined) throw new Error(`the test "${test.name}" was declared outside a top-level statement`);
      return { name: test.name, ids: test.ids, file: files[test.at[0]]!, statement: test.at[1] };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
