// `cluster-conformance/register`: makes `require('cluster')`,
// `require('node:cluster')` and `import ... from 'node:cluster'` resolve to
// the reference, in this process and (through the worker bootstrap) in every
// worker the reference forks. Loaded with `node --require` or `node --import`.
// Built to dist/reference/register.cjs, next to the bundle (cluster.cjs) and
// the ESM facades (cluster-primary.mjs, cluster-worker.mjs).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Set in process.env once the redirect is installed: the reference worker
 * bootstrap installs it again in a worker whose execArgv lost the flag.
 */
export const REGISTER_VARIABLE = 'CLUSTER_CONFORMANCE_REGISTER';

/** Process-wide: what the redirect points at, once installed. */
export const REGISTER_MARK = Symbol.for('cluster-conformance.register');

export interface RegisterState {
  /** The CommonJS bundle that `require('cluster')` now returns. */
  bundle: string;
  /** How: 'registerHooks' (Node >= 22.15 / 23.5) or 'require+register' (the fallback). */
  mechanism: 'registerHooks' | 'require+register';
}

const SPECIFIERS = new Set(['cluster', 'node:cluster']);

export interface ResolveContext {
  conditions?: readonly string[];
  parentURL?: string;
}
export interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => ResolveResult;
interface Hooks {
  resolve(specifier: string, context: ResolveContext, next: NextResolve): ResolveResult;
}

type ModuleWithHooks = typeof import('node:module') & {
  registerHooks?(hooks: Hooks): unknown;
  register?(specifier: string, options?: { data?: unknown }): void;
};

interface RequireOwner {
  require(id: string): unknown;
}

export function installRedirect(directory: string = __dirname): RegisterState {
  const global = globalThis as { [REGISTER_MARK]?: RegisterState };
  const installed = global[REGISTER_MARK];
  if (installed !== undefined) return installed;
  const bundle = path.join(directory, 'cluster.cjs');
  const facade = (role: 'primary' | 'worker') => pathToFileURL(path.join(directory, `cluster-${role}.mjs`)).href;
  // Required here, not imported: the worker bootstrap holds this code, and node:module loads the ESM loader.
  const moduleApi = require('node:module') as ModuleWithHooks;
  let state: RegisterState;
  if (typeof moduleApi.registerHooks === 'function') {
    const bundleURL = pathToFileURL(bundle).href;
    moduleApi.registerHooks({
      resolve(specifier, context, next) {
        if (!SPECIFIERS.has(specifier)) return next(specifier, context);
        if (context.conditions?.includes('require')) return { url: bundleURL, format: 'commonjs', shortCircuit: true };
        // An ESM import gets the facade with the names of this process's role.
        const cluster = require(bundle) as { isWorker: boolean };
        return { url: facade(cluster.isWorker ? 'worker' : 'primary'), format: 'module', shortCircuit: true };
      },
    });
    state = { bundle, mechanism: 'registerHooks' };
  } else {
    // require(): every module's require goes through Module.prototype.require.
    const prototype = moduleApi.prototype as unknown as RequireOwner;
    const original = prototype.require;
    prototype.require = function require(this: RequireOwner, id: string): unknown {
      return SPECIFIERS.has(id) ? original.call(this, bundle) : original.call(this, id);
    };
    // import: a resolve hook on the loader thread. It cannot see this thread's
    // cluster object, so it gets the role now, from the reference itself (in a
    // worker Node has deleted NODE_UNIQUE_ID already; the bootstrap loaded the reference first).
    const role = (original.call(module, bundle) as { isWorker: boolean }).isWorker ? 'worker' : 'primary';
    moduleApi.register?.(pathToFileURL(path.join(directory, 'register_hooks.mjs')).href, {
      data: { url: facade(role) },
    });
    state = { bundle, mechanism: 'require+register' };
  }
  global[REGISTER_MARK] = state;
  process.env[REGISTER_VARIABLE] = '1';
  return state;
}
