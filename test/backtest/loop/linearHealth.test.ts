import { describe, expect, test } from 'vitest'
import { runBacktest } from '../../../backtest/loop/runBacktest.ts'
import { simulateGbm } from '../../../data/synth/gbm.ts'
import { defineStrategy, z } from '../../../engine/plugin/index.ts'
import { testConfig } from '../support/testConfig.ts'

const H = 3_600_000
const T0 = Date.UTC(2024, 0, 1)

/** Sells 2 puts near -0.2 delta and buys 0.5 BTC of perp at the start, then writes down, every bar, what the
 * margin check needs: spot, the put's model mark (USDC), the NAV (USDC) and the health the strategy sees. */
function recorder() {
  const rows: { i: number; spot: number; mark: number; nav: number; health: number; held: number }[] = []
  let put = ''
  const s = defineStrategy({
    name: 'csp-recorder', apiVersion: 1, params: z.object({}),
    onStart(ctx) {
      put = ctx.chain.nearestByDelta({ kind: 'put', delta: 0.2, expiryMs: ctx.vault.epoch.endMs + 14 * 86_400_000 }).id
      ctx.sell(put, 2)
      ctx.buy('BTC-PERPETUAL', 0.5)
    },
    onBar(ctx) {
      rows.push({ i: ctx.market.seen - 1, spot: ctx.market.spot(), mark: ctx.pricing.greeks(put).price, nav: ctx.vault.navQuote(), health: ctx.risk.health(), held: ctx.portfolio.qty(put) })
    },
  })
  return { s, rows }
}

describe('margin health of a stable-collateral (USDC) vault', () => {
  test('equity.csv health is equity / MM under the linear rules, worked out per bar from the book', async () => {
    const config = testConfig({ vault: '  asset: BTC\n  collateral: USDC\n  initialNav: 1\n  epoch: { every: weekly }' })
    const bars = simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, { startMs: T0, barMs: H, bars: 24 * 6, subSteps: 4 }, 9)
    const { s, rows } = recorder()
    const r = await runBacktest({ config, strategy: s, params: {}, bars, barMs: H })
    expect(r.unitSymbol).toBe('USDC')
    expect(r.equity.health[0]).toBe(Infinity) // nothing open before the first fill
    const open = rows.filter((x) => x.held === -2)
    expect(open.length).toBeGreaterThan(100)
    for (const x of open) {
      // Deribit linear USDC option and perp standard margin, by hand: short put MM = max(0.075 S, 0.075 mark) + mark
      // per contract; perp MM = P S (1% + P * 0.005%). Equity = the USDC NAV (premium in cash, puts marked, perp swept).
      const mm = 2 * (Math.max(0.075 * x.spot, 0.075 * x.mark) + x.mark) + 0.5 * x.spot * (0.01 + 0.5 * 0.00005)
      expect(x.health).toBeCloseTo(x.nav / mm, 9)
      expect(r.equity.health[x.i]).toBe(x.health)
    }
    // about 0.4 BTC of cash per put at 40 000: around 40 000 / (2 * ~3 000 + ~200) ~ 6, a real, finite number
    expect(open[0]!.health).toBeGreaterThan(3)
    expect(open[0]!.health).toBeLessThan(10)
  })

  test('a USDC vault under water is liquidated: health below 1 closes the book', async () => {
    // 0.05 BTC of NAV (2 000 USDC) short 2 puts: MM ~ 6 000 USDC > equity from the first bar the puts are on
    const config = testConfig({ vault: '  asset: BTC\n  collateral: USDC\n  initialNav: 0.05' })
    const bars = simulateGbm({ spot: 40_000, vol: 0.6, drift: 0 }, { startMs: T0, barMs: H, bars: 48, subSteps: 4 }, 9)
    const { s } = recorder()
    const r = await runBacktest({ config, strategy: s, params: {}, bars, barMs: H })
    expect(r.liquidations).toBeGreaterThan(0)
    expect(r.trades.filter((t) => t.kind === 'liquidation').map((t) => t.side).sort()).toEqual(['buy', 'sell'])
  })
})
