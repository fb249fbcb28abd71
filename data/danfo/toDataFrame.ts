import { DataFrame } from 'danfojs'
import type { ChainColumns, Series } from '../barColumns.ts'
import { seriesKindOf } from '../barColumns.ts'
import { CANONICAL_COLUMNS } from '../formats/canonicalColumns.ts'
import { formatTimestamp } from '../formats/timestamp.ts'

/** A series as a danfo.js DataFrame, the user-facing table: the canonical CSV columns of its kind (see
 * data/README.md), `ts` (and a chain's `expiry`) as ISO 8601 UTC text, a chain's `type` as call|put, missing
 * values as NaN. Loads and cleans happen here once; hot loops take the typed columns back with fromDataFrame.
 * @example toDataFrame(bars).columns // ['ts', 'open', 'high', 'low', 'close', 'volume'] */
export function toDataFrame(series: Series): DataFrame {
  const kind = seriesKindOf(series)
  const n = series.length
  const iso = (a: Float64Array): string[] => Array.from(a.subarray(0, n), (ms) => (Number.isFinite(ms) ? formatTimestamp(ms) : ''))
  const nums = (a: Float64Array): number[] => Array.from(a.subarray(0, n))
  if (kind === 'chain') {
    const c = series as ChainColumns
    return new DataFrame({
      ts: iso(c.tMs), instrument: c.instrument.slice(0, n), expiry: iso(c.expiryMs), strike: nums(c.strike),
      type: Array.from(c.isCall.subarray(0, n), (x) => (x === 1 ? 'call' : 'put')),
      bid: nums(c.bid), ask: nums(c.ask), mark: nums(c.mark), bid_iv: nums(c.bidIv), ask_iv: nums(c.askIv), mark_iv: nums(c.markIv),
      underlying_price: nums(c.underlyingPrice), open_interest: nums(c.openInterest),
    }, { columns: [...CANONICAL_COLUMNS.chain] })
  }
  const cols = CANONICAL_COLUMNS[kind] as readonly string[]
  const src = series as unknown as Record<string, Float64Array>
  const data: Record<string, unknown[]> = { ts: iso(series.tMs) }
  for (const c of cols.slice(1)) data[c] = nums(src[c]!)
  return new DataFrame(data, { columns: [...cols] })
}
