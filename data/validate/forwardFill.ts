import type { BarColumns, Series } from '../barColumns.ts'
import { seriesKindOf } from '../barColumns.ts'

// Same threshold as checkTimes: a spacing above 1.5 bars is a gap.
const GAP_FACTOR = 1.5

/** Fills gaps longer than 1.5 bars with bars every `barMs` after the last real one: bars flat at the previous
 * close with zero volume (nothing traded, the price did not move), vol/funding/gas repeating the previous value.
 * Returns the original series when there is nothing to fill. `sourceRow[i]` is the row an output row came from,
 * so problems on filled rows point at the real bar before the gap. Chains are returned unchanged.
 * @example forwardFill(bars, 3_600_000).series.length // bars.length + missing hours */
export function forwardFill<S extends Series>(series: S, barMs: number): { series: S; filled: number; sourceRow: Int32Array | undefined } {
  const kind = seriesKindOf(series)
  const n = series.length
  const t = series.tMs
  if (kind === 'chain' || !(barMs > 0)) return { series, filled: 0, sourceRow: undefined }
  let extra = 0
  for (let i = 1; i < n; i++) {
    const dt = t[i]! - t[i - 1]!
    if (dt > GAP_FACTOR * barMs) extra += Math.round(dt / barMs) - 1
  }
  if (extra === 0) return { series, filled: 0, sourceRow: undefined }
  const m = n + extra
  const src = new Int32Array(m)
  const tOut = new Float64Array(m)
  let k = 0
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const dt = t[i]! - t[i - 1]!
      if (dt > GAP_FACTOR * barMs) {
        const missing = Math.round(dt / barMs) - 1
        for (let j = 1; j <= missing; j++) { tOut[k] = t[i - 1]! + j * barMs; src[k++] = -(i - 1) - 1 }
      }
    }
    tOut[k] = t[i]!
    src[k++] = i
  }
  // src < 0 marks a filled row; -(r + 1) is the real row it repeats
  const from = (col: Float64Array, fill: (prev: number) => number): Float64Array => {
    const out = new Float64Array(m)
    for (let i = 0; i < m; i++) { const s = src[i]!; out[i] = s >= 0 ? col[s]! : fill(col[-s - 1]!) }
    return out
  }
  const sourceRow = src.map((s) => (s >= 0 ? s : -s - 1))
  let out: Series
  if (kind === 'bars') {
    const b = series as BarColumns
    const closeBefore = (col: Float64Array): Float64Array => {
      const o = new Float64Array(m)
      for (let i = 0; i < m; i++) { const s = src[i]!; o[i] = s >= 0 ? col[s]! : b.close[-s - 1]! }
      return o
    }
    out = { length: m, tMs: tOut, open: closeBefore(b.open), high: closeBefore(b.high), low: closeBefore(b.low), close: closeBefore(b.close), volume: from(b.volume, () => 0) }
  } else if (kind === 'vol') {
    out = { length: m, tMs: tOut, vol: from((series as { vol: Float64Array }).vol, (p) => p) }
  } else if (kind === 'funding') {
    out = { length: m, tMs: tOut, rate: from((series as { rate: Float64Array }).rate, (p) => p) }
  } else {
    out = { length: m, tMs: tOut, gwei: from((series as { gwei: Float64Array }).gwei, (p) => p) }
  }
  return { series: out as S, filled: extra, sourceRow }
}
