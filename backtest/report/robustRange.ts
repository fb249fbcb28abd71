/** A chart's y-range narrowed to the bulk of the data, with what was left out, for the chart's note. */
export interface RobustRange {
  /** Axis bounds, in the chart's display unit. */
  readonly min: number
  readonly max: number
  /** Percentiles the bounds come from (before padding), e.g. 1 and 99. */
  readonly loPct: number
  readonly hiPct: number
  /** Share of the sampled bars outside [min, max], as a fraction: these are drawn off the chart's edge. */
  readonly outsideFraction: number
}

export interface RobustRangeOptions {
  /** Lower and upper percentile, 0..100. Default 1 and 99. */
  readonly loPct?: number
  readonly hiPct?: number
  /** The percentiles come from at most this many evenly strided bars, so a 2.6M-bar backtest sorts 50k numbers, not
   * 2.6M. Default 50,000. */
  readonly maxSample?: number
  /** Narrow only when the full range is more than this many times the percentile range: a series without outliers
   * keeps the whole data on the chart. Default 3. */
  readonly minSpreadRatio?: number
}

/** The y-range a chart should use when a few outliers (a one-bar delta spike while a hedge fills, a theta jump on
 * the epoch's last hours) would flatten everything else: the loPct..hiPct percentiles of the series, padded by 8% of
 * their width. Returns null when there is nothing to narrow: too few finite values, the percentile range is empty
 * (a series that is mostly one value), or the full range is within `minSpreadRatio` times the percentile range.
 * `at(i)` gives bar i in display units; NaN and infinities are ignored. Allocation: one sample array, none per bar.
 * @example robustRange(delta.length, (i) => delta[i]) // { min: 8.1, max: 10.8, loPct: 1, hiPct: 99, outsideFraction: 0.02 } */
export function robustRange(n: number, at: (i: number) => number, o: RobustRangeOptions = {}): RobustRange | null {
  const loPct = o.loPct ?? 1
  const hiPct = o.hiPct ?? 99
  const step = Math.max(1, Math.ceil(n / (o.maxSample ?? 50_000)))
  const sample = new Float64Array(Math.ceil(n / step))
  let m = 0
  let fullMin = Infinity, fullMax = -Infinity
  for (let i = 0; i < n; i++) {
    const v = at(i)
    if (!Number.isFinite(v)) continue
    if (v < fullMin) fullMin = v
    if (v > fullMax) fullMax = v
    if (i % step === 0) sample[m++] = v
  }
  if (m < 10) return null
  const sorted = sample.subarray(0, m).sort()
  const pick = (pct: number) => sorted[Math.min(m - 1, Math.max(0, Math.round((pct / 100) * (m - 1))))] as number
  const lo = pick(loPct)
  const hi = pick(hiPct)
  const width = hi - lo
  if (!(width > 0) || fullMax - fullMin <= (o.minSpreadRatio ?? 3) * width) return null
  const min = lo - 0.08 * width
  const max = hi + 0.08 * width
  let outside = 0
  for (let k = 0; k < m; k++) { const v = sorted[k] as number; if (v < min || v > max) outside++ }
  return { min, max, loPct, hiPct, outsideFraction: outside / m }
}
