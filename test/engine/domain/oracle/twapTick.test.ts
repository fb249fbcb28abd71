import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { Price, TickMath, tickToPrice as sdkTickToPrice, Token } from '../../../../engine/domain/uniswapSdk.ts'
import { arithmeticMeanTick, tickToOraclePrice, tickToPrice } from '../../../../engine/domain/oracle/twapTick.ts'
import { oraclePriceNumber } from '../../../../engine/domain/oracle/oraclePrice.ts'

describe('arithmeticMeanTick', () => {
  test('rounds toward negative infinity like OracleLibrary.consult', () => {
    expect(arithmeticMeanTick(0n, 600n, 60)).toBe(10)
    expect(arithmeticMeanTick(0n, 601n, 60)).toBe(10)
    expect(arithmeticMeanTick(0n, -600n, 60)).toBe(-10)
    expect(arithmeticMeanTick(0n, -601n, 60)).toBe(-11) // -10.0167 -> -11, not -10
    expect(arithmeticMeanTick(-1_000n, -400n, 60)).toBe(10)
  })

  test('property: equals Math.floor of the exact quotient for cumulatives of any realistic size', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 50n), max: 2n ** 50n }), fc.integer({ min: -887_272, max: 887_272 }), fc.integer({ min: 1, max: 86_400 }), (c0, tick, w) => {
      const c1 = c0 + BigInt(tick) * BigInt(w) + BigInt(w - 1) // any remainder below one window
      expect(arithmeticMeanTick(c0, c1, w)).toBe(tick)
      expect(arithmeticMeanTick(c1, c0, w)).toBe(Math.floor(-(tick * w + w - 1) / w))
    }))
  })

  test('a zero or fractional window is a bug, not a price', () => {
    expect(() => arithmeticMeanTick(0n, 1n, 0)).toThrow(/windowSec/)
    expect(() => arithmeticMeanTick(0n, 1n, 1.5)).toThrow(/windowSec/)
  })
})

describe('tick to price', () => {
  // Reference: @uniswap/v3-sdk tickToPrice over the mainnet WBTC(8)/USDC(6) pair; WBTC's address sorts first.
  const WBTC = new Token(1, '0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599', 8, 'WBTC')
  const USDC = new Token(1, '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', 6, 'USDC')

  test('float and exact integer prices agree with the v3-sdk at ticks across the whole range', () => {
    for (const tick of [-800_000, -250_000, -1, 0, 1, 64_150, 250_000, 800_000]) {
      const sdk: Price<Token, Token> = sdkTickToPrice(WBTC, USDC, tick)
      const sdkNum = Number(sdk.toSignificant(15))
      expect(Math.abs(tickToPrice(tick, 8, 6) / sdkNum - 1)).toBeLessThan(1e-9)
      // 18 decimals carry 9+ significant digits only for prices above 1e-9 (tick -800 000 is ~2e-33 USDC per WBTC).
      if (sdkNum < 1e-9) continue
      const exact = tickToOraclePrice(tick, true, 8, 6, 'twap', 0)
      expect(Math.abs(oraclePriceNumber(exact) / sdkNum - 1)).toBeLessThan(1e-9)
    }
  })

  test('base as token1 inverts: USDC(6) token0, WBTC(8) token1 at tick -64 150 is the same ~61 000 USDC per WBTC', () => {
    const asToken0 = oraclePriceNumber(tickToOraclePrice(64_150, true, 8, 6, 't', 0))
    const asToken1 = oraclePriceNumber(tickToOraclePrice(-64_150, false, 8, 6, 't', 0))
    expect(Math.abs(asToken1 / asToken0 - 1)).toBeLessThan(1e-12)
    expect(asToken0).toBeGreaterThan(61_000)
    expect(asToken0).toBeLessThan(61_100)
  })

  test('tick 0 with equal decimals is exactly 1e18 (18-decimal answer); outside MIN/MAX_TICK is refused', () => {
    expect(tickToOraclePrice(0, true, 18, 18, 't', 0).answer).toBe(10n ** 18n)
    expect(() => tickToOraclePrice(TickMath.MAX_TICK + 1, true, 8, 6, 't', 0)).toThrow(/tick/)
  })
})
