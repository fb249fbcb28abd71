import type { BarColumns } from '../barColumns.ts'
import { InputError } from '../../engine/errors/input.ts'
import { checkTimes } from './checkTimes.ts'

/** How to resample.
 * - `fromMs`: length of the input bars in ms (60_000 for 1m). Every input `tMs` must be a multiple of it.
 * - `toMs`: length of the output bars in ms, a whole multiple of `fromMs`.
 * - `partial`: a bucket is partial when it holds fewer than toMs / fromMs input bars (the series starts or
 *   ends inside it, or bars are missing). 'drop' (default) leaves partial buckets out, so every output bar
 *   covers its full length; 'keep' keeps them and marks them 0 in `complete`.
 * - `source`: names the series in error messages (e.g. the file it came from). */
export interface ResampleOptions {
  fromMs: number
  toMs: number
  partial?: 'drop' | 'keep'
  source?: string
}

/** Resampled bars; `complete[i]` is 1 when bar i was built from every input bar of its bucket, 0 when partial
 * (only with partial 'keep'). `inputBars[i]` is how many input bars went into bar i. */
export interface Resampled {
  bars: BarColumns
  complete: Uint8Array
  inputBars: Uint32Array
}

/** Bars to longer bars: open = first open, high = max high, low = min low, close = last close, volume = sum.
 * Buckets start at UTC epoch multiples of `toMs` and are keyed by bar OPEN time, so 1h -> 1d gives bars
 * opening at 00:00 UTC holding the 00:00 … 23:00 hourly bars, the way exchanges cut daily bars. (Weekly
 * buckets would therefore start on Thursdays, as 1970-01-01 was one.) A bucket with no input bars gives no
 * output bar: gaps stay gaps. Input must be sorted by time with no duplicates.
 * @example resampleBars(hourly, { fromMs: 3_600_000, toMs: 86_400_000 }) // complete UTC days only */
export function resampleBars(bars: BarColumns, o: ResampleOptions): Resampled {
  const source = o.source ?? 'bars'
  if (!Number.isSafeInteger(o.fromMs) || o.fromMs <= 0) throw new InputError(source, 'fromMs', `must be a positive whole number of ms, got ${o.fromMs}`)
  if (!Number.isSafeInteger(o.toMs) || o.toMs <= 0 || o.toMs % o.fromMs !== 0) {
    throw new InputError(source, 'toMs', `must be a whole multiple of the input bar (${o.fromMs} ms), got ${o.toMs}`)
  }
  const n = bars.length
  checkTimes(bars.tMs, n, source, true)
  for (let i = 0; i < n; i++) {
    // a bar off the input grid could straddle two buckets; refusing it beats splitting it wrongly
    if ((bars.tMs[i] as number) % o.fromMs !== 0) {
      throw new InputError(`${source} index ${i} (0-based)`, 'ts', `${new Date(bars.tMs[i] as number).toISOString()} is not on the ${o.fromMs} ms bar grid`)
    }
  }
  const perBucket = o.toMs / o.fromMs
  const keepPartial = o.partial === 'keep'
  // at most one output bar per input bar: allocate once, trim at the end
  const tMs = new Float64Array(n)
  const open = new Float64Array(n)
  const high = new Float64Array(n)
  const low = new Float64Array(n)
  const close = new Float64Array(n)
  const volume = new Float64Array(n)
  const complete = new Uint8Array(n)
  const count = new Uint32Array(n)
  let m = 0
  let i = 0
  while (i < n) {
    const t0 = bars.tMs[i] as number
    const bucket = t0 - mod(t0, o.toMs)
    const end = bucket + o.toMs
    let hi = bars.high[i] as number
    let lo = bars.low[i] as number
    let vol = 0
    let j = i
    for (; j < n && (bars.tMs[j] as number) < end; j++) {
      const h = bars.high[j] as number
      const l = bars.low[j] as number
      if (h > hi) hi = h
      if (l < lo) lo = l
      vol += bars.volume[j] as number
    }
    const full = j - i === perBucket
    if (full || keepPartial) {
      tMs[m] = bucket
      open[m] = bars.open[i] as number
      high[m] = hi
      low[m] = lo
      close[m] = bars.close[j - 1] as number
      volume[m] = vol
      complete[m] = full ? 1 : 0
      count[m] = j - i
      m++
    }
    i = j
  }
  return {
    bars: { length: m, tMs: tMs.slice(0, m), open: open.slice(0, m), high: high.slice(0, m), low: low.slice(0, m), close: close.slice(0, m), volume: volume.slice(0, m) },
    complete: complete.slice(0, m),
    inputBars: count.slice(0, m),
  }
}

// % keeps the dividend's sign; times before 1970 still need the bucket at or before them
const mod = (a: number, b: number): number => ((a % b) + b) % b
