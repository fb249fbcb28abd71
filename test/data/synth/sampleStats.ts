/** Small statistics for the generator tests: close-to-close log returns and their moments. */

/** ln(close[i] / close[i-1]) for i >= 1, plus the first bar's ln(close/open) when `withFirst`. */
export function logReturns(close: Float64Array, open?: Float64Array): Float64Array {
  const first = open === undefined ? 0 : 1
  const out = new Float64Array(close.length - 1 + first)
  if (open !== undefined) out[0] = Math.log((close[0] as number) / (open[0] as number))
  for (let i = 1; i < close.length; i++) out[i - 1 + first] = Math.log((close[i] as number) / (close[i - 1] as number))
  return out
}

/** Sample mean and unbiased sample variance. */
export function meanVar(xs: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0
  for (let i = 0; i < xs.length; i++) sum += xs[i] as number
  const mean = sum / xs.length
  let ss = 0
  for (let i = 0; i < xs.length; i++) ss += ((xs[i] as number) - mean) ** 2
  return { mean, variance: ss / (xs.length - 1) }
}

/** Standard error of a sample standard deviation of n normal draws with true sd `sigma`: sigma / sqrt(2(n-1))
 * (the delta method on Var(s^2) = 2 sigma^4 / (n-1)). */
export function sdStandardError(sigma: number, n: number): number {
  return sigma / Math.sqrt(2 * (n - 1))
}
