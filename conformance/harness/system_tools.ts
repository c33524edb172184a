// Checks that need a system tool npm cannot supply (Chromium, wrk, a Docker
// engine): outside CI they are skipped with one NOTICE line; with CI=true
// they are required, and run (and fail) without it.

/** True when the check should be skipped here; prints the NOTICE line once. */
export function skipWithoutTool(check: string, tool: string, available: boolean, install: string): boolean {
  if (available || process.env.CI === 'true') return false;
  process.stdout.write(
    `NOTICE cluster-conformance: skipped ${check}: ${tool} is not installed (${install}); with CI=true it is required.\n`,
  );
  return true;
}
