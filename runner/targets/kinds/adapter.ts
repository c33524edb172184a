// A user's adapter: a module, named by a path, whose default export is a
// TargetDescription or a function returning one. See README "Writing an adapter".
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type TargetDescription, TargetError, type TargetKind } from '../target.js';

export const adapter: TargetKind = {
  syntax: './path/to/adapter.mjs',
  summary: 'your own implementation, described by an adapter module',
  matches: (name) => /^(\.{0,2}\/|[A-Za-z]:\\)/.test(name) || /\.[cm]?js$/.test(name),
  async describe(specifier) {
    const file = path.resolve(specifier);
    if (!existsSync(file)) throw new TargetError(`adapter ${specifier} not found`);
    try {
      const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
      const exported =
        typeof module.default === 'function' ? await (module.default as () => unknown)() : module.default;
      const defaults = { name: path.basename(file).replace(/\.[cm]?js$/, ''), description: `the adapter ${specifier}` };
      // Whatever it exports, toTarget() checks it as it checks every kind's description.
      return (
        typeof exported === 'object' && exported !== null ? { ...defaults, ...exported } : exported
      ) as TargetDescription;
    } catch (error) {
      throw new TargetError(`adapter ${specifier} failed to load: ${(error as Error).message.split('\n')[0]}`);
    }
  },
  matrix: [],
  label: 'adapter',
};
