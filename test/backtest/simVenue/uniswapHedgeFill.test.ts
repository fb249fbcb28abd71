import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { uniswapHedgeFill, uniswapPoolAt, type UniswapExecution } from '../../../backtest/simVenue/uniswapHedgeFill.ts'
import { SimVenue } from '../../../backtest/simVenue/simVenue.ts'
import { CurrencyAmount, encodeSqrtRatioX96, maxLiquidityForAmounts, nearestUsableTick, Pool, TickListDataProvider, TickMath, Token, FeeAmount } from '../../../engine/domain/uniswapSdk.ts'
import { testConfig } from '../support/testConfig.ts'
import type { OrderIntent } from '../../../engine/ports/executionPort.ts'

// The pool of config/examples/cascade.yaml, written at 60 000 USD.
const u: UniswapExecution = {
  feeBps: 30, price: 60_000, gasPerSwap: 120_000,
  ranges: [{ lowerUsd: 50_000, upperUsd: 70_000, asset: 300, usdc: 18e6 }, { lowerUsd: 30_000, upperUsd: 100_000, asset: 300, usdc: 18e6 }],
}

describe('uniswapHedgeFill', () => {
  test('impact grows with size: buys pay more and sells get less per unit the larger they are', async () => {
    const pool = uniswapPoolAt(u, 60_000)
    await fc.assert(fc.asyncProperty(fc.double({ min: 0.01, max: 50, noNaN: true }), fc.double({ min: 1.05, max: 4, noNaN: true }), async (q, k) => {
      const [b1, b2, s1, s2] = await Promise.all([uniswapHedgeFill(pool, 'buy', q), uniswapHedgeFill(pool, 'buy', q * k), uniswapHedgeFill(pool, 'sell', q), uniswapHedgeFill(pool, 'sell', q * k)])
      // Token amounts are whole units (1e-8 BTC, 1e-6 USDC) and the SDK rounds the fee on them, so a price carries
      // up to ~2 units of the smaller size as noise (0.01 BTC: ~0.1 USD), more than the impact of 5% more size at
      // the bottom of the range (fast-check found q = 0.01, k = 1.05 where the larger sell priced 0.003 USD higher).
      const tol = (60_000 * 2e-8) / q
      expect(b2.price).toBeGreaterThan(b1.price - tol)
      expect(b1.price).toBeGreaterThan(60_000)
      expect(s2.price).toBeLessThan(s1.price + tol)
      expect(s1.price).toBeLessThan(60_000)
    }), { numRuns: 25 })
  })

  test('a tiny order fills at the mid, and pays the 0.3% pool fee on top', async () => {
    for (const spot of [20_000, 60_000, 95_000]) {
      const pool = uniswapPoolAt(u, spot)
      const buy = await uniswapHedgeFill(pool, 'buy', 0.001)
      const sell = await uniswapHedgeFill(pool, 'sell', 0.001)
      // 0.001 BTC against ~2.4e9 liquidity: impact far below 0.01 bp; the rest is the fee tier (Uniswap v3 whitepaper, 6.2.3)
      expect(Math.abs(buy.price / spot - 1)).toBeLessThan(1e-5)
      expect(Math.abs(sell.price / spot - 1)).toBeLessThan(1e-5)
      expect(buy.avgPrice / spot).toBeCloseTo(1 / (1 - 0.003), 5)
      expect(sell.avgPrice / spot).toBeCloseTo(1 - 0.003, 5)
      expect(buy.fee).toBeCloseTo(0.001 * buy.avgPrice * 0.003, 6)
    }
  })

  test('re-centring keeps the impact of a size the same fraction of the price at any level', async () => {
    const at = async (spot: number) => (await uniswapHedgeFill(uniswapPoolAt(u, spot), 'sell', 20)).price / spot - 1
    const low = await at(30_000)
    expect(low).toBeLessThan(-1e-4)
    // range edges snap to the 30 bp tier's 60-tick spacing (about 0.6% in price), so the fractions agree to ~1%
    expect(Math.abs((await at(90_000)) / low - 1)).toBeLessThan(0.01)
  })

  test('equals a direct v3 SDK swap on the re-centred pool built here from its primitives', async () => {
    // One range, 50 000..70 000 USD at 60 000 with 100 BTC and 6M USDC, re-centred on 30 000: 25 000..35 000 with
    // 100 BTC and 3M USDC. Built with the SDK alone, then 2 BTC sold through Pool.getOutputAmount.
    const one: UniswapExecution = { feeBps: 30, price: 60_000, gasPerSwap: 1, ranges: [{ lowerUsd: 50_000, upperUsd: 70_000, asset: 100, usdc: 6e6 }] }
    const wbtc = new Token(1, '0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599', 8, 'WBTC')
    const usdc = new Token(1, '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', 6, 'USDC')
    const sqrt = (usd: number) => encodeSqrtRatioX96((BigInt(usd) * 1_000_000n).toString(), '100000000')
    const lo = nearestUsableTick(TickMath.getTickAtSqrtRatio(sqrt(25_000)), 60)
    const hi = nearestUsableTick(TickMath.getTickAtSqrtRatio(sqrt(35_000)), 60)
    const liq = maxLiquidityForAmounts(sqrt(30_000), TickMath.getSqrtRatioAtTick(lo), TickMath.getSqrtRatioAtTick(hi), (100n * 100_000_000n).toString(), (3_000_000n * 1_000_000n).toString(), true).toString()
    const ticks = new TickListDataProvider([{ index: lo, liquidityNet: liq, liquidityGross: liq }, { index: hi, liquidityNet: `-${liq}`, liquidityGross: liq }], 60)
    const pool = new Pool(wbtc, usdc, FeeAmount.MEDIUM, sqrt(30_000), liq, TickMath.getTickAtSqrtRatio(sqrt(30_000)), ticks)
    const [out] = await pool.getOutputAmount(CurrencyAmount.fromRawAmount(wbtc, '200000000'))
    const usdcOut = Number(out.quotient.toString()) / 1e6
    const f = await uniswapHedgeFill(uniswapPoolAt(one, 30_000), 'sell', 2)
    expect(f.qty).toBe(2)
    expect(f.qty * f.price - f.fee).toBeCloseTo(usdcOut, 6)
    expect(f.avgPrice).toBeCloseTo(usdcOut / 2, 6)
  })
})

