/** Writes the running drawdown nav[i] / max(nav[0..i]) - 1 (a fraction <= 0) into `out`, for the drawdown chart.
 * The hot-path twin of maxDrawdown: its minimum is maxDrawdown().maxDrawdown. No allocation.
 * @example drawdownInto(new Float64Array(3), Float64Array.of(100, 80, 120)) // [0, -0.2, 0] */
export function drawdownInto(out: Float64Array, nav: Float64Array): Float64Array {
  let peak = -Infinity
  for (let i = 0; i < nav.length; i++) {
    const v = nav[i] as number
    if (v > peak) peak = v
    out[i] = v / peak - 1
  }
  return out
}
