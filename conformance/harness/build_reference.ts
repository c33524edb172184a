// Builds the reference (reference/*.ts) into one CommonJS file and what goes
// around it, with esbuild. `npm run build` runs it on reference/ into
// dist/reference/; `npm run faults` runs it on a patched copy. Outputs:
//   cluster.cjs           the whole reference; `module.exports = cluster`
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
import { ROOT } from './paths.js';

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
    const listed = spawnSync(process.execPath, ['-e', `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(bundle)}))))`], { env, encoding: 'utf8' });
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
  writeFileSync(file, text.replace(/__toESM\((require\("(?:node:[\w/]+|\.\/cluster\.cjs)"\)), 1\)/g, '{ default: $1 }'));
}

/** Builds reference sources in `sourceDir` into `outDir` (emptied first); returns the bundle's path. */
export async function buildReference(sourceDir: string = REFERENCE_SOURCE, outDir: string = REFERENCE_DIST): Promise<string> {
  const esbuild = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none', charset: 'utf8',
  } as const;
  const cjs = (file: string, contents: string) => esbuild.build({
    ...common, format: 'cjs', plugins: [sharedBundle], outfile: path.join(outDir, file),
    stdin: { contents, resolveDir: sourceDir, sourcefile: file, loader: 'ts' },
  });
  await Promise.all([
    // index.ts as the entry (not require()d from a stub, which would wrap every module in a lazy initializer).
    esbuild.build({
      ...common, format: 'cjs', entryPoints: [path.join(sourceDir, 'index.ts')], outfile: path.join(outDir, BUNDLE_NAME),
      footer: { js: 'module.exports = module.exports.default;' },
    }),
    esbuild.build({
      ...common, format: 'cjs', plugins: [sharedBundle], entryPoints: [path.join(sourceDir, 'worker_bootstrap.ts')],
      outfile: path.join(outDir, 'worker_bootstrap.cjs'),
    }),
    cjs('register.cjs', "import { installRedirect } from './register.ts';\ninstallRedirect();"),
    esbuild.build({ ...common, format: 'esm', entryPoints: [path.join(sourceDir, 'register_hooks.ts')], outfile: path.join(outDir, 'register_hooks.mjs') }),
  ]);
  const bundle = path.join(outDir, BUNDLE_NAME);
  for (const file of [BUNDLE_NAME, 'worker_bootstrap.cjs', 'register.cjs']) plainRequires(path.join(outDir, file));
  const names = exportedNames(bundle);
  writeFileSync(path.join(outDir, 'cluster.mjs'), facade([...names.primary, ...names.worker]));
  writeFileSync(path.join(outDir, 'cluster-primary.mjs'), facade(names.primary));
  writeFileSync(path.join(outDir, 'cluster-worker.mjs'), facade(names.worker));
  writeFileSync(path.join(outDir, 'cluster.d.cts'), "import cluster = require('node:cluster');\nexport = cluster;\n");
  writeFileSync(path.join(outDir, 'cluster.d.mts'), "export * from 'node:cluster';\nexport { default } from 'node:cluster';\n");
  return bundle;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.join(ROOT, 'dist', 'conformance', 'harness', 'build_reference.js');
if (isMain) await buildReference();
