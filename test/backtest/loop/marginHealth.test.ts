import { describe, expect, test } from 'vitest'
import { MarginCheck } from '../../../backtest/loop/marginHealth.ts'
import type { InstrumentId, OptionInstrument } from '../../../engine/domain/instruments/instrument.ts'
import type { BarSeries } from '../../../engine/runtime/marketView.ts'
import { Portfolio } from '../../../engine/runtime/portfolio.ts'
import { VolSource } from '../../../engine/runtime/volSource.ts'
import { accountHealth } from '../../../engine/domain/margin/accountHealth.ts'
import { linearAccountHealth } from '../../../engine/domain/margin/linearAccountHealth.ts'
import { standardMarginModel } from '../../../engine/domain/margin/standardMargin.ts'
import type { MarginInstrument } from '../../../engine/domain/margin/types.ts'

/** The health straight from the margin engine, with the account built from the book now: options marked at the
 * portfolio's marks, the swept perp entered at spot (no open P&L), the balance as the only collateral. */
function expected(p: Portfolio): number {
  if (p.n === 0 && p.perpQty === 0) return Infinity
  const spot = p.spot
  const ins = (k: number): MarginInstrument => {
    const o = p.ins[k]!
    return { type: 'option', name: o.id, underlying: 'BTC', expiryMs: o.expiryMs, strikeUsd: o.strike, kind: o.kind }
  }
  const perp: MarginInstrument = { type: 'perpetual', name: p.perpId, underlying: 'BTC' }
  const rows = Array.from({ length: p.n }, (_, k) => k)
  if (p.unit === 'asset') {
    const positions = rows.map((k) => ({ instrument: ins(k), size: p.qtyA[k]!, entry: 0 }))
    if (p.perpQty !== 0) positions.push({ instrument: perp, size: p.perpQty, entry: spot })
    const optionMarks = Object.fromEntries(rows.map((k) => [p.ins[k]!.id, p.valueA[k]! / spot]))
    return accountHealth({ id: 'v', currency: 'BTC', collateral: [{ asset: 'BTC', amount: p.balance, haircut: 0 }], positions },
      { nowMs: p.nowMs, indexUsd: spot, rate: 0, spotUsd: {}, optionMarks, optionVols: {}, futureMarksUsd: {} }, standardMarginModel()).health
  }
  const positions = rows.map((k) => ({ instrument: ins(k), size: p.qtyA[k]!, entryUsdc: 0 }))
  if (p.perpQty !== 0) positions.push({ instrument: perp, size: p.perpQty, entryUsdc: spot })
  const optionMarksUsdc = Object.fromEntries(rows.map((k) => [p.ins[k]!.id, p.valueA[k]!]))
  return linearAccountHealth({ id: 'v', currency: 'USDC', collateral: [{ asset: 'USDC', amount: p.balance, haircut: 0 }], positions },
    { indexUsd: spot, spotUsd: {}, optionMarksUsdc, futureMarksUsdc: {} }).health
}

const T0 = Date.UTC(2024, 0, 5, 8)
const H = 3_600_000
const oneBar: BarSeries = { length: 1, tMs: Float64Array.of(T0), open: Float64Array.of(1), high: Float64Array.of(1), low: Float64Array.of(1), close: Float64Array.of(1), volume: new Float64Array(1) }
const call = (strike: number, expiryMs: number): OptionInstrument =>
  ({ type: 'option', id: `BTC-${expiryMs}-${strike}-C` as InstrumentId, underlying: 'BTC', quote: 'USD', kind: 'call', strike, expiryMs, inverse: true })
const put = (strike: number, expiryMs: number): OptionInstrument =>
  ({ type: 'option', id: `BTC-${expiryMs}-${strike}-P` as InstrumentId, underlying: 'BTC', quote: 'USD', kind: 'put', strike, expiryMs, inverse: true })

describe('MarginCheck', () => {
  // It keeps one account between book changes and updates the balance, marks, the perp's entry and, after a trade
  // that only resized positions, their sizes in place: every figure must equal the margin engine's on an account
  // built afresh from the book.
  test.each(['asset', 'quote'] as const)('health of a %s vault kept across hours and fills equals a fresh check each time', (unit) => {
    const vol = new VolSource({ source: 'constant', value: 0.7, sellSpreadVol: 0 }, oneBar, 60_000)
    const p = new Portfolio(unit, unit === 'asset' ? 1 : 40_000, 'BTC-PERPETUAL' as InstrumentId)
    const kept = new MarginCheck(p, 'BTC', unit === 'asset' ? 'BTC' : 'USDC')
    let version = 0
    const seen = new Set<number>()
    let spot = 40_000
    for (let h = 0; h < 120; h++) {
      if (h === 10) { p.fillOption(call(44_000, T0 + 7 * 24 * H), -1, 900, 0, spot); version++ }
      if (h === 30) { p.fillPerp(0.6, spot, 0); version++ }
      if (h === 60) { p.fillOption(call(50_000, T0 + 14 * 24 * H), -0.5, 400, 0, spot); version++ }
      if (h === 90) { p.fillPerp(-0.2, spot, 0); version++ } // resized in place: same positions
      if (h === 100) { p.fillOption(call(44_000, T0 + 7 * 24 * H), 0.4, 700, 0, spot); version++ } // an option resized
      if (h === 105) { p.fillPerp(-0.4, spot, 0); version++ } // the perp closed: rebuilt
      if (h === 110) { p.fillOption(call(44_000, T0 + 7 * 24 * H), 0.6, 700, 0, spot); version++ } // a row gone
      if (h === 115) { p.fillPerp(0.3, spot, 0); version++ } // the perp back
      if (h === 40) { p.fillOption(put(36_000, T0 + 10 * 24 * H), -0.7, 300, 0, spot); version++ } // a short put
      if (h === 50) { p.fillOption(call(60_000, T0 + 10 * 24 * H), 0.4, 50, 0, spot); version++ } // a long call
      spot *= Math.exp(0.02 * Math.sin(h * 1.7))
      p.mark(spot, T0 + h * H, vol)
      kept.update(version)
      const health = kept.health
      expect(health).toBe(expected(p))
      seen.add(health)
    }
    expect(seen.size).toBeGreaterThan(50) // re-evaluated hour by hour, not a figure held from the first bar
  })
})
