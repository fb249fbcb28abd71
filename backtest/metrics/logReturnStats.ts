/** Per-bar statistics of the log returns r_i = ln(nav_i / nav_{i-1}), i = 1..n-1. */
export interface LogReturnStats {
  /** Number of returns: bars - 1. */
  count: number
  /** Mean log return per bar. NaN when count = 0. */
  mean: number
  /** Sample standard deviation per bar (denominator count - 1). NaN when count < 2. */
  std: number
  /** Downside deviation per bar: sqrt(sum(min(r_i - target, 0)^2) / count), over ALL periods (not only the losing
   * ones), as in Sortino and Price (1994) and Rollinger and Hoffman, "Sortino: a sharper ratio" (Red Rock
   * Capital, 2013). NaN when count = 0. */
  downsideDeviation: number
}

/** Dispersion this small relative to the mean return is rounding noise of the logs, not risk: a NAV growing by
 * exactly 1% a bar gives log returns that differ in their last bits. Below it std snaps to 0 (so Sharpe is
 * Infinity, not 1e16). */
const NOISE_ULPS = 64 * Number.EPSILON

/** Mean, sample std and downside deviation of the log returns of `nav`, in one pass (Welford's update, so no
 * cancellation when the mean is large against the spread) with no allocation. `targetPerBar` is the downside
 * target per bar (0 unless a risk-free rate is set). NAVs must be positive (checkEquityCurve).
 * @example logReturnStats(Float64Array.of(100, 110, 99)) // mean = ln(0.99) / 2, count = 2 */
export function logReturnStats(nav: Float64Array, targetPerBar = 0): LogReturnStats {
  const count = Math.max(nav.length - 1, 0)
  accumulate(nav, targetPerBar)
  const mean = sumMean
  let std = count >= 2 ? Math.sqrt(sumM2 / (count - 1)) : NaN
  if (std <= NOISE_ULPS * Math.abs(mean)) std = 0
  return { count, mean: count > 0 ? mean : NaN, std, downsideDeviation: count > 0 ? Math.sqrt(sumDown2 / count) : NaN }
}

// The loop's sums, handed back through module variables: storing to them needs no type feedback. A long series runs
// the loop in on-stack-replaced code compiled before the code after it ever ran, so a compare after the loop had
// none and deoptimised the function on every call, which a sweep then recompiled twice a run.
let sumMean = 0
let sumM2 = 0
let sumDown2 = 0

function accumulate(nav: Float64Array, targetPerBar: number): void {
  let mean = 0
  let m2 = 0
  let down2 = 0
  for (let i = 1; i < nav.length; i++) {
    const r = Math.log((nav[i] as number) / (nav[i - 1] as number))
    const d = r - mean
    mean += d / i
    m2 += d * (r - mean)
    // min(r - target, 0) without a branch: half of (x - |x|) is exact, and a branch on the sign of a return
    // is mispredicted about every other bar (it took 60% of this loop's time on a real NAV)
    const below = r - targetPerBar
    const short = 0.5 * (below - Math.abs(below))
    down2 += short * short
  }
  sumMean = mean
  sumM2 = m2
  sumDown2 = down2
}
