// Where the project's parts live, whether running from source or from dist/.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'cluster-conformance') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cluster-conformance: cannot find the package root');
    dir = parent;
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const FIXTURES = path.join(ROOT, 'fixtures');
/** Reports go where the suite is run from (or CLUSTER_REPORTS_DIR), never into an installed package. */
export const REPORTS = path.resolve(process.env.CLUSTER_REPORTS_DIR || 'reports');
/** The reference as one CommonJS file (`npm run build`, build_reference.ts). */
export const REFERENCE_ENTRY = path.join(ROOT, 'dist', 'reference', 'cluster.cjs');
/** The one command line: `cluster-conformance <command>` (runner/cli/cli.ts). */
export const CLI_ENTRY = path.join(ROOT, 'dist', 'runner', 'cli', 'cli.js');
export const SUITE_VERSION: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
