// The example adapter, but every case primary preloads fixtures/support/linger.js
// and so leaves a silent process behind: the harness must kill whole process groups.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import example from '../../../examples/adapter/adapter.mjs';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

export default {
  ...example,
  name: 'lingering-example',
  description: 'the example adapter; every case primary starts a process that outlives it',
  commandArgs: ['--require', path.join(fixtures, 'support', 'linger.js')],
};
