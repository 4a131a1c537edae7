/**
 * The test set's batch size on the create form: every batch holds exactly B samples (the accuracy
 * circuit is built for B), so B must divide the number of samples N. Plain functions, tested in Node.
 */

/** The divisors of n (a positive integer), ascending. */
export function divisors(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 1) return [];
  const lo: number[] = [], hi: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    lo.push(d);
    if (d * d !== n) hi.unshift(n / d);
  }
  return [...lo, ...hi];
}

/** The batch size to use for n samples when `preferred` does not divide n: the largest divisor of n not above it (1 at worst). */
export function suggestBatch(n: number, preferred: number): number {
  if (n < 1) return preferred;
  if (n % preferred === 0) return preferred;
  return divisors(n).filter((d) => d <= preferred).pop() ?? 1;
}

/**
 * Why batches of `b` cannot hold `n` samples, in plain words with the sizes that can (the ones near b),
 * or undefined when they can (or there are no samples yet).
 */
export function batchProblem(n: number, b: number): string | undefined {
  if (n < 1) return undefined;
  if (!Number.isSafeInteger(b) || b < 1) return 'The batch size must be a whole number of at least 1.';
  if (b > n) return `Batches of ${b} need at least ${b} samples; the test set has ${n}.`;
  if (n % b === 0) return undefined;
  const ds = divisors(n);
  const below = ds.filter((d) => d < b).slice(-2), above = ds.filter((d) => d > b).slice(0, 2);
  return `${n} samples do not split into batches of ${b} (every batch holds exactly ${b}: the accuracy circuit is built for it). Sizes that do: ${[...below, ...above].join(', ')}.`;
}
