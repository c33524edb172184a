// How a reproduction's harness is bundled (esbuild, from the compiled dist/):
// the harness modules a test imports, with stand-ins for what only the suite
// has. vitest becomes a small expect(); conformance_test.js records tests
// instead of declaring vitest tests; paths.js points at the folder the script
// unpacks; containers and the catalogue's areas stay out.
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { ROOT } from '../../conformance/harness/paths.js';

const DIST = path.join(ROOT, 'dist');
/** The compiled conformance tests: the source of every reproduction. */
export const DIST_CONFORMANCE = path.join(DIST, 'conformance');
const RUNTIME = path.join(DIST, 'runner', 'repro', 'runtime');

/** The oldest runtime a script's own code must run on (the case programs are ES5 and run anywhere). */
export const SCRIPT_TARGET = 'node16';

/** Modules replaced in a reproduction (absolute paths in dist/, or package names) → their stand-ins. */
const STAND_INS: Record<string, string> = {
  vitest: path.join(RUNTIME, 'expect.js'),
  [path.join(DIST_CONFORMANCE, 'harness', 'conformance_test.js')]: path.join(RUNTIME, 'conformance_test.js'),
  [path.join(DIST_CONFORMANCE, 'harness', 'paths.js')]: path.join(RUNTIME, 'paths.js'),
  [path.join(DIST, 'runner', 'targets', 'container.js')]: path.join(RUNTIME, 'no_container.js'),
  // capabilities.js needs CAPABILITIES only, not every area of the catalogue.
  [path.join(DIST, 'spec', 'catalogue.js')]: path.join(DIST, 'spec', 'types.js'),
  semver: path.join(RUNTIME, 'semver.js'),
  '@vitest/pretty-format': path.join(RUNTIME, 'pretty_format.js'),
};

/** What a test may import that the runtime's stand-ins name the same way. */
export const TEST_IMPORTS_REPLACED = ['vitest'];

/** esbuild is a devDependency: `repro` needs it, nothing else at run time does. */
export async function loadEsbuild(): Promise<typeof import('esbuild')> {
  try {
    return await import('esbuild');
  } catch {
    throw new Error('repro needs esbuild (npm install esbuild): it bundles the harness into the script');
  }
}

function realPath(file: string): string {
  return existsSync(file) ? realpathSync(file) : file;
}

function standIns(): Plugin {
  // @vitest/utils comes with vitest; look it up from there.
  const fromVitest = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('vitest/package.json'));
  return {
    name: 'repro-stand-ins',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.path === '@vitest/utils/display') return { path: fromVitest.resolve('@vitest/utils/display') };
        const key = args.path.startsWith('.') ? realPath(path.resolve(args.resolveDir, args.path)) : args.path;
        const standIn = Object.hasOwn(STAND_INS, key) ? STAND_INS[key] : undefined;
        return standIn === undefined ? undefined : { path: standIn };
      });
    },
  };
}

/** The options every reproduction bundle shares. */
export function bundleOptions(): BuildOptions {
  return {
    bundle: true,
    write: false,
    // The paths in the bundle's comments are the package's own (node_modules/semver/...).
    absWorkingDir: ROOT,
    platform: 'node',
    target: SCRIPT_TARGET,
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [standIns()],
  };
}
