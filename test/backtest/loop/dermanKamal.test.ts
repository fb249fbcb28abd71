import { describe, expect, test } from 'vitest'
import { runBacktest } from '../../../backtest/loop/runBacktest.ts'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import { testConfig } from '../support/testConfig.ts'
import { dermanKamal } from '../support/strategies.ts'

// Kamal & Derman (1999), "When you cannot hedge continuously: the corrections of Black-Scholes", Risk 12(1):
// re-hedging N times over the life of an option priced and hedged at the true vol sigma, with no costs, leaves a
// hedging error with mean ~0 and standard deviation ~ sqrt(pi/4) * vega * sigma / sqrt(N).
describe('discrete delta hedging on synthetic GBM (Derman and Kamal)', () => {
  test('mean hedged P&L is ~0 and its spread shrinks like 1/sqrt(hedges per epoch)', async () => {
    const sigma = 0.6
    const H = 3_600_000
    const bars = simulateGbm({ spot: 40_000, vol: sigma, drift: 0 }, { startMs: Date.UTC(2024, 0, 1), barMs: H, bars: 24 * 366, subSteps: 4 }, 2024)
    const cfg = testConfig({
      vault: '  asset: BTC\n  collateral: USDC\n  initialNav: 1\n  epoch: { every: daily, hourUtc: 8 }',
      iv: `  source: constant\n  value: ${sigma}`,
    })
    const normalised = async (everyBars: number) => {
      const r = await runBacktest({ config: cfg, strategy: dermanKamal, params: { everyBars }, bars, barMs: H })
      // full-day epochs only: the first one is 8 hours long. P&L per unit of vega * sigma, vega = S sqrt(T) phi(0)
      const full = r.epochs.filter((e) => e.endMs - e.startMs === 24 * H && Number.isFinite(e.settlementPrice))
      return full.map((e) => e.pnl / (e.strike * Math.sqrt(1 / 365) * 0.3989422804014327 * sigma))
    }
    const stats = (x: number[]) => {
      const m = x.reduce((a, b) => a + b, 0) / x.length
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1))
      return { m, sd, n: x.length }
    }
    const hourly = stats(await normalised(1)) // 24 hedges per epoch
    const fourHourly = stats(await normalised(4)) // 6 hedges per epoch
    expect(hourly.n).toBeGreaterThan(300)
    const dk = (n: number) => Math.sqrt(Math.PI / 4) / Math.sqrt(n)
    // each spread within 20% of the Derman-Kamal value (strikes snap to a 1000 grid, so ATM is approximate)
    expect(hourly.sd / dk(24)).toBeGreaterThan(0.8)
    expect(hourly.sd / dk(24)).toBeLessThan(1.2)
    expect(fourHourly.sd / dk(6)).toBeGreaterThan(0.8)
    expect(fourHourly.sd / dk(6)).toBeLessThan(1.2)
    // 4x the hedges halves the spread: sqrt(24/6) = 2
    expect(fourHourly.sd / hourly.sd).toBeGreaterThan(1.7)
    expect(fourHourly.sd / hourly.sd).toBeLessThan(2.3)
    // the mean is zero within three standard errors
    expect(Math.abs(hourly.m)).toBeLessThan(3 * hourly.sd / Math.sqrt(hourly.n))
    expect(Math.abs(fourHourly.m)).toBeLessThan(3 * fourHourly.sd / Math.sqrt(fourHourly.n))
  })
})
