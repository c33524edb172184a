// Stands in for runner/targets/container.js in a reproduction script, which
// runs its cases as local processes only.
export async function startCaseInContainer(): Promise<never> {
  throw new Error('a reproduction script runs its cases as local processes, not in containers');
}
