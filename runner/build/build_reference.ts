// Builds the reference (reference/*.ts) into one CommonJS file and what goes
// around it, with esbuild. `npm run build` runs it on reference/ into
// dist/reference/; `npm run faults` runs it on a patched copy. Outputs:
//   cluster.cjs           the whole reference; `module.exports = cluster`
//   cluster.cjs.v8cache   its V8 code cache, for this Node (reference/bundle_cache.ts)
//   worker_bootstrap.cjs  a reference worker's first module; requires ./cluster.cjs (one instance)
//   register.cjs          cluster-conformance/register (--require or --import)
//   register_hooks.mjs    its module.register() resolve hook (Node without registerHooks)
//   cluster.mjs           the ESM facade: default export + the names of both roles
//   cluster-primary.mjs, cluster-worker.mjs   the facades of one role (what the register resolves to)
//   cluster.d.cts, cluster.d.mts              types: those of node:cluster
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { ROOT } from '../../conformance/harness/paths.js';

export const REFERENCE_SOURCE = path.join(ROOT, 'reference');
export const REFERENCE_DIST = path.join(ROOT, 'dist', 'reference');
/** The file CLUSTER_IMPL names for the reference targets. */
export const BUNDLE_NAME = 'cluster.cjs';

/** `./index.js` from another entry is the bundle next to it, not a second copy. */
const sharedBundle: Plugin = {
  name: 'shared-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/index\.js$/ }, () => ({ path: `./${BUNDLE_NAME}`, external: true }));
  },
};

/** The own enumerable keys of the built cluster object in a primary and in a worker. */
function exportedNames(bundle: string): { primary: string[]; worker: string[] } {
  const names = (worker: boolean): string[] => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_UNIQUE_ID;
    if (worker) env.NODE_UNIQUE_ID = '1';
    const listed = spawnSync(
      process.execPath,
      ['-e', `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(bundle)}))))`],
      { env, encoding: 'utf8' },
    );
    if (listed.status !== 0) throw new Error(`the built reference does not load: ${listed.stderr}`);
    return JSON.parse(listed.stdout) as string[];
  };
  return { primary: names(false), worker: names(true) };
}

function facade(names: string[]): string {
  const lines = [`import cluster from './${BUNDLE_NAME}';`, 'export default cluster;'];
  for (const name of [...new Set(names)].filter((n) => n !== 'default').sort()) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) continue;
    lines.push(`export const ${name} = cluster.${name};`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * esbuild wraps a default import of a CommonJS module (`import net from 'node:net'`) in
 * `__toESM(require(...), 1)`, which copies every property of the module into a new object
 * at load: measurable in every worker's start. With isNodeMode set, its `default` is the
 * module itself, so `{ default: require(...) }` means the same.
 */
function plainRequires(file: string): void {
  const text = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    text.replace(/__toESM\((require\("(?:node:[\w/]+|\.\/cluster\.cjs)"\)), 1\)/g, '{ default: $1 }'),
  );
}

/** reference/bundle_cache.ts's wrapBundle: the cache is only accepted for the same text. */
const WRAP = (source: string) => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;

/**
 * The V8 code cache of the bundle, made by this Node after running it as a worker would load
 * it (its top level), next to it as cluster.cjs.v8cache; then checks that the worker bootstrap
 * gets it accepted. Another Node or other V8 flags reject it, and compile the source instead.
 */
function writeCodeCache(bundle: string, bootstrap: string): void {
  const make = `const vm = require('node:vm'), fs = require('node:fs'), path = require('node:path');
const file = ${JSON.stringify(bundle)};
const script = new vm.Script((${WRAP.toString()})(fs.readFileSync(file, 'utf8')), { filename: file });
const exported = { exports: {} };
script.runInThisContext().call(exported.exports, exported.exports, require, exported, file, path.dirname(file));
fs.writeFileSync(file + '.v8cache', script.createCachedData());`;
  const check = `require(${JSON.stringify(bootstrap)});
process.stdout.write(String(require.cache[${JSON.stringify(bundle)}][Symbol.for('cluster-conformance.codeCache')]));`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_UNIQUE_ID: '1' };
  delete env.NODE_OPTIONS;
  for (const [what, code] of [
    ['make', make],
    ['check', check],
  ] as const) {
    const ran = spawnSync(process.execPath, ['-e', code], { env, encoding: 'utf8' });
    if (ran.status !== 0) throw new Error(`code cache (${what}): ${ran.stderr}`);
    if (what === 'check' && ran.stdout !== 'accepted')
      throw new Error(`the worker bootstrap did not get the bundle's code cache accepted: ${ran.stdout}`);
  }
}

/** Builds reference sources in `sourceDir` into `outDir` (emptied first); returns the bundle's path. */
export async function buildReference(
  sourceDir: string = REFERENCE_SOURCE,
  outDir: string = REFERENCE_DIST,
): Promise<string> {
  const esbuild = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    charset: 'utf8',
  } as const;
  const cjs = (file: string, contents: string) =>
    esbuild.build({
      ...common,
      format: 'cjs',
      plugins: [sharedBundle],
      outfile: path.join(outDir, file),
      stdin: { contents, resolveDir: sourceDir, sourcefile: file, loader: 'ts' },
    });
  await Promise.all([
    // index.ts as the entry (not require()d from a stub, which would wrap every module in a lazy initializer).
    esbuild.build({
      ...common,
      format: 'cjs',
      entryPoints: [path.join(sourceDir, 'index.ts')],
      outfile: path.join(outDir, BUNDLE_NAME),
      footer: { js: 'module.exports = module.exports.default;' },
    }),
    esbuild.build({
      ...common,
      format: 'cjs',
      plugins: [sharedBundle],
      entryPoints: [path.join(sourceDir, 'worker_bootstrap.ts')],
      outfile: path.join(outDir, 'worker_bootstrap.cjs'),
    }),
    cjs('register.cjs', "import { installRedirect } from './register.ts';\ninstallRedirect();"),
    esbuild.build({
      ...common,
      format: 'esm',
      entryPoints: [path.join(sourceDir, 'register_hooks.ts')],
      outfile: path.join(outDir, 'register_hooks.mjs'),
    }),
  ]);
  const bundle = path.join(outDir, BUNDLE_NAME);
  for (const file of [BUNDLE_NAME, 'worker_bootstrap.cjs', 'register.cjs']) plainRequires(path.join(outDir, file));
  writeCodeCache(bundle, path.join(outDir, 'worker_bootstrap.cjs'));
  const names = exportedNames(bundle);
  writeFileSync(path.join(outDir, 'cluster.mjs'), facade([...names.primary, ...names.worker]));
  writeFileSync(path.join(outDir, 'cluster-primary.mjs'), facade(names.primary));
  writeFileSync(path.join(outDir, 'cluster-worker.mjs'), facade(names.worker));
  writeFileSync(path.join(outDir, 'cluster.d.cts'), "import cluster = require('node:cluster');\nexport = cluster;\n");
  writeFileSync(
    path.join(outDir, 'cluster.d.mts'),
    "export * from 'node:cluster';\nexport { default } from 'node:cluster';\n",
  );
  return bundle;
}

const isMain =
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === path.join(ROOT, 'dist', 'runner', 'build', 'build_reference.js');
if (isMain) await buildReference();
