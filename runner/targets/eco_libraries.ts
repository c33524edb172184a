// The npm libraries the ECO area runs (pinned, exact, in package.json's
// devDependencies), and the versions installed in this checkout. Reports
// record them (run_info.libraries); a target can run the ECO cases only
// where they are installed (the 'npm-libraries' capability).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../conformance/harness/paths.js';

/** Every library an ECO case program requires, directly. */
export const ECO_LIBRARIES = [
  'throng',
  'sticky-session',
  '@socket.io/sticky',
  '@socket.io/cluster-adapter',
  'socket.io',
  'socket.io-client',
  'prom-client',
  'recluster',
  'pm2',
] as const;

let installed: Record<string, string> | null | undefined;

/**
 * The installed version of each ECO library, read from the checkout's own
 * node_modules, or null when any is missing (an installed copy of the suite
 * has no devDependencies).
 */
export function ecoLibraryVersions(): Record<string, string> | null {
  if (installed !== undefined) return installed;
  const versions: Record<string, string> = {};
  for (const name of ECO_LIBRARIES) {
    const manifest = path.join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) {
      installed = null;
      return installed;
    }
    versions[name] = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  }
  installed = versions;
  return installed;
}
