// cluster.settings, and the checks the primary makes of them, which Node's
// primary.js takes from internal/util/inspector (isUsingInspector,
// getInspectPort), internal/validators (validatePort), internal/errors
// (ERR_SOCKET_BAD_PORT) and internal/assert (ERR_INTERNAL_ASSERTION).
import type { StdioOptions } from 'node:child_process';

export interface ClusterSettings {
  exec?: string;
  args?: string[];
  execArgv?: string[];
  silent?: boolean;
  stdio?: StdioOptions;
  cwd?: string;
  serialization?: 'json' | 'advanced';
  windowsHide?: boolean;
  uid?: number;
  gid?: number;
  inspectPort?: number | (() => number);
}

const MIN_PORT = 1024;
const MAX_PORT = 65535;
const INSPECTOR_FLAG = /--inspect(?:-brk|-port)?|--debug-port/;

/** SETUP-14, SETUP-28: whether a worker with this execArgv uses the inspector (NODE_OPTIONS counts too). */
export function isUsingInspector(execArgv: string[]): boolean {
  return INSPECTOR_FLAG.test(execArgv.join(' ')) || INSPECTOR_FLAG.test(process.env.NODE_OPTIONS ?? '');
}

let debugPortOffset = 1;

/**
 * The port of a worker's --inspect-port: settings.inspectPort, a number or a
 * function returning one (SETUP-15), else the primary's debugPort + k, k = 1,
 * 2, … per fork (SETUP-14). A value that is not a port throws (SETUP-19).
 */
export function getInspectPort(inspectPort: ClusterSettings['inspectPort']): number | string {
  if (typeof inspectPort === 'function') return validatePort(inspectPort());
  if (inspectPort != null) return validatePort(inspectPort);
  let port = process.debugPort + debugPortOffset;
  if (port > MAX_PORT) port = port - MAX_PORT + MIN_PORT - 1;
  debugPortOffset++;
  return validatePort(port);
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `function ${value.name}`;
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  let shown = String(value);
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  if (typeof value === 'string') shown = `'${shown}'`;
  return `type ${typeof value} (${shown})`;
}

/** Node's ERR_SOCKET_BAD_PORT, a RangeError (SETUP-8, SETUP-19). */
export function badPort(port: unknown): RangeError {
  return Object.assign(new RangeError(`Port should be >= 0 and < 65536. Received ${describeValue(port)}.`), {
    code: 'ERR_SOCKET_BAD_PORT',
  });
}

/** A number or a numeric string in 0..65535, returned as given. */
function validatePort(port: unknown): number | string {
  if (
    (typeof port === 'number' || (typeof port === 'string' && port.trim() !== '')) &&
    +port === +port >>> 0 &&
    +port <= 0xffff
  )
    return port;
  throw badPort(port);
}

/** Node's internal assert: an Error with code ERR_INTERNAL_ASSERTION (SETUP-30). */
export function assert(value: boolean, message: string): asserts value {
  if (value) return;
  throw Object.assign(
    new Error(
      `${message}\nThis is caused by either a bug in Node.js or incorrect usage of Node.js internals.\n` +
        'Please open an issue with this stack trace at ' +
        'https://github.com/nodejs/node/issues\n',
    ),
    { code: 'ERR_INTERNAL_ASSERTION' },
  );
}
