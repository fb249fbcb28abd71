import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { buildBtcUsdcPool, poolPriceUsd } from '../../../../engine/domain/cascade/btcUsdcPool.ts'
import { runCascade } from '../../../../engine/domain/cascade/runCascade.ts'
import { seedPopulation } from '../../../../engine/domain/cascade/seedPopulation.ts'
import { DEFAULT_LIQUIDATION } from '../../../../engine/domain/margin/liquidateAccount.ts'
import { standardMarginModel } from '../../../../engine/domain/margin/standardMargin.ts'
import { parseInstrument } from '../../../../engine/domain/margin/parseInstrument.ts'
import { Xoshiro128 } from '../../../../data/random/xoshiro128.ts'
import type { Account } from '../../../../engine/domain/margin/types.ts'
import { MarginInvariantError } from '../../../../engine/errors/margin.ts'

const RAW = 100 // USD per BTC -> USDC-raw per WBTC-raw
const spec = { priceUsd: 60_000, feeBps: 30 as const, ranges: [{ lowerUsd: 40_000, upperUsd: 90_000, btc: 100, usdc: 6_000_000 }] }
const long = (id: string, btc: number, size: number, entry: number): Account => ({
  id, currency: 'BTC', collateral: [{ asset: 'BTC', amount: btc, haircut: 0 }], positions: [{ instrument: parseInstrument('BTC-PERPETUAL'), size, entry }],
})

