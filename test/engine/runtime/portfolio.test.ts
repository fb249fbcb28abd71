import { describe, expect, test } from 'vitest'
import type { InstrumentId, OptionInstrument } from '../../../engine/domain/instruments/instrument.ts'
import { bsmIntoUnchecked } from '../../../engine/domain/pricing/bsm.ts'
import { GREEK_COUNT } from '../../../engine/domain/pricing/types.ts'
import { MS_PER_YEAR } from '../../../engine/domain/units.ts'
import type { BarSeries } from '../../../engine/runtime/marketView.ts'
import { Portfolio } from '../../../engine/runtime/portfolio.ts'
import { VolSource } from '../../../engine/runtime/volSource.ts'

const NOW = Date.UTC(2024, 0, 5, 8)
const oneBar: BarSeries = { length: 1, tMs: Float64Array.of(NOW - 60_000), open: Float64Array.of(1), high: Float64Array.of(1), low: Float64Array.of(1), close: Float64Array.of(1), volume: new Float64Array(1) }

function option(kind: 'call' | 'put', strike: number, expiryMs: number): OptionInstrument {
  return { type: 'option', id: `BTC-${expiryMs}-${strike}-${kind}` as InstrumentId, underlying: 'BTC', quote: 'USD', kind, strike, expiryMs, inverse: false }
}

describe('Portfolio.mark', () => {
  // mark prices common options with an inlined copy of bsmIntoUnchecked's arithmetic (rate 0, dividend 0) and the
  // rest through bsmIntoUnchecked itself; the reference here is bsmIntoUnchecked, bit for bit. The grid crosses
  // the kernel's edges: expired (t = 0), total vol below 0.05 near the money (series branch), |d| past 5.66 (far
  // tails), both sides of erf's 0.46875 threshold, the Dekker ln(S/K) band 0.5 < S/K < 2 and its outside.
  const spots = [40_000]
  const strikes = [1_000, 19_000, 20_001, 30_000, 39_000, 39_990, 40_000, 40_010, 41_000, 48_000, 79_000, 81_000, 400_000]
  const days = [0, 1 / 1440, 0.01, 0.5, 1, 3, 7, 30, 365, 3650]
  const vols = [0.01, 0.05, 0.3, 0.6, 1.5, 4]
  test('value and Greeks per unit equal bsmIntoUnchecked bit for bit across the kernel edges', () => {
    const g = new Float64Array(GREEK_COUNT)
    let rows = 0
    for (const sigma of vols) {
      const vol = new VolSource({ source: 'constant', value: sigma, sellSpreadVol: 0 }, oneBar, 60_000)
      for (const spot of spots) for (const strike of strikes) for (const d of days) for (const kind of ['call', 'put'] as const) {
        const expiryMs = NOW + Math.round(d * 86_400_000)
        const p = new Portfolio('quote', 0, 'BTC-PERP' as InstrumentId)
        p.fillOption(option(kind, strike, expiryMs), 1, 0, 0, spot)
        p.mark(spot, NOW, vol)
        bsmIntoUnchecked(g, kind === 'call', spot, strike, (expiryMs - NOW) / MS_PER_YEAR, sigma, 0, 0, false)
        expect(p.valueA[0]).toBe(g[0])
        expect(p.deltaA[0]).toBe(g[1])
        // the aggregates start from 0 and add qty 1 times the per-unit figure
        expect(p.optionValueQuote).toBe(0 + g[0]!)
        expect(p.delta()).toBe(0 + g[1]!)
        expect(p.gamma()).toBe(0 + g[2]!)
        expect(p.vega()).toBe(0 + g[3]!)
        expect(p.theta()).toBe(0 + g[4]!)
        rows++
      }
    }
    expect(rows).toBe(vols.length * strikes.length * days.length * 2)
  })
  test('a short call and a long put add up: qty-weighted sums of the per-unit marks', () => {
    const vol = new VolSource({ source: 'constant', value: 0.6, sellSpreadVol: 0 }, oneBar, 60_000)
    const p = new Portfolio('asset', 10, 'BTC-PERP' as InstrumentId)
    p.fillOption(option('call', 48_000, NOW + 7 * 86_400_000), -10, 0, 0, 40_000)
    p.fillOption(option('put', 35_000, NOW + 14 * 86_400_000), 2, 0, 0, 40_000)
    p.mark(42_000, NOW, vol)
    const g = new Float64Array(GREEK_COUNT), h = new Float64Array(GREEK_COUNT)
    bsmIntoUnchecked(g, true, 42_000, 48_000, 7 * 86_400_000 / MS_PER_YEAR, 0.6, 0, 0, false)
    bsmIntoUnchecked(h, false, 42_000, 35_000, 14 * 86_400_000 / MS_PER_YEAR, 0.6, 0, 0, false)
    expect(p.optionValueQuote).toBe(0 + -10 * g[0]! + 2 * h[0]!)
    // a coin vault's balance is delta too (NAV in quote is balance * S + options)
    expect(p.delta()).toBe(10 + -10 * g[1]! + 2 * h[1]!)
    expect(p.gamma()).toBe(0 + -10 * g[2]! + 2 * h[2]!)
  })
  test('markBar(bars, i, barMs) marks exactly as mark(close[i], tMs[i] + barMs), perp sweep included', () => {
    const vol = new VolSource({ source: 'constant', value: 0.6, sellSpreadVol: 0 }, oneBar, 60_000)
    const series: BarSeries = { ...oneBar, length: 2, tMs: Float64Array.of(NOW - 120_000, NOW - 60_000), close: Float64Array.of(41_234.5, 39_876.25) }
    const books = [new Portfolio('asset', 10, 'BTC-PERP' as InstrumentId), new Portfolio('asset', 10, 'BTC-PERP' as InstrumentId)]
    for (const p of books) {
      p.fillOption(option('call', 48_000, NOW + 7 * 86_400_000), -10, 500, 0.001, 40_000)
      p.fillPerp(3, 40_000, 0)
    }
    const [a, b] = books as [Portfolio, Portfolio]
    for (let i = 0; i < 2; i++) {
      a.mark(series.close[i]!, series.tMs[i]! + 60_000, vol)
      b.markBar(series, i, 60_000, vol)
      expect([b.spot, b.nowMs, b.balance, b.optionValueQuote, b.delta(), b.gamma(), b.vega(), b.theta(), b.totals.hedge])
        .toEqual([a.spot, a.nowMs, a.balance, a.optionValueQuote, a.delta(), a.gamma(), a.vega(), a.theta(), a.totals.hedge])
    }
    // the perp swept P&L at the second bar: 3 * (39876.25 - 41234.5) / 39876.25 BTC on top of the first bar's
    expect(b.totals.hedge).not.toBe(0)
    expect(b.nowMs).toBe(NOW)
  })
})
