// Stands in for conformance/harness/paths.js in a reproduction script: the
// fixtures are the ones the script unpacked into a temporary folder.

/** The folder the script unpacked into. */
export let ROOT = '';
/** Where its case programs are (ROOT/fixtures). */
export let FIXTURES = '';

export function setRoot(root: string, fixtures: string): void {
  ROOT = root;
  FIXTURES = fixtures;
}
