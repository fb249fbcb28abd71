import type { ChainColumns } from '../barColumns.ts'
import type { ProblemSink } from './dataProblem.ts'
import { formatTimestamp } from '../formats/timestamp.ts'

/** Highest IV accepted: 10 = 1000% a year. Deribit shows placeholders of 100% (1.0) on illiquid wings, which pass. */
export const MAX_IV = 10

/** Row checks for option chain snapshots: one row per instrument per snapshot, bid <= ask, quotes >= 0,
 * IVs in (0, 10] when given, strike and underlying price above zero, expiry not before the snapshot.
 * @example checkChain(chain, sink, (i) => i + 2, (c) => c) */
export function checkChain(s: ChainColumns, sink: ProblemSink, lineOf: (i: number) => number, col: (c: string) => string): void {
  const err = (i: number, code: 'value' | 'bid-ask' | 'iv-range' | 'duplicate' | 'parse', column: string, value: unknown, message: string): void => {
    sink.add({ severity: 'error', code, line: lineOf(i), row: i + 1, column: col(column), value: String(value), message })
  }
  let seen = new Map<string, number>()
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && s.tMs[i] !== s.tMs[i - 1]) seen = new Map()
    const name = s.instrument[i]!
    const first = seen.get(name)
    if (first !== undefined) err(i, 'duplicate', 'instrument', name, `appears twice in the snapshot at ${formatTimestamp(s.tMs[i]!)} (first on line ${lineOf(first)})`)
    else seen.set(name, i)
    if (!Number.isFinite(s.expiryMs[i]!)) err(i, 'parse', 'expiry', s.expiryMs[i], 'is not a valid timestamp')
    else if (s.expiryMs[i]! < s.tMs[i]!) sink.add({ severity: 'warning', code: 'expired', line: lineOf(i), row: i + 1, column: col('expiry'), value: formatTimestamp(s.expiryMs[i]!), message: 'is before the snapshot time' })
    for (const [c, v] of [['strike', s.strike[i]!], ['underlying_price', s.underlyingPrice[i]!]] as const) {
      if (!(Number.isFinite(v) && v > 0)) err(i, 'value', c, v, Number.isFinite(v) ? 'must be above zero' : 'is not a finite number')
    }
    // NaN is "no quote" (an empty cell); anything else must be a real non-negative price
    for (const [c, v] of [['bid', s.bid[i]!], ['ask', s.ask[i]!], ['mark', s.mark[i]!], ['open_interest', s.openInterest[i]!]] as const) {
      if (!Number.isNaN(v) && !(Number.isFinite(v) && v >= 0)) err(i, 'value', c, v, 'must be zero or more (leave the cell empty for no quote)')
    }
    if (s.bid[i]! > s.ask[i]!) err(i, 'bid-ask', 'bid', s.bid[i], `is above ask ${s.ask[i]}`)
    for (const [c, v] of [['bid_iv', s.bidIv[i]!], ['ask_iv', s.askIv[i]!], ['mark_iv', s.markIv[i]!]] as const) {
      if (!Number.isNaN(v) && !(v > 0 && v <= MAX_IV)) err(i, 'iv-range', c, v, `is outside (0, ${MAX_IV}]: IV is an annualised fraction, 0.55 = 55%`)
    }
  }
}