describe('SimVenue with execution.uniswap', () => {
  const cfg = testConfig({ execution: '  venue: sim\n  fees: { takerBps: 5 }\n  slippage: { model: bps, bps: 5 }\n  gas: { model: constant, gwei: 20 }' })
  const venue = () => new SimVenue({ execution: { ...cfg.execution, uniswap: u }, hedgeInstrument: 'UNIV3:BTC/USD', hedgeOnChain: true, quote: () => { throw new Error('no options here') }, quoteCurrency: 'USD' })
  const hedge = (clientId: string, side: 'buy' | 'sell', qty: number): OrderIntent => ({ clientId, instrument: 'UNIV3:BTC/USD', side, qty, purpose: 'hedge', reason: 'band' })
  const market = { barIndex: 1, tMs: 3_600_000, spot: 60_000, gasGwei: NaN, ethPrice: 3000 }

  test('hedges fill at the swap price with the pool fee (not takerBps or slippage) and gas at gasPerSwap', async () => {
    const v = venue()
    expect(v.swapsOnPool).toBe(true)
    v.setDecisionBar(0)
    await v.submit(hedge('a', 'buy', 10))
    const [f] = await v.fillDueAsync(market)
    const direct = await uniswapHedgeFill(uniswapPoolAt(u, 60_000), 'buy', 10)
    expect(f!.price).toBe(direct.price)
    expect(f!.fee).toBe(direct.fee)
    expect(f!.gasQuote).toBeCloseTo(20 * 120_000 * 1e-9 * 3000, 9) // 7.2 USD at ETH 3000
    expect(f!.reason).toMatch(/^band; uniswap impact \d+\.\d\d bps$/)
  })

  test('two swaps on one bar walk the pool: the second buy pays more than the first', async () => {
    const v = venue()
    v.setDecisionBar(0)
    await v.submit(hedge('a', 'buy', 10))
    await v.submit(hedge('b', 'buy', 10))
    const [a, b] = await v.fillDueAsync(market)
    expect(b!.price).toBeGreaterThan(a!.price)
    const both = await uniswapHedgeFill(uniswapPoolAt(u, 60_000), 'buy', 20)
    expect(a!.qty * a!.price + b!.qty * b!.price).toBeCloseTo(20 * both.price, 0)
  })
})
