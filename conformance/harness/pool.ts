// Bounded concurrency: `lanes` workers take turns until `next` says stop.

/** Runs `lanes` loops at once; each calls `step` until it returns false. */
export async function inLanes(lanes: number, step: () => Promise<boolean>): Promise<void> {
  const lane = async () => {
    while (await step()) {
      /* next */
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
}
