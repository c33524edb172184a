// Summaries of repeated measurements: median with the min–max spread, and
// how evenly connections spread across workers.

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many values the summary is over. */
  count: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** null when there is nothing to summarise. */
export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), count: values.length };
}

/** Jain's fairness index: 1 when every worker got the same, 1/n when one got everything. */
export function jainIndex(counts: readonly number[]): number {
  const sum = counts.reduce((a, b) => a + b, 0);
  const squares = counts.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (counts.length * squares);
}

/** The busiest worker's count over the idlest's (Infinity when one got none). */
export function maxMinRatio(counts: readonly number[]): number {
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  return min === 0 ? (max === 0 ? 1 : Infinity) : max / min;
}
