/** Picks at most `maxPoints` bar indices so a line chart of every series in `series` looks like the full data: the
 * bars are cut into equal buckets, and each bucket keeps its first and last bar and the bar of each series' min and
 * max (NaN ignored), in time order. Spikes survive (a plain every-k-th sample would drop them) and a 2.6M-bar
 * backtest draws from a few thousand points. Returns all indices when n <= maxPoints. Allocation: the result and one
 * small scratch array, none per bar.
 * @example downsampleIndices(2_600_000, [nav, navBuyAndHold], 5000).length // <= 5000 */
export function downsampleIndices(n: number, series: readonly Float64Array[], maxPoints: number): Int32Array {
  if (n <= maxPoints) return Int32Array.from({ length: n }, (_, i) => i)
  const perBucket = 2 + 2 * series.length
  const buckets = Math.max(1, Math.floor(maxPoints / perBucket))
  const out = new Int32Array(buckets * perBucket)
  const scratch = new Int32Array(perBucket)
  let m = 0
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets)
    const hi = Math.floor(((b + 1) * n) / buckets) // exclusive
    let k = 0
    scratch[k++] = lo
    scratch[k++] = hi - 1
    for (const s of series) {
      let iMin = -1, iMax = -1
      let vMin = Infinity, vMax = -Infinity
      for (let i = lo; i < hi; i++) {
        const v = s[i] as number
        if (v < vMin) { vMin = v; iMin = i }
        if (v > vMax) { vMax = v; iMax = i }
      }
      if (iMin >= 0) scratch[k++] = iMin
      if (iMax >= 0) scratch[k++] = iMax
    }
    // insertion sort of at most perBucket entries, then drop duplicates while copying out
    for (let a = 1; a < k; a++) {
      const x = scratch[a] as number
      let c = a - 1
      while (c >= 0 && (scratch[c] as number) > x) { scratch[c + 1] = scratch[c] as number; c-- }
      scratch[c + 1] = x
    }
    for (let a = 0; a < k; a++) {
      const x = scratch[a] as number
      if (m === 0 || out[m - 1] !== x) out[m++] = x
    }
  }
  return out.slice(0, m)
}