describe('liquidation cascade', () => {
  test('one account: closed form for the sale, the final price and the insurance fund', async () => {
    // 1 BTC backing long 20 BTC at 60000; a -5% shock to 57000 leaves equity 1 + 20 (1 - 60/57) = -0.0526 BTC: bankrupt.
    const pool = buildBtcUsdcPool(spec)
    const r = await runCascade({ accounts: [long('a', 1, 20, 60_000)], pool, model: standardMarginModel(), liquidation: DEFAULT_LIQUIDATION,
      insuranceFundBtc: 5, shock: -0.05, maxRounds: 10 })
    expect(r.settled).toBe(true)
    expect(r.rounds).toHaveLength(1)
    const mark = r.shockedPriceUsd
    expect(mark).toBeCloseTo(57_000, 3)
    const round = r.rounds[0]!
    // the fixed 1.2M USD notional is 1.2e6 / mark BTC, all sold into the pool
    expect(round.netBtcTraded).toBeCloseTo(1.2e6 / mark, 9)
    expect(round.liquidatedNotionalUsd).toBeCloseTo(1.2e6, 6)
    // single-range swap (Uniswap v3 whitepaper 6.15): 1/s' = 1/s + dx (1 - fee) / L, proceeds L (s - s') raw USDC
    const L = Number(pool.pool.liquidity.toString())
    const s0 = Math.sqrt(mark / RAW)
    const dx = Math.round(round.netBtcTraded * 1e8)
    const s1 = 1 / (1 / s0 + dx * 0.997 / L)
    expect(r.finalPriceUsd / (s1 * s1 * RAW)).toBeCloseTo(1, 9)
    const usdc = L * (s0 - s1) / 1e6
    const btc = dx / 1e8
    const slippageBtc = (btc * mark - usdc) / mark
    expect(round.slippageBtc / slippageBtc).toBeCloseTo(1, 7)
    expect(round.unfilledBtc).toBeCloseTo(0, 8)
    const deficit = 20 * (60_000 / mark - 1) - 1
    expect(round.coveredByFundBtc).toBeCloseTo(deficit, 9)
    expect(round.penaltiesBtc).toBe(0) // no equity left to pay a penalty from
    expect(r.insuranceFundEndBtc).toBeCloseTo(5 - deficit - slippageBtc, 7)
    expect(r.insuranceFundDrawdownBtc).toBeCloseTo(deficit + slippageBtc, 7)
    expect(r.poolExhausted).toBe(false)
  })

  test('a seeded long book: each round sells into the pool, the price falls, and the fund reconciles round by round', async () => {
    const rng = new Xoshiro128(42)
    const book = { count: 200, leverage: [3, 40], collateralBtc: [0.01, 0.2], entryJitter: [0.97, 1.03], longShare: 1 } as const
    const accounts = seedPopulation(book, 60_000, () => rng.uniform())
    const deep = { priceUsd: 60_000, feeBps: 30 as const, ranges: [
      { lowerUsd: 50_000, upperUsd: 70_000, btc: 300, usdc: 18_000_000 }, { lowerUsd: 30_000, upperUsd: 100_000, btc: 300, usdc: 18_000_000 }] }
    const r = await runCascade({ accounts, pool: buildBtcUsdcPool(deep), model: standardMarginModel(), liquidation: DEFAULT_LIQUIDATION,
      insuranceFundBtc: 2, shock: -0.04, maxRounds: 100 })
    expect(r.settled).toBe(true)
    expect(r.poolExhausted).toBe(false)
    expect(r.rounds.length).toBeGreaterThan(1) // the shock alone did not liquidate everyone: the sales did the rest
    let fund = 2
    let price = r.shockedPriceUsd
    for (const x of r.rounds) {
      expect(x.priceStartUsd).toBeCloseTo(price, 6)
      expect(x.priceEndUsd).toBeLessThan(x.priceStartUsd)
      expect(x.netBtcTraded).toBeGreaterThan(0)
      fund = fund + x.penaltiesBtc - x.coveredByFundBtc - x.slippageBtc
      expect(x.insuranceFundBtc).toBeCloseTo(fund, 9)
      price = x.priceEndUsd
    }
    expect(r.finalPriceUsd).toBeCloseTo(price, 6)
    expect(r.finalPriceUsd).toBeLessThan(r.shockedPriceUsd)
    // same seed, same book, same cascade
    const rng2 = new Xoshiro128(42)
    const again = seedPopulation(book, 60_000, () => rng2.uniform())
    expect(again).toEqual(accounts)
  })

  test('a book bigger than the pool exhausts it: the cascade stops at the lowest range with BTC unfilled', async () => {
    const rng = new Xoshiro128(7)
    const accounts = seedPopulation({ count: 300, leverage: [10, 40], collateralBtc: [0.5, 2], entryJitter: [0.99, 1.01], longShare: 1 }, 60_000, () => rng.uniform())
    const r = await runCascade({ accounts, pool: buildBtcUsdcPool(spec), model: standardMarginModel(), liquidation: DEFAULT_LIQUIDATION,
      insuranceFundBtc: 1, shock: -0.1, maxRounds: 100 })
    expect(r.poolExhausted).toBe(true)
    expect(r.settled).toBe(false)
    expect(r.rounds.at(-1)!.unfilledBtc).toBeGreaterThan(0)
    expect(Math.abs(r.finalPriceUsd / 40_000 - 1)).toBeLessThan(0.005) // the bottom of the only range, to the tick spacing
  })

  test('refuses a book it cannot net: accounts must hold one perpetual each', async () => {
    const two = { ...long('a', 1, 1, 60_000), positions: [...long('a', 1, 1, 60_000).positions, ...long('a', 1, 2, 50_000).positions] }
    await expect(runCascade({ accounts: [two], pool: buildBtcUsdcPool(spec), model: standardMarginModel(), liquidation: DEFAULT_LIQUIDATION,
      insuranceFundBtc: 1, shock: -0.1, maxRounds: 10 })).rejects.toThrow(MarginInvariantError)
  })

  test('no one under water: nothing happens, the pool stays at the shocked price', async () => {
    const pool = buildBtcUsdcPool(spec)
    const r = await runCascade({ accounts: [long('a', 10, 5, 60_000)], pool, model: standardMarginModel(), liquidation: DEFAULT_LIQUIDATION,
      insuranceFundBtc: 1, shock: -0.1, maxRounds: 10 })
    expect(r.rounds).toEqual([])
    expect(r.finalPriceUsd).toBeCloseTo(poolPriceUsd(pool) * 0.9, 2)
    expect(r.insuranceFundDrawdownBtc).toBe(0)
  })

  test('over random seeds, shocks and long/short mixes: the fund reconciles round by round and prices follow the trades', async () => {
    const deep = { priceUsd: 60_000, feeBps: 30 as const, ranges: [
      { lowerUsd: 50_000, upperUsd: 70_000, btc: 300, usdc: 18_000_000 }, { lowerUsd: 30_000, upperUsd: 100_000, btc: 300, usdc: 18_000_000 }] }
    const pool = buildBtcUsdcPool(deep)
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: -0.12, max: 0.12, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 3, noNaN: true }),
      async (seed, shock, longShare, fundStart) => {
        const rng = new Xoshiro128(seed)
        const accounts = seedPopulation({ count: 40, leverage: [5, 40], collateralBtc: [0.5, 5], entryJitter: [0.98, 1.02], longShare }, 60_000, () => rng.uniform())
        const r = await runCascade({ accounts, pool, model: standardMarginModel(), liquidation: DEFAULT_LIQUIDATION, insuranceFundBtc: fundStart, shock, maxRounds: 20 })
        expect(r.shockedPriceUsd / (60_000 * (1 + shock))).toBeCloseTo(1, 3) // to the tick
        let fund = fundStart
        let low = fundStart
        let price = r.shockedPriceUsd
        let total = 0
        for (const x of r.rounds) {
          expect(x.priceStartUsd).toBeCloseTo(price, 6)
          // selling liquidated longs moves the price down, buying back shorts moves it up
          if (x.netBtcTraded > 1e-6) expect(x.priceEndUsd).toBeLessThan(x.priceStartUsd)
          if (x.netBtcTraded < -1e-6) expect(x.priceEndUsd).toBeGreaterThan(x.priceStartUsd)
          fund = fund + x.penaltiesBtc - x.coveredByFundBtc - x.slippageBtc
          expect(x.insuranceFundBtc).toBeCloseTo(fund, 9)
          expect(x.slippageBtc).toBeGreaterThanOrEqual(-1e-9) // a swap never fills better than the mark it starts from
          low = Math.min(low, fund)
          total += x.liquidatedNotionalUsd
          price = x.priceEndUsd
        }
        expect(r.insuranceFundEndBtc).toBeCloseTo(fund, 9)
        expect(r.insuranceFundDrawdownBtc).toBeCloseTo(fundStart - low, 9)
        expect(r.totalLiquidatedNotionalUsd).toBeCloseTo(total, 3)
        expect(r.finalPriceUsd).toBeCloseTo(price, 6)
        // exactly one way to stop: settled, the pool ran dry, or out of rounds
        expect([r.settled, r.poolExhausted, !r.settled && !r.poolExhausted && r.rounds.length === 20].filter(Boolean)).toHaveLength(1)
      }), { numRuns: 25 })
  })
})
