// The ESM half of `cluster-conformance/register` on a Node without
// module.registerHooks (Node 20): a resolve hook, registered with
// module.register(), that sends `cluster` and `node:cluster` to the facade.
// Built to dist/reference/register_hooks.mjs.

import type { ResolveContext, ResolveResult } from './register.js';

let facadeURL: string | undefined;

export function initialize(data: { url: string }): void {
  facadeURL = data.url;
}

export async function resolve(
  specifier: string,
  context: ResolveContext,
  next: (specifier: string, context?: ResolveContext) => Promise<ResolveResult>,
): Promise<ResolveResult> {
  if (facadeURL !== undefined && (specifier === 'cluster' || specifier === 'node:cluster')) {
    return { url: facadeURL, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}
