import { InputError } from '../../engine/errors/input.ts'
import { checkTimes } from './checkTimes.ts'

/** Any series with times: BarColumns, VolColumns, FundingColumns… Only the first `length` rows count. */
export type Timed = Readonly<{ length: number; tMs: Float64Array }>

/** - `maxStalenessMs`: a right value older than this (left time minus right time > maxStalenessMs) is not
 *   used; the row gets none. Default: no limit.
 * - `allowExactMatch`: whether a right point stamped exactly at the left time counts (default true). Set it
 *   false when the right series is stamped at bar OPEN but its value is only known at the close.
 * - `leftSource`, `rightSource`: names for error messages (default 'left', 'right'). */
export interface AsOfOptions {
  maxStalenessMs?: number
  allowExactMatch?: boolean
  leftSource?: string
  rightSource?: string
}

/** For each left row, the index of the latest right row at or before its time, or -1 when there is none
 * (or only a stale one). Never a later row: this is the backtester's guard against lookahead. When several
 * right rows share the chosen time, the last of them wins (the latest revision of that instant).
 * Both series must be sorted by time (repeated times are allowed); unsorted input throws InputError.
 * One pass over both series: O(left + right).
 * @example asOfIndices({ length: 2, tMs: Float64Array.of(10, 20) }, { length: 2, tMs: Float64Array.of(5, 20) }) // Int32Array [0, 1] */
export function asOfIndices(left: Timed, right: Timed, o: AsOfOptions = {}): Int32Array {
  const maxStale = o.maxStalenessMs ?? Infinity
  if (!(maxStale >= 0)) throw new InputError('as-of join options', 'maxStalenessMs', `must be >= 0, got ${maxStale}`)
  checkTimes(left.tMs, left.length, o.leftSource ?? 'left', false)
  checkTimes(right.tMs, right.length, o.rightSource ?? 'right', false)
  const exact = o.allowExactMatch ?? true
  const out = new Int32Array(left.length)
  let j = -1 // last right row usable for the current left time
  for (let i = 0; i < left.length; i++) {
    const t = left.tMs[i] as number
    // left times never decrease, so j only moves forward
    while (j + 1 < right.length && (exact ? (right.tMs[j + 1] as number) <= t : (right.tMs[j + 1] as number) < t)) j++
    out[i] = j >= 0 && t - (right.tMs[j] as number) <= maxStale ? j : -1
  }
  return out
}

/** `values` of the right series aligned to the left series' times by `asOfIndices`: NaN where there is no
 * usable right value. `values` is a column of `right` (e.g. vol.vol, funding.rate, bars.close).
 * @example asOfJoin(bars, dvol, dvol.vol, { maxStalenessMs: 2 * 86_400_000 }) // DVOL known at each bar */
export function asOfJoin(left: Timed, right: Timed, values: Float64Array, o: AsOfOptions = {}): Float64Array {
  if (values.length < right.length) {
    throw new InputError(o.rightSource ?? 'right', 'values', `has ${values.length} entries for ${right.length} rows`)
  }
  const idx = asOfIndices(left, right, o)
  const out = new Float64Array(idx.length)
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i] as number
    out[i] = j >= 0 ? (values[j] as number) : NaN
  }
  return out
}
