import type { GapPolicy, ProblemSink } from './dataProblem.ts'
import { formatTimestamp } from '../formats/timestamp.ts'

/** What the timestamps of a series look like. `barMs` is NaN when there are fewer than two distinct times. */
export interface TimeSummary {
  readonly rows: number
  readonly firstMs: number
  readonly lastMs: number
  /** the bar size: the median spacing between consecutive distinct timestamps */
  readonly barMs: number
  readonly gaps: GapSummary
}

/** Spacings longer than 1.5 bar sizes. `missingBars` rounds each gap to whole bars. */
export interface GapSummary {
  readonly count: number
  readonly missingBars: number
  readonly largestMs: number
  /** open time of the last bar before the largest gap, NaN when there is no gap */
  readonly largestAfterMs: number
}

export interface TimeCheckOptions {
  readonly sink: ProblemSink
  readonly lineOf: (row: number) => number
  readonly column: string
  readonly gaps: GapPolicy
  /** chain snapshots repeat a time on every row of a snapshot, so equal times are allowed and gaps not checked */
  readonly snapshots?: boolean
}

// A gap is a spacing above 1.5 bars: exchange timestamps jitter by a few ms (Binance fundingTime 1667462400016),
// so "more than one bar" would flag every jittered row, and half a bar is the first spacing that can only
// mean a missing bar.
const GAP_FACTOR = 1.5

/** Checks that timestamps are finite, strictly increasing (non-decreasing for chain snapshots) and reports
 * gaps beyond the bar size under the given policy.
 * @example checkTimes(bars.tMs, bars.length, { sink, lineOf: (i) => i + 2, column: 'ts', gaps: 'skip' }) */
export function checkTimes(tMs: Float64Array, length: number, o: TimeCheckOptions): TimeSummary {
  const { sink, lineOf, column } = o
  for (let i = 0; i < length; i++) {
    const t = tMs[i]!
    if (!Number.isFinite(t)) sink.add({ severity: 'error', code: 'parse', line: lineOf(i), row: i + 1, column, value: String(t), message: 'is not a valid timestamp' })
  }
  for (let i = 1; i < length; i++) {
    const dt = tMs[i]! - tMs[i - 1]!
    if (dt < 0) {
      sink.add({ severity: 'error', code: 'unsorted', line: lineOf(i), row: i + 1, column, value: formatTimestamp(tMs[i]!),
        message: `is before the previous row's ${formatTimestamp(tMs[i - 1]!)} (line ${lineOf(i - 1)}): rows must be sorted oldest first` })
    } else if (dt === 0 && o.snapshots !== true) {
      sink.add({ severity: 'error', code: 'duplicate', line: lineOf(i), row: i + 1, column, value: formatTimestamp(tMs[i]!),
        message: `repeats the timestamp of line ${lineOf(i - 1)}` })
    }
  }
  const barMs = medianSpacingMs(tMs, length)
  let count = 0
  let missingBars = 0
  let largestMs = 0
  let largestAfterMs = NaN
  if (o.snapshots !== true && barMs > 0) {
    const severity = o.gaps === 'error' ? 'error' : 'warning'
    for (let i = 1; i < length; i++) {
      const dt = tMs[i]! - tMs[i - 1]!
      if (!(dt > GAP_FACTOR * barMs)) continue
      const missing = Math.round(dt / barMs) - 1
      count++
      missingBars += missing
      if (dt > largestMs) { largestMs = dt; largestAfterMs = tMs[i - 1]! }
      sink.add({ severity, code: 'gap', line: lineOf(i), row: i + 1, column, value: formatTimestamp(tMs[i]!),
        message: `follows ${formatTimestamp(tMs[i - 1]!)} (line ${lineOf(i - 1)}): ${missing} missing bar(s) of ${formatDuration(barMs)}` })
    }
  }
  return {
    rows: length,
    firstMs: length > 0 ? tMs[0]! : NaN,
    lastMs: length > 0 ? tMs[length - 1]! : NaN,
    barMs,
    gaps: { count, missingBars, largestMs, largestAfterMs },
  }
}

/** Median of the positive spacings between consecutive timestamps; NaN when there are none.
 * @example medianSpacingMs(new Float64Array([0, 60_000, 120_000, 300_000]), 4) // 60_000 */
export function medianSpacingMs(tMs: Float64Array, length: number): number {
  // Bar data has a handful of distinct spacings (jittered funding times: a few hundred), so count them in a
  // map and walk the sorted keys: no copy of millions of spacings to sort. Irregular data falls back to a sort.
  const counts = new Map<number, number>()
  let k = 0
  for (let i = 1; i < length; i++) {
    const dt = tMs[i]! - tMs[i - 1]!
    if (!(dt > 0)) continue
    k++
    counts.set(dt, (counts.get(dt) ?? 0) + 1)
    if (counts.size > MAX_DISTINCT_SPACINGS) return medianBySort(tMs, length)
  }
  if (k === 0) return NaN
  const lo = Math.floor((k - 1) / 2)
  const hi = Math.floor(k / 2)
  let seen = 0
  let loValue = NaN
  for (const dt of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(dt)!
    if (Number.isNaN(loValue) && seen > lo) loValue = dt
    if (seen > hi) return (loValue + dt) / 2
  }
  return loValue
}

const MAX_DISTINCT_SPACINGS = 4096

function medianBySort(tMs: Float64Array, length: number): number {
  const d = new Float64Array(Math.max(0, length - 1))
  let k = 0
  for (let i = 1; i < length; i++) {
    const dt = tMs[i]! - tMs[i - 1]!
    if (dt > 0) d[k++] = dt
  }
  if (k === 0) return NaN
  const s = d.subarray(0, k).sort()
  return k % 2 === 1 ? s[(k - 1) / 2]! : (s[k / 2 - 1]! + s[k / 2]!) / 2
}

/** `1h`, `5m`, `1d`, `8h`, or seconds/ms when not a whole unit. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a'
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && Math.abs(ms / size - Math.round(ms / size)) < 1e-3) return `${Math.round(ms / size)}${unit}`
  }
  return ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms}ms`
}
