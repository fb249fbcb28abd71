import { expect, test } from 'vitest'
import fc from 'fast-check'
import { TickMath } from '../../../../engine/domain/uniswapSdk.ts'
import { OptvaultError } from '../../../../engine/errors/base.ts'
import { sqrtPriceX96ForUsd } from '../../../../engine/sandbox/chain/sqrtPriceX96ForUsd.ts'

const Q96 = 1n << 96n
const WBTC_FIRST = { baseIsToken0: true, baseDecimals: 8, quoteDecimals: 6 }
const USDC_FIRST = { baseIsToken0: false, baseDecimals: 8, quoteDecimals: 6 }

/** floor(sqrt(n)) by Newton's method on integers: written here, independent of the SDK under test. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n
  let x = n
  let y = (x + 1n) / 2n
  while (y < x) { x = y; y = (x + n / x) / 2n }
  return x
}

test('100 USD per WBTC is a raw price of 1 (100e6 USDC units per 1e8 WBTC units): 2^96 in either token order', () => {
  // 2^96 is sqrt(1) in Q64.96: the price at tick 0 (v3-sdk tickMath.test.ts, encodeSqrtRatioX96.test.ts: 1/1 -> Q96)
  expect(sqrtPriceX96ForUsd(100, WBTC_FIRST)).toBe(Q96)
  expect(sqrtPriceX96ForUsd(100, USDC_FIRST)).toBe(Q96)
  expect(BigInt(TickMath.getSqrtRatioAtTick(0).toString())).toBe(Q96)
})

test('sqrt(token1 / token0 in base units) * 2^96, floored, for any price with whole USDC cents', () => {
  // The definition: the pool stores sqrt(P), P = y/x = token1 per token0 in base units, as a Q64.96 number
  // (Uniswap v3 Core whitepaper, section 6.2.1; UniswapV3Pool.slot0.sqrtPriceX96)
  fc.assert(fc.property(fc.integer({ min: 100, max: 1e9 }), (cents) => {
    const usdcRaw = BigInt(cents) * 10_000n // cents -> 1e-6 USD units
    const wbtcRaw = 100_000_000n
    expect(sqrtPriceX96ForUsd(cents / 100, WBTC_FIRST)).toBe(isqrt((usdcRaw << 192n) / wbtcRaw))
    expect(sqrtPriceX96ForUsd(cents / 100, USDC_FIRST)).toBe(isqrt((wbtcRaw << 192n) / usdcRaw))
  }))
})

test('a higher USD price is a higher sqrt price when WBTC is token0 and a lower one when it is token1', () => {
  expect(sqrtPriceX96ForUsd(60_600, WBTC_FIRST)).toBeGreaterThan(sqrtPriceX96ForUsd(60_000, WBTC_FIRST))
  expect(sqrtPriceX96ForUsd(60_600, USDC_FIRST)).toBeLessThan(sqrtPriceX96ForUsd(60_000, USDC_FIRST))
})

test('rounds the price to the quote token\'s base unit (1e-6 USD for USDC) before taking the root', () => {
  expect(sqrtPriceX96ForUsd(60_000.0000004, WBTC_FIRST)).toBe(sqrtPriceX96ForUsd(60_000, WBTC_FIRST))
  expect(sqrtPriceX96ForUsd(60_000.000001, WBTC_FIRST)).toBeGreaterThan(sqrtPriceX96ForUsd(60_000, WBTC_FIRST))
})

test('refuses prices that are not positive finite numbers or that no v3 pool can hold', () => {
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e16]) {
    expect(() => sqrtPriceX96ForUsd(bad, WBTC_FIRST), String(bad)).toThrow(OptvaultError)
  }
  expect(() => sqrtPriceX96ForUsd(1e-7, WBTC_FIRST)).toThrow(/rounds to zero/)
  // a raw price of 1e44 (1e14 USD in 30-decimal quote units per base unit) is beyond the highest a pool holds,
  // (MAX_SQRT_RATIO / 2^96)^2 ~ 3.4e38 (TickMath.sol)
  expect(() => sqrtPriceX96ForUsd(1e14, { baseIsToken0: true, baseDecimals: 0, quoteDecimals: 30 })).toThrow(/range a Uniswap v3 pool can hold/)
})
