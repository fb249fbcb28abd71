import { describe, expect, test } from 'vitest'
import { buildBtcUsdcPool, buyBtc, movePoolPrice, poolPriceUsd, sellBtc } from '../../../../engine/domain/cascade/btcUsdcPool.ts'

// Closed form for a swap inside one range (Uniswap v3 whitepaper, eq. 6.13-6.16): with active liquidity L and
// sqrt price s in raw units (USDC-raw per WBTC-raw), selling dx raw WBTC of which (1 - fee) is swapped gives
// 1/s' = 1/s + dx (1 - fee) / L, and the seller receives dy = L (s - s') raw USDC.
const RAW = 100 // 1 USD per BTC = 1e6 USDC-raw / 1e8 WBTC-raw = 0.01 raw
const spec = { priceUsd: 60_000, feeBps: 30 as const, ranges: [{ lowerUsd: 40_000, upperUsd: 90_000, btc: 100, usdc: 6_000_000 }] }

describe('WBTC/USDC pool through the v3 SDK swap math', () => {
  test('starts at the given price', () => {
    expect(poolPriceUsd(buildBtcUsdcPool(spec))).toBeCloseTo(60_000, 6)
  })

  test('a sell inside one range matches the closed form', async () => {
    const p = buildBtcUsdcPool(spec)
    const L = Number(p.pool.liquidity.toString())
    const s0 = Math.sqrt(poolPriceUsd(p) / RAW)
    const dx = 10 * 1e8
    const s1 = 1 / (1 / s0 + dx * 0.997 / L)
    const r = await sellBtc(p, 10)
    expect(poolPriceUsd(r.pool) / (s1 * s1 * RAW)).toBeCloseTo(1, 9)
    expect(r.usdc / (L * (s0 - s1) / 1e6)).toBeCloseTo(1, 9)
    expect(r.avgPriceUsd).toBeLessThan(60_000)
    expect(r.avgPriceUsd).toBeGreaterThan(poolPriceUsd(r.pool))
  })

  test('buying moves the price up and costs more than the start price', async () => {
    const p = buildBtcUsdcPool(spec)
    const r = await buyBtc(p, 5)
    expect(poolPriceUsd(r.pool)).toBeGreaterThan(60_000)
    expect(r.avgPriceUsd).toBeGreaterThan(60_000)
  })

  test('moving the price keeps the liquidity; below the lowest range the pool has none', async () => {
    const p = buildBtcUsdcPool(spec)
    const moved = movePoolPrice(p, 54_000)
    expect(poolPriceUsd(moved)).toBeCloseTo(54_000, 4)
    expect(moved.pool.liquidity.toString()).toBe(p.pool.liquidity.toString())
    expect(movePoolPrice(p, 30_000).pool.liquidity.toString()).toBe('0')
    const dump = await sellBtc(p, 10_000) // far more than the 6M USDC in the range can buy
    expect(dump.exhausted).toBe(true)
    expect(dump.btc).toBeLessThan(10_000)
    expect(dump.usdc).toBeLessThan(6_000_001)
    expect(Math.abs(poolPriceUsd(dump.pool) / 40_000 - 1)).toBeLessThan(0.005) // stopped at the range's lower edge
    const again = await sellBtc(dump.pool, 1)
    expect(again).toMatchObject({ btc: 0, usdc: 0, exhausted: true })
  })
})
