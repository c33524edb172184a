// Imported first by the worker bootstrap: loads the bundle next to it
// (cluster.cjs) as require() would, into require.cache, but compiled with
// the V8 code cache the build wrote beside it (cluster.cjs.v8cache). Node's
// own cluster comes from the binary's code cache; without one a reference
// worker compiles the whole bundle at every start (bench/README.md). Where
// V8 rejects the cache (another Node, other V8 flags) the source is compiled
// as usual; without a cache file, require() loads the bundle later.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

export const BUNDLE_FILE = 'cluster.cjs';
export const CODE_CACHE_SUFFIX = '.v8cache';
/** Set on the loaded module: 'accepted' or 'rejected' (the build checks it). */
export const CODE_CACHE_MARK = Symbol.for('cluster-conformance.codeCache');

/** Node's CommonJS wrapper; the build compiles the same text to make the cache. */
export function wrapBundle(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

interface LoadedModule {
  exports: unknown;
  filename: string;
  paths: string[];
  loaded: boolean;
  [CODE_CACHE_MARK]?: string;
}
interface ModuleClass {
  new (id: string, parent: unknown): LoadedModule;
  _nodeModulePaths(from: string): string[];
}

function preloadBundle(directory: string): void {
  const filename = path.join(directory, BUNDLE_FILE);
  if (require.cache[filename] !== undefined) return;
  let cachedData: Buffer;
  try {
    cachedData = readFileSync(filename + CODE_CACHE_SUFFIX);
  } catch {
    return;
  }
  const script = new vm.Script(wrapBundle(readFileSync(filename, 'utf8')), { filename, cachedData });
  const Module = (module as unknown as { constructor: ModuleClass }).constructor;
  const loaded = new Module(filename, module);
  loaded.filename = filename;
  loaded.paths = Module._nodeModulePaths(directory);
  loaded[CODE_CACHE_MARK] = script.cachedDataRejected ? 'rejected' : 'accepted';
  const compiled = script.runInThisContext() as (...args: unknown[]) => void;
  (require.cache as Record<string, unknown>)[filename] = loaded;
  try {
    compiled.call(loaded.exports, loaded.exports, require, loaded, filename, directory);
  } catch (error) {
    delete require.cache[filename];
    throw error;
  }
  loaded.loaded = true;
}

preloadBundle(__dirname);
