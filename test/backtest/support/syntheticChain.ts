import type { BarColumns, ChainColumns } from '../../../data/barColumns.ts'
import { optionGreeks } from '../../../engine/domain/pricing/optionGreeks.ts'
import { nearestListedExpiryMs } from '../../../engine/domain/settlement/nearestListedExpiry.ts'
import { optionName } from '../../../engine/runtime/instrumentName.ts'
import { MS_PER_YEAR } from '../../../engine/domain/units.ts'

/** A recorded-style chain built from bars: one snapshot per bar at its close time, the next two Friday expiries,
 * strikes every `step` around spot, Black-Scholes marks at `iv` with bid/ask at iv -/+ `spreadVol`, in coin per
 * option like Deribit. */
export function syntheticChain(bars: BarColumns, barMs: number, o: { iv: number; spreadVol: number; step: number; strikes: number }): ChainColumns {
  const rows = { tMs: [] as number[], instrument: [] as string[], expiryMs: [] as number[], strike: [] as number[], isCall: [] as number[], bid: [] as number[], ask: [] as number[], mark: [] as number[], markIv: [] as number[], u: [] as number[] }
  for (let i = 0; i < bars.length; i++) {
    const t = (bars.tMs[i] as number) + barMs
    const s = bars.close[i] as number
    const e1 = nearestListedExpiryMs({ nowMs: t + 1, minDays: 0, cycle: 'weekly' })
    const e2 = nearestListedExpiryMs({ nowMs: e1 + 1, minDays: 0, cycle: 'weekly' })
    const atm = Math.round(s / o.step) * o.step
    for (const e of [e1, e2]) {
      for (let k = -o.strikes; k <= o.strikes; k++) {
        const strike = atm + k * o.step
        for (const kind of ['call', 'put'] as const) {
          const px = (sigma: number) => optionGreeks({ model: 'bsm', kind, underlying: s, strike, tYears: (e - t) / MS_PER_YEAR, sigma, rate: 0 }).price / s
          rows.tMs.push(t); rows.instrument.push(optionName('BTC', e, strike, kind)); rows.expiryMs.push(e); rows.strike.push(strike)
          rows.isCall.push(kind === 'call' ? 1 : 0); rows.bid.push(px(o.iv - o.spreadVol)); rows.ask.push(px(o.iv + o.spreadVol)); rows.mark.push(px(o.iv))
          rows.markIv.push(o.iv); rows.u.push(s)
        }
      }
    }
  }
  const n = rows.tMs.length
  return {
    length: n, tMs: Float64Array.from(rows.tMs), instrument: rows.instrument, expiryMs: Float64Array.from(rows.expiryMs), strike: Float64Array.from(rows.strike),
    isCall: Uint8Array.from(rows.isCall), bid: Float64Array.from(rows.bid), ask: Float64Array.from(rows.ask), mark: Float64Array.from(rows.mark),
    bidIv: new Float64Array(n).fill(o.iv - o.spreadVol), askIv: new Float64Array(n).fill(o.iv + o.spreadVol), markIv: Float64Array.from(rows.markIv),
    underlyingPrice: Float64Array.from(rows.u), openInterest: new Float64Array(n),
  }
}
