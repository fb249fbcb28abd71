import { describe, expect, test } from 'vitest'
import { runBacktest } from '../../../backtest/loop/runBacktest.ts'
import { uniswapHedgeFill, uniswapPoolAt } from '../../../backtest/simVenue/uniswapHedgeFill.ts'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import { testConfig } from '../support/testConfig.ts'
import { hedgedCall } from '../support/strategies.ts'

const H = 3_600_000
const T0 = Date.UTC(2024, 0, 1)

describe('backtest with hedge.instrument uniswap', () => {
  test('hedges swap through the configured v3 pool: trades show the impact, the 30 bp pool fee and gas', async () => {
    // A thin pool (2 BTC + 80k USDC near the price) so a 10 BTC vault's hedges move it measurably.
    const execution = [
      '  venue: sim', '  fees: { takerBps: 0, option: { pctOfUnderlying: 0, capPctOfPrice: 0 } }', '  slippage: { model: bps, bps: 0 }',
      '  gas: { model: constant, gwei: 10 }',
      '  uniswap:', '    feeBps: 30', '    price: 40000', '    gasPerSwap: 130000',
      '    ranges:', '      - { lowerUsd: 36000, upperUsd: 44000, asset: 2, usdc: 80000 }', '      - { lowerUsd: 20000, upperUsd: 80000, asset: 20, usdc: 800000 }',
    ].join('\n')
    const config = testConfig({ execution, hedge: '  trigger: band\n  instrument: uniswap\n  band: 0.05' })
    const bars = simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, { startMs: T0, barMs: H, bars: 24 * 7 * 3, subSteps: 4 }, 3)
    const r = await runBacktest({ config, strategy: hedgedCall, params: hedgedCall.params.parse({ hedgeTarget: 0.5 }), bars, barMs: H })
    const hedges = r.trades.filter((t) => t.kind === 'hedge')
    expect(hedges.length).toBeGreaterThan(3)
    const u = config.execution.uniswap!
    for (const t of hedges) {
      expect(t.instrument).toBe('UNIV3:BTC/USD')
      const open = bars.open[t.barIndex] as number
      // the same swap on the pool re-centred on the fill bar's open
      const direct = await uniswapHedgeFill(uniswapPoolAt(u, open), t.side as 'buy' | 'sell', t.qty)
      expect(t.price).toBeCloseTo(direct.price, 6)
      if (t.side === 'buy') expect(t.price).toBeGreaterThan(open)
      else expect(t.price).toBeLessThan(open)
      expect(t.reason).toMatch(/uniswap impact -?\d+\.\d\d bps/)
      // fee column, in BTC: pool fee plus 10 gwei * 130 000 gas at ETH 3000 (the loop's default ETH price)
      expect(t.fee).toBeCloseTo((direct.fee + 10 * 130_000 * 1e-9 * 3000) / open, 9)
    }
    // impact grows with size across the run's own hedges (per unit, in bps of the open)
    const impact = hedges.map((t) => ({ qty: t.qty, bps: Math.abs(t.price / (bars.open[t.barIndex] as number) - 1) * 1e4 })).sort((a, b) => a.qty - b.qty)
    expect(impact.at(-1)!.bps).toBeGreaterThan(impact[0]!.bps)
    expect(r.totals.gas).toBeGreaterThan(0)
  })
})
