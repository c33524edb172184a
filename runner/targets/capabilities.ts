// What a case program can do on this host, by the Node version its runtime reports.
import semver from 'semver';
import { CAPABILITIES, type Capability } from '../../spec/catalogue.js';
import { ecoLibraryVersions } from './eco_libraries.js';

/** The Node releases whose net and dgram accept reusePort (measured: 22.11.0 no, 22.12.0 yes, 23.0.0 no, 23.1.0 yes). */
const REUSE_PORT_NODE = '>=22.12.0 <23.0.0 || >=23.1.0';

/**
 * What a Linux process of a runtime reporting `nodeVersion` can do; elsewhere
 * /proc and signals may be missing. A container sees no host pids.
 */
export function hostCapabilities(nodeVersion: string, where: 'host' | 'container' = 'host'): Capability[] {
  return (Object.keys(CAPABILITIES) as Capability[]).filter((capability) => {
    if (capability === 'proc-environ') return process.platform === 'linux';
    if (capability === 'posix-signals') return process.platform !== 'win32';
    if (capability === 'reuse-port') return semver.satisfies(nodeVersion, REUSE_PORT_NODE);
    if (capability === 'host-pids') return where === 'host';
    // The ECO libraries, where this checkout has them; not in a container (the project is mounted read-only there).
    if (capability === 'npm-libraries') return where === 'host' && ecoLibraryVersions() !== null;
    return true;
  });
}
