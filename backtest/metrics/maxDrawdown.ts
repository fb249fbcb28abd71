/** The deepest peak-to-trough fall of a NAV series. */
export interface DrawdownInfo {
  /** nav[trough] / nav[peak] - 1: a fraction <= 0 (-0.25 is a 25% fall); 0 for a series that never falls. */
  maxDrawdown: number
  /** Time of the running peak before the deepest trough; null when maxDrawdown is 0. */
  peakMs: number | null
  troughMs: number | null
  /** First time after the trough that NAV is back at the peak's level; null if it never recovers (or no drawdown). */
  recoveryMs: number | null
}

/** Max drawdown with its peak, trough and recovery times, in one pass with no allocation besides the result.
 * Ties keep the first (earliest) deepest trough.
 * @example maxDrawdown(Float64Array.of(0, 1, 2, 3), Float64Array.of(100, 120, 90, 130))
 * // { maxDrawdown: -0.25, peakMs: 1, troughMs: 2, recoveryMs: 3 } */
export function maxDrawdown(tMs: Float64Array, nav: Float64Array): DrawdownInfo {
  scan(nav)
  if (worstAt < 0) return { maxDrawdown: 0, peakMs: null, troughMs: null, recoveryMs: null }
  return {
    maxDrawdown: worst, peakMs: tMs[worstPeakAt] as number, troughMs: tMs[worstAt] as number,
    recoveryMs: recoveryAt < 0 ? null : (tMs[recoveryAt] as number),
  }
}

// scan's findings, in module variables like logReturnStats' sums: a long series runs scan's loop in on-stack-replaced
// code, and code after the loop in the same function had no type feedback and deoptimised it on every call.
let worst = 0
let worstPeakAt = -1
let worstAt = -1
let recoveryAt = -1

function scan(nav: Float64Array): void {
  let peak = -Infinity
  let peakAt = -1
  let lo = 0
  let loPeakAt = -1
  let loAt = -1
  // The recovery is found in the same pass: the first bar after the deepest trough so far that is back at that
  // trough's peak (a deeper trough later starts the search again). A second loop from the trough on was left
  // with no type feedback by V8 on many series and deoptimised on every call, then ran in the interpreter.
  let backAt = -1
  let loPeak = Infinity
  for (let i = 0; i < nav.length; i++) {
    const v = nav[i] as number
    if (v >= loPeak && backAt < 0) backAt = i
    if (v > peak) { peak = v; peakAt = i; continue }
    const dd = v / peak - 1
    if (dd < lo) { lo = dd; loAt = i; loPeakAt = peakAt; loPeak = peak; backAt = -1 }
  }
  worst = lo
  worstPeakAt = loPeakAt
  worstAt = loAt
  recoveryAt = backAt
}
